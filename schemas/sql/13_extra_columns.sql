-- Columns a landlord added beyond the form's (issue 13): kept whole, under their own header.
ALTER TABLE responses ADD COLUMN IF NOT EXISTS extra_columns JSON;
COMMENT ON COLUMN responses.extra_columns IS 'Columns printed beyond the form''s ("Action / owner / target date", "RAG", "Lead officer"), as JSON {header: cell text}; NULL when the form had none.';
