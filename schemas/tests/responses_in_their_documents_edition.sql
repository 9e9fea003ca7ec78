-- A response belongs to its document's edition.
SELECT r.doc_id, r.row_no, r.code_version, d.code_version AS document_edition
FROM responses r JOIN documents d USING (doc_id)
WHERE r.code_version IS DISTINCT FROM d.code_version
