"""Reading the database: query, compare, landlord, search, export, dictionary, report.
Every module here opens the database read-only and writes only its own output."""
