-- Layer 1: human review that survives re-runs (pipeline/ingest/corrections.py).
-- data/raw/corrections.csv holds one decision per line; every chc extract re-applies all of them
-- after loading, to re-read documents and unchanged ones alike.

CREATE TABLE IF NOT EXISTS corrections (
    line       INTEGER NOT NULL,
    document   VARCHAR NOT NULL,
    "row"      VARCHAR NOT NULL,
    provision  VARCHAR,
    field      VARCHAR NOT NULL,
    value      VARCHAR,
    reason     VARCHAR,
    decided_by VARCHAR,
    decided_at VARCHAR
);
COMMENT ON TABLE corrections IS 'The review decisions of data/raw/corrections.csv as last loaded, one per line of the file.';
COMMENT ON COLUMN corrections.line IS 'Line of corrections.csv (the header is line 1).';
COMMENT ON COLUMN corrections.document IS 'The document decided on: its sha256 (or a prefix of at least 8 characters) or a file name it was read under.';
COMMENT ON COLUMN corrections."row" IS 'The row: its printed provision number ("6.3"), or "row N" (responses.row_no).';
COMMENT ON COLUMN corrections.provision IS 'With "row N": the provision the row was aligned to when the decision was made; the decision applies only while it still is.';
COMMENT ON COLUMN corrections.field IS 'provision_id, comply, evidence or commentary (set to value); accept (checked, nothing to change); not_a_row (the row is no provision row: it is left unaligned); missing_row (a row chc did not read: row names its provision, value holds its text); code_version (the edition the document is aligned to; row left empty).';
COMMENT ON COLUMN corrections.value IS 'The new value (a provision id, a claim such as partial, text, or an edition 2022 / 2024); empty for accept and not_a_row.';
COMMENT ON COLUMN corrections.reason IS 'Why, in the reviewer''s words.';
COMMENT ON COLUMN corrections.decided_by IS 'Who decided.';
COMMENT ON COLUMN corrections.decided_at IS 'When (as written in the file, normally YYYY-MM-DD).';

CREATE TABLE IF NOT EXISTS response_corrections (
    doc_id     VARCHAR NOT NULL,
    row_no     INTEGER NOT NULL,
    field      VARCHAR NOT NULL,
    original   VARCHAR,
    corrected  VARCHAR,
    line       INTEGER NOT NULL,
    reason     VARCHAR,
    decided_by VARCHAR,
    decided_at VARCHAR
);
COMMENT ON TABLE response_corrections IS 'Every decision applied to a response row: responses holds the corrected value (so every view counts it) and this table the value chc extracted beside it. accept decisions are recorded with original = corrected.';
COMMENT ON COLUMN response_corrections.doc_id IS 'The document (responses.doc_id).';
COMMENT ON COLUMN response_corrections.row_no IS 'The row (responses.row_no).';
COMMENT ON COLUMN response_corrections.field IS 'The responses column changed (provision_id, comply, evidence, commentary), or accept / not_a_row / missing_row (a row the reviewer added; original is empty).';
COMMENT ON COLUMN response_corrections.original IS 'The value chc extracted, before the decision.';
COMMENT ON COLUMN response_corrections.corrected IS 'The value the decision set (what responses now holds).';
COMMENT ON COLUMN response_corrections.line IS 'The decision''s line in corrections.csv.';
COMMENT ON COLUMN response_corrections.reason IS 'The decision''s reason.';
COMMENT ON COLUMN response_corrections.decided_by IS 'Who decided.';
COMMENT ON COLUMN response_corrections.decided_at IS 'When.';
