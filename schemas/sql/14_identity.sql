-- Layer 1: one identity per landlord across documents and years (pipeline/ingest/landlords.py).
-- Reloaded from data/raw/landlords.csv on every chc extract, whether or not documents were re-read.

CREATE TABLE IF NOT EXISTS landlords (
    landlord_id      VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    landlord_type    VARCHAR,
    rsh_registration VARCHAR,
    la_code          VARCHAR,
    companies_house  VARCHAR,
    in_register      BOOLEAN NOT NULL
);
COMMENT ON TABLE landlords IS 'One row per landlord: the register (data/raw/landlords.csv) plus an id derived from the name for every landlord a document names that the register does not hold yet. landlord_id stays the same across reporting years.';
COMMENT ON COLUMN landlords.landlord_id IS 'Stable landlord id: from the register, else derived from the name (lower-case words joined by hyphens).';
COMMENT ON COLUMN landlords.name IS 'The landlord''s name as the register gives it (or as the document printed it, for a landlord not in the register).';
COMMENT ON COLUMN landlords.landlord_type IS 'council or housing association, from the register; NULL when not recorded.';
COMMENT ON COLUMN landlords.rsh_registration IS 'Regulator of Social Housing registration number, from the register; NULL when not recorded.';
COMMENT ON COLUMN landlords.la_code IS 'Local-authority (ONS GSS) code, from the register; NULL when not recorded.';
COMMENT ON COLUMN landlords.companies_house IS 'Companies House number, from the register; NULL when not recorded.';
COMMENT ON COLUMN landlords.in_register IS 'True for a landlord of the register; false for an id chc derived from a name the register lacks.';

CREATE TABLE IF NOT EXISTS landlord_names (
    landlord_id VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL
);
COMMENT ON TABLE landlord_names IS 'Every name a landlord of the register is known by: its name, aliases and former names. Documents are matched against all of them.';
COMMENT ON COLUMN landlord_names.landlord_id IS 'The landlord (landlords.landlord_id).';
COMMENT ON COLUMN landlord_names.name IS 'A name the landlord is known by, as the register spells it.';
COMMENT ON COLUMN landlord_names.kind IS 'name, alias or former.';

CREATE TABLE IF NOT EXISTS document_landlords (
    doc_id       VARCHAR PRIMARY KEY,
    landlord_id  VARCHAR NOT NULL,
    match_method VARCHAR NOT NULL,
    match_score  DOUBLE,
    matched_name VARCHAR
);
COMMENT ON TABLE document_landlords IS 'Which landlord each document belongs to, by its manifest or printed name matched against the register''s names and aliases. Documents with no known name are not linked.';
COMMENT ON COLUMN document_landlords.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN document_landlords.landlord_id IS 'The landlord (landlords.landlord_id).';
COMMENT ON COLUMN document_landlords.match_method IS 'register (the name or an alias, exactly after normalising), fuzzy (a close spelling), weak (linked on a weaker match and listed in problems for review), new (not in the register: an id derived from the name).';
COMMENT ON COLUMN document_landlords.match_score IS 'rapidfuzz token-sort similarity of the document''s name to the matched register name, 0-1; 1 for an exact match, NULL for a new id.';
COMMENT ON COLUMN document_landlords.matched_name IS 'The register name or alias the document''s name matched; NULL for a new id.';
