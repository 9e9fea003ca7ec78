-- The database records the schema version it was written with.
SELECT '_chc.meta has no schema_version' AS problem
WHERE NOT EXISTS (SELECT 1 FROM _chc.meta WHERE key = 'schema_version')
