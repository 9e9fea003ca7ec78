-- Layer 3: self-assessments published in several files (one web page per Code section) counted
-- as one.  documents.assessment_id groups the files (the manifest's assessment column, else the
-- document's own doc_id), so a single-file assessment is a group of one; the per-file views
-- (assessments, coverage) stay as they are, for inspecting each file.

CREATE OR REPLACE VIEW self_assessments AS
SELECT
    coalesce(d.assessment_id, d.doc_id)                        AS assessment_id,
    max(d.landlord)                                            AS landlord,
    coalesce(max(d.landlord), 'unnamed (' || min(d.file_name) || ')') AS landlord_label,
    max(d.landlord_type)                                       AS landlord_type,
    mode(d.code_version)                                       AS code_version,
    count(DISTINCT d.code_version)                             AS editions,
    max(d.assessed_period)                                     AS assessed_period,
    count(*)                                                   AS files,
    list(d.doc_id ORDER BY d.file_name)                        AS doc_ids,
    list(d.file_name ORDER BY d.file_name)                     AS file_names,
    sum(d.rows)                                                AS rows
FROM documents d
WHERE d.rows > 0 AND d.code_version IS NOT NULL
GROUP BY 1;
COMMENT ON VIEW self_assessments IS 'One row per self-assessment, however many files it was published in (documents grouped by assessment_id).';
COMMENT ON COLUMN self_assessments.assessment_id IS 'documents.assessment_id: the manifest''s assessment label, or the doc_id of a single-file assessment.';
COMMENT ON COLUMN self_assessments.landlord IS 'Landlord name as loaded; NULL when unknown.';
COMMENT ON COLUMN self_assessments.landlord_label IS 'Landlord name, or "unnamed (first file name)".';
COMMENT ON COLUMN self_assessments.landlord_type IS 'council or housing association; NULL when not recorded.';
COMMENT ON COLUMN self_assessments.code_version IS 'Edition most of its files answer (2022 or 2024).';
COMMENT ON COLUMN self_assessments.editions IS 'How many editions its files were read as: more than 1 means a part was read as the other edition; check it.';
COMMENT ON COLUMN self_assessments.assessed_period IS 'Period assessed, from the manifest; NULL when unknown.';
COMMENT ON COLUMN self_assessments.files IS 'Files (documents) the assessment was published in.';
COMMENT ON COLUMN self_assessments.doc_ids IS 'Its documents, by file name.';
COMMENT ON COLUMN self_assessments.file_names IS 'Their file names.';
COMMENT ON COLUMN self_assessments.rows IS 'Provision rows loaded from all its files.';

CREATE OR REPLACE VIEW assessment_coverage AS
WITH answered AS (
    SELECT DISTINCT coalesce(d.assessment_id, d.doc_id) AS assessment_id, p.code_version, p.provision_id,
           p.section_number
    FROM responses r
    JOIN documents d USING (doc_id)
    JOIN provisions p ON p.code_version = r.code_version AND p.provision_id = r.provision_id AND p.in_self_assessment
)
, counted AS (
    SELECT
        s.assessment_id,
        s.landlord_label,
        s.code_version,
        s.files,
        (SELECT count(*) FROM provisions p WHERE p.code_version = s.code_version AND p.in_self_assessment) AS form_rows,
        (SELECT count(*) FROM answered a WHERE a.assessment_id = s.assessment_id AND a.code_version = s.code_version) AS answered
    FROM self_assessments s
)
SELECT
    s.assessment_id,
    s.landlord_label,
    s.code_version,
    s.files,
    s.form_rows,
    s.answered,
    s.form_rows - s.answered AS omitted,
    coalesce((SELECT list_sort(list_distinct(list(p.section_number))) FROM provisions p
     WHERE p.code_version = s.code_version AND p.in_self_assessment
       AND p.section_number NOT IN (SELECT a.section_number FROM answered a
                                    WHERE a.assessment_id = s.assessment_id AND a.code_version = s.code_version)),
             []) AS sections_missing
FROM counted s;
COMMENT ON VIEW assessment_coverage IS 'Coverage per self-assessment over all its files: how many of its edition''s form rows any of its files answers, and which sections none does.';
COMMENT ON COLUMN assessment_coverage.assessment_id IS 'The self-assessment (self_assessments.assessment_id).';
COMMENT ON COLUMN assessment_coverage.landlord_label IS 'Landlord name, or "unnamed (file name)".';
COMMENT ON COLUMN assessment_coverage.code_version IS 'Edition of the assessment.';
COMMENT ON COLUMN assessment_coverage.files IS 'Files it was published in.';
COMMENT ON COLUMN assessment_coverage.form_rows IS 'Rows of that edition''s self-assessment form (72).';
COMMENT ON COLUMN assessment_coverage.answered IS 'Form rows answered in at least one of its files.';
COMMENT ON COLUMN assessment_coverage.omitted IS 'Form rows answered in none.';
COMMENT ON COLUMN assessment_coverage.sections_missing IS 'Sections of the form with no answered row in any file (empty when every section is there).';
