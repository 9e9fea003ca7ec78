-- Every claim is one of the vocabulary (schemas/claims.csv, loaded as the claims table).
SELECT r.doc_id, r.row_no, r.comply
FROM responses r
WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.value = r.comply)
