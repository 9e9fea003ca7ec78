"""The database: connection, schema, and the loader that writes DocumentResults."""
