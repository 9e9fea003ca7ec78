-- Layer 1 (continued): chc's own vocabulary and settings, reloaded by pipeline/db/loader.py on
-- every run from their one home (schemas/claims.csv; pipeline/core/thresholds.py), and the
-- schema version (pipeline/db/schema.py).

CREATE TABLE IF NOT EXISTS chc_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
COMMENT ON TABLE chc_meta IS 'Facts about the database itself. schema_version: the version of this schema the database was written with; chc migrates an older database where it can and refuses one it cannot (rebuild it: make clean extract).';
COMMENT ON COLUMN chc_meta.key IS 'What the fact is: schema_version.';
COMMENT ON COLUMN chc_meta.value IS 'Its value, as text.';
