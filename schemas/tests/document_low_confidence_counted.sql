-- documents.low_confidence counts the rows aligned with a match_score below low_confidence().
SELECT d.doc_id, d.low_confidence, count(r.row_no) FILTER (WHERE r.match_score < low_confidence()) AS counted
FROM documents d LEFT JOIN responses r USING (doc_id)
GROUP BY d.doc_id, d.low_confidence
HAVING d.low_confidence <> count(r.row_no) FILTER (WHERE r.match_score < low_confidence())
