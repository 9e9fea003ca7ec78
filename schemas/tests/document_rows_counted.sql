-- documents.rows is the number of responses loaded for the document.
SELECT d.doc_id, d.rows, count(r.row_no) AS responses
FROM documents d LEFT JOIN responses r USING (doc_id)
GROUP BY d.doc_id, d.rows
HAVING d.rows <> count(r.row_no)
