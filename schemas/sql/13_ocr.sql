-- Layer 1 (after the tables): what OCR read on scanned pages.

ALTER TABLE responses ADD COLUMN IF NOT EXISTS ocr_confidence DOUBLE;
ALTER TABLE responses ADD COLUMN IF NOT EXISTS claim_confidence DOUBLE;
COMMENT ON COLUMN responses.ocr_confidence IS 'Rows read by OCR from a scanned page: mean Tesseract word confidence of the row''s words, 0-1; NULL for rows read from a text layer.';
COMMENT ON COLUMN responses.claim_confidence IS 'Rows read by OCR: the lowest Tesseract word confidence among the words of the comply cell, 0-1; NULL when the row was not OCRed or no claim word was found.';

ALTER TABLE documents ADD COLUMN IF NOT EXISTS ocr_pages INTEGER[];
COMMENT ON COLUMN documents.ocr_pages IS 'Pages (1-based) whose words were read by OCR because they had no usable text layer; NULL when no page was OCRed.';

CREATE OR REPLACE MACRO low_ocr_confidence() AS (SELECT value FROM _chc.settings WHERE name = 'low_ocr_confidence');
COMMENT ON MACRO low_ocr_confidence IS 'The claim_confidence below which an OCRed claim is read again from its cell alone and, if still below, listed in claims_to_check (claim_read_uncertain); set in pipeline/core/thresholds.py.';
