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
COMMENT ON COLUMN responses_2024.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN responses_2024.row_no IS 'The response (responses.row_no).';
COMMENT ON COLUMN responses_2024.landlord IS 'Landlord name as loaded; NULL when unknown.';
COMMENT ON COLUMN responses_2024.code_version IS 'Edition the document answered: 2022 or 2024.';
COMMENT ON COLUMN responses_2024.provision_id IS 'Provision answered, in the document''s own edition.';
COMMENT ON COLUMN responses_2024.provision_2024 IS 'The 2024 provision it is carried to (response_links.provision_2024): the same number for a 2024 document.';
COMMENT ON COLUMN responses_2024.relation IS 'Crosswalk relation from provision_id to provision_2024: same, reworded, strengthened (should->must), split or merged.';
COMMENT ON COLUMN responses_2024.comply IS 'Normalised claim: yes, no, partial, in_progress, not_applicable or not_stated.';
COMMENT ON COLUMN responses_2024.evidence IS 'Evidence cell as read.';
COMMENT ON COLUMN responses_2024.commentary IS 'Commentary cell as read.';
COMMENT ON COLUMN document_summary.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN document_summary.file_name IS 'File name the document was first read under.';
COMMENT ON COLUMN document_summary.landlord IS 'Landlord name as loaded; NULL when unknown.';
COMMENT ON COLUMN document_summary.code_version IS 'Edition of the Code it answers; NULL when it could not be read.';
COMMENT ON COLUMN document_summary.status IS 'documents.status: loaded, partial or failed.';
COMMENT ON COLUMN document_summary.rows IS 'Provision rows loaded.';
COMMENT ON COLUMN document_summary.low_confidence IS 'Rows aligned with low confidence (documents.low_confidence).';
COMMENT ON COLUMN document_summary.yes IS 'Rows claiming yes.';
COMMENT ON COLUMN document_summary.no IS 'Rows claiming no.';
COMMENT ON COLUMN document_summary.partial IS 'Rows claiming partial compliance.';
COMMENT ON COLUMN document_summary.in_progress IS 'Rows saying the work is in progress.';
COMMENT ON COLUMN document_summary.not_applicable IS 'Rows claiming the provision does not apply.';
COMMENT ON COLUMN document_summary.not_stated IS 'Rows with no readable claim (blank or unreadable claim cell).';
COMMENT ON COLUMN document_summary.corrected_numbers IS 'Rows whose printed provision number was repaired from the requirement text.';
COMMENT ON COLUMN document_summary.unaligned IS 'Rows that could not be aligned to a provision.';
