-- Layer 1, continued: what intake knows of a document beyond its bytes (pipeline/ingest).
-- Added columns, so that a database made by an earlier chc gains them on the next run.

ALTER TABLE documents ADD COLUMN IF NOT EXISTS assessment_id VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS converted_format VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS code_version_read VARCHAR;
COMMENT ON COLUMN documents.assessment_id IS 'The self-assessment this file is part of: the manifest''s assessment label when one self-assessment is published in several files (one web page per section), else the doc_id. Views that count self-assessments count assessment_ids.';
COMMENT ON COLUMN documents.converted_format IS 'Format the file was converted to before reading (LibreOffice: doc, odt, rtf -> docx; xls, ods -> xlsx); NULL when read as it is. format keeps the original format.';
COMMENT ON COLUMN documents.code_version_read IS 'The edition chc read from the document itself. code_version differs from it only when a review decision (corrections.csv, field code_version) set the edition; the rows are then aligned to code_version.';
