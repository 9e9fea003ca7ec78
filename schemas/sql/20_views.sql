-- Layer 2: cleaning views over the loaded tables.

CREATE OR REPLACE VIEW responses_2024 AS
SELECT
    r.doc_id,
    r.row_no,
    d.landlord,
    r.code_version,
    r.provision_id,
    l.provision_2024,
    l.relation,
    r.comply,
    r.evidence,
    r.commentary
FROM responses r
JOIN documents d USING (doc_id)
JOIN response_links l USING (doc_id, row_no);
COMMENT ON VIEW responses_2024 IS 'Every aligned response carried into 2024 numbering through the crosswalk (one row per 2024 counterpart), so answers to either edition can be compared provision by provision.';

CREATE OR REPLACE VIEW document_summary AS
SELECT
    d.doc_id,
    d.file_name,
    d.landlord,
    d.code_version,
    d.status,
    d.rows,
    d.low_confidence,
    count(*) FILTER (WHERE r.comply = 'yes')            AS yes,
    count(*) FILTER (WHERE r.comply = 'no')             AS no,
    count(*) FILTER (WHERE r.comply = 'partial')        AS partial,
    count(*) FILTER (WHERE r.comply = 'in_progress')    AS in_progress,
    count(*) FILTER (WHERE r.comply = 'not_applicable') AS not_applicable,
    count(*) FILTER (WHERE r.comply = 'not_stated')     AS not_stated,
    count(*) FILTER (WHERE r.id_corrected)              AS corrected_numbers,
    count(*) FILTER (WHERE r.provision_id IS NULL)      AS unaligned
FROM documents d
LEFT JOIN responses r USING (doc_id)
GROUP BY ALL;
COMMENT ON VIEW document_summary IS 'One line per document: status, rows, and how its compliance claims split.';
