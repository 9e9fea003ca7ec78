-- Layer 3: search across evidence and commentary.  `chc search` ranks with DuckDB's fts
-- extension when it can be loaded and falls back to this plain scan otherwise (and says which).

CREATE OR REPLACE VIEW search_corpus AS
SELECT r.doc_id, r.row_no, a.landlord_label, a.code_version, r.provision_id, r.comply, f.field, f.text
FROM responses r
JOIN assessments a USING (doc_id)
CROSS JOIN LATERAL (VALUES ('evidence', r.evidence), ('commentary', r.commentary)) AS f(field, text)
WHERE coalesce(trim(f.text), '') <> '';
COMMENT ON VIEW search_corpus IS 'Every non-empty evidence and commentary cell, one row per cell, with who said it and about which provision: what search runs over.';
COMMENT ON COLUMN search_corpus.doc_id IS 'The document.';
COMMENT ON COLUMN search_corpus.row_no IS 'The response.';
COMMENT ON COLUMN search_corpus.landlord_label IS 'Landlord name, or "unnamed (file name)".';
COMMENT ON COLUMN search_corpus.code_version IS 'Edition the document answered.';
COMMENT ON COLUMN search_corpus.provision_id IS 'Provision answered (document''s edition); NULL when unaligned.';
COMMENT ON COLUMN search_corpus.comply IS 'The claim made in that response.';
COMMENT ON COLUMN search_corpus.field IS 'evidence or commentary.';
COMMENT ON COLUMN search_corpus.text IS 'The cell''s text.';

CREATE OR REPLACE MACRO search_text(q) AS TABLE
WITH terms AS (
    SELECT list_filter(regexp_split_to_array(lower(trim(q)), '[^a-z0-9]+'), lambda t: t <> '') AS terms
)
SELECT c.*,
       list_sum(list_transform(terms, lambda t: len(string_split(lower(c.text), t)) - 1)) AS hits
FROM search_corpus c, terms
WHERE len(terms) > 0 AND list_bool_and(list_transform(terms, lambda t: contains(lower(c.text), t)))
ORDER BY hits DESC, c.doc_id, c.row_no, c.field;
COMMENT ON MACRO TABLE search_text IS 'search_text(q): plain scan of search_corpus for cells containing every word of q (case-insensitive, words split on anything but letters and digits), most occurrences first; hits counts them. Example: SELECT landlord_label, provision_id, text FROM search_text(''scrutiny panel'').';
