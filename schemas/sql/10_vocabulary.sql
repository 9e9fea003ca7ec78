-- Layer 1 (continued): chc's own vocabulary, settings and schema version, kept in the private
-- schema _chc (they ship with chc; `chc export` publishes data, not these) and reloaded by
-- pipeline/db/loader.py on every run from their one home each: schemas/claims.csv,
-- pipeline/core/thresholds.py, pipeline/db/schema.py.  Public: the claims view and the macros.

CREATE SCHEMA IF NOT EXISTS _chc;

CREATE TABLE IF NOT EXISTS _chc.meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
COMMENT ON TABLE _chc.meta IS 'Facts about the database itself. schema_version: the version of the schema the database was written with; chc migrates an older database where it can and refuses one it cannot (rebuild it: make clean extract).';
COMMENT ON COLUMN _chc.meta.key IS 'What the fact is: schema_version.';
COMMENT ON COLUMN _chc.meta.value IS 'Its value, as text.';

CREATE TABLE IF NOT EXISTS _chc.claims (
    value       VARCHAR PRIMARY KEY,
    rank        INTEGER NOT NULL,
    shown       INTEGER NOT NULL,
    label       VARCHAR NOT NULL,
    colour      VARCHAR NOT NULL,
    description VARCHAR NOT NULL
);
COMMENT ON TABLE _chc.claims IS 'The claim vocabulary, from schemas/claims.csv; read through the claims view.';

CREATE TABLE IF NOT EXISTS _chc.settings (
    name        VARCHAR PRIMARY KEY,
    value       DOUBLE NOT NULL,
    description VARCHAR NOT NULL
);
COMMENT ON TABLE _chc.settings IS 'Thresholds the pipeline and the views share, written by the loader from pipeline/core/thresholds.py; read with low_confidence() and low_specificity().';

CREATE OR REPLACE VIEW claims AS SELECT value, rank, shown, label, colour, description FROM _chc.claims;
COMMENT ON VIEW claims IS 'The compliance claims responses.comply takes, from schemas/claims.csv (their one home): claim_rank(), the report and the notebooks read them from here.';
COMMENT ON COLUMN claims.value IS 'The claim as stored in responses.comply: no, not_stated, in_progress, partial, not_applicable, yes.';
COMMENT ON COLUMN claims.rank IS 'Order from least (0) to most compliant: where several answers meet in one cell, the least compliant is shown (claim_rank()).';
COMMENT ON COLUMN claims.shown IS 'Position when the claims are listed (yes first), in tables, bars and legends.';
COMMENT ON COLUMN claims.label IS 'The claim in words, for tables and charts.';
COMMENT ON COLUMN claims.colour IS 'Colour (hex) the report and the notebooks draw the claim in.';
COMMENT ON COLUMN claims.description IS 'What the claim means.';

CREATE OR REPLACE MACRO low_confidence() AS (SELECT value FROM _chc.settings WHERE name = 'low_confidence');
COMMENT ON MACRO low_confidence IS 'The match_score below which an aligned row counts as low confidence (set in pipeline/core/thresholds.py).';

CREATE OR REPLACE MACRO low_specificity() AS (SELECT value FROM _chc.settings WHERE name = 'low_specificity');
COMMENT ON MACRO low_specificity IS 'The evidence specificity below which a yes counts as resting on unspecific evidence (claims_to_check, the report, the notebooks; set in pipeline/core/thresholds.py).';

CREATE OR REPLACE MACRO claim_rank(claim) AS (SELECT c.rank FROM _chc.claims c WHERE c.value = claim);
COMMENT ON MACRO claim_rank IS 'Order of compliance claims from least to most compliant (claims.rank: no 0 ... yes 5). Where several answers meet in one cell the least compliant is shown.';
