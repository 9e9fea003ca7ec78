-- Layer 3: the questions asked per self-assessment, counted per assessment however many files it
-- was published in (nine section pages are one assessment, not nine), and grouped by landlord_id
-- (two spellings of one landlord's name are one landlord).  The per-file views (assessments,
-- coverage, compliance_matrix, claims_to_check, ...) stay as they are for inspecting each file;
-- assessment_files says which assessment and landlord each file belongs to.  The report and
-- `chc landlord` read these views, so each count is defined once, here.

CREATE OR REPLACE VIEW assessment_files AS
SELECT
    f.assessment_id,
    f.landlord_key,
    f.landlord_id,
    f.landlord_label,
    c.doc_id,
    c.file_name,
    c.code_version,
    a.assessed_period,
    a.source_url,
    a.rows,
    c.form_rows,
    c.answered,
    c.omitted,
    c.unaligned,
    c.answered_twice,
    c.low_confidence
FROM coverage c
JOIN assessments a USING (doc_id)
JOIN int.document_landlord f USING (doc_id);
COMMENT ON VIEW assessment_files IS 'One row per file (document) compared: the self-assessment it is part of, the landlord that assessment belongs to, and the file''s own coverage, so the files of a multi-file assessment stay inspectable one by one.';
COMMENT ON COLUMN assessment_files.assessment_id IS 'The self-assessment (self_assessments.assessment_id).';
COMMENT ON COLUMN assessment_files.landlord_key IS 'The landlord the report and chc landlord group by: landlord_id, else "name:" and the lower-cased name, else "unnamed:" and the assessment_id (an unnamed assessment is a landlord of its own).';
COMMENT ON COLUMN assessment_files.landlord_id IS 'The landlord (landlords.landlord_id, the same across spellings and years); NULL when no file of the assessment names its landlord.';
COMMENT ON COLUMN assessment_files.landlord_label IS 'The landlord''s register name (else the name as loaded, else "unnamed (first file name)"): one label per landlord_key.';
COMMENT ON COLUMN assessment_files.doc_id IS 'The file (documents.doc_id).';
COMMENT ON COLUMN assessment_files.file_name IS 'File name the document was first read under.';
COMMENT ON COLUMN assessment_files.code_version IS 'Edition this file answers.';
COMMENT ON COLUMN assessment_files.assessed_period IS 'Period assessed, from the manifest; NULL when unknown.';
COMMENT ON COLUMN assessment_files.source_url IS 'Where the file was downloaded from; NULL when unknown.';
COMMENT ON COLUMN assessment_files.rows IS 'Provision rows loaded from this file.';
COMMENT ON COLUMN assessment_files.form_rows IS 'Rows of its edition''s self-assessment form (coverage.form_rows).';
COMMENT ON COLUMN assessment_files.answered IS 'Form rows this file answers (coverage.answered).';
COMMENT ON COLUMN assessment_files.omitted IS 'Form rows this file does not answer (coverage.omitted; another file of the assessment may).';
COMMENT ON COLUMN assessment_files.unaligned IS 'Rows of this file that could not be aligned (coverage.unaligned).';
COMMENT ON COLUMN assessment_files.answered_twice IS 'Provisions this file answers more than once (coverage.answered_twice).';
COMMENT ON COLUMN assessment_files.low_confidence IS 'Rows of this file aligned with low confidence (coverage.low_confidence).';

CREATE OR REPLACE VIEW assessment_counts AS
WITH checks AS (
    SELECT f.assessment_id,
           count(*) FILTER (WHERE k.reason = 'no_claim') AS no_claim,
           count(DISTINCT k.doc_id || ':' || k.row_no) AS to_check,
           count(*) AS to_check_reasons
    FROM claims_to_check k
    JOIN int.document_landlord f USING (doc_id)
    GROUP BY f.assessment_id
),
promised AS (
    SELECT f.assessment_id, count(*) AS commitments
    FROM commitments m
    JOIN int.document_landlord f USING (doc_id)
    GROUP BY f.assessment_id
),
dropped AS (
    SELECT f.assessment_id, count(DISTINCT m.provision_id) AS answered_dropped
    FROM compliance_matrix_own m
    JOIN int.document_landlord f USING (doc_id)
    WHERE m.cell = 'answered' AND m.provision_2024 IS NULL
    GROUP BY f.assessment_id
),
files AS (
    SELECT assessment_id, sum(unaligned) AS unaligned
    FROM assessment_files
    GROUP BY assessment_id
)
SELECT
    s.assessment_id,
    l.landlord_key,
    l.landlord_id,
    l.landlord_label,
    s.landlord_type,
    s.code_version,
    s.assessed_period,
    s.files,
    s.doc_ids,
    s.file_names,
    s.rows,
    c.form_rows,
    c.answered,
    c.omitted,
    c.sections_missing,
    coalesce(f.unaligned, 0) AS unaligned,
    coalesce(k.no_claim, 0) AS no_claim,
    coalesce(k.to_check, 0) AS to_check,
    coalesce(k.to_check_reasons, 0) AS to_check_reasons,
    coalesce(m.commitments, 0) AS commitments,
    coalesce(x.answered_dropped, 0) AS answered_dropped
FROM self_assessments s
JOIN assessment_coverage c USING (assessment_id)
JOIN int.assessment_landlord l USING (assessment_id)
LEFT JOIN files f USING (assessment_id)
LEFT JOIN checks k USING (assessment_id)
LEFT JOIN promised m USING (assessment_id)
LEFT JOIN dropped x USING (assessment_id);
COMMENT ON VIEW assessment_counts IS 'The counts shown for each self-assessment, over all the files it was published in, each defined once here (the report''s overview and landlord pages and chc landlord read this view).';
COMMENT ON COLUMN assessment_counts.assessment_id IS 'The self-assessment (self_assessments.assessment_id; the doc_id of a single-file one).';
COMMENT ON COLUMN assessment_counts.landlord_key IS 'The landlord it is grouped under (assessment_files.landlord_key).';
COMMENT ON COLUMN assessment_counts.landlord_id IS 'The landlord (landlords.landlord_id); NULL when unknown.';
COMMENT ON COLUMN assessment_counts.landlord_label IS 'The landlord''s register name, else the name as loaded, else "unnamed (first file name)".';
COMMENT ON COLUMN assessment_counts.landlord_type IS 'council or housing association; NULL when not recorded.';
COMMENT ON COLUMN assessment_counts.code_version IS 'Edition most of its files answer (self_assessments.code_version).';
COMMENT ON COLUMN assessment_counts.assessed_period IS 'Period assessed, from the manifest; NULL when unknown.';
COMMENT ON COLUMN assessment_counts.files IS 'Files it was published in.';
COMMENT ON COLUMN assessment_counts.doc_ids IS 'Its documents, by file name.';
COMMENT ON COLUMN assessment_counts.file_names IS 'Their file names.';
COMMENT ON COLUMN assessment_counts.rows IS 'Provision rows loaded from all its files.';
COMMENT ON COLUMN assessment_counts.form_rows IS 'Rows of its edition''s self-assessment form (assessment_coverage.form_rows).';
COMMENT ON COLUMN assessment_counts.answered IS 'Form rows answered in at least one of its files (assessment_coverage.answered), whether or not a claim is given.';
COMMENT ON COLUMN assessment_counts.omitted IS 'Form rows answered in none of its files (assessment_coverage.omitted; listed in assessment_omitted).';
COMMENT ON COLUMN assessment_counts.sections_missing IS 'Sections of the form no file answers (assessment_coverage.sections_missing).';
COMMENT ON COLUMN assessment_counts.unaligned IS 'Rows read but not aligned, over its files (coverage.unaligned).';
COMMENT ON COLUMN assessment_counts.no_claim IS 'Rows aligned to a provision of the form that give no claim (claims_to_check reason no_claim).';
COMMENT ON COLUMN assessment_counts.to_check IS 'Response rows listed in claims_to_check (distinct rows: a row listed for two reasons counts once).';
COMMENT ON COLUMN assessment_counts.to_check_reasons IS 'Rows of claims_to_check (a response once per reason).';
COMMENT ON COLUMN assessment_counts.commitments IS 'Commitments found in its evidence and commentary (rows of commitments).';
COMMENT ON COLUMN assessment_counts.answered_dropped IS 'Provisions answered that the 2024 Code dropped (compliance_matrix_own, provision_2024 NULL): answers that compliance_matrix cannot show.';

CREATE OR REPLACE VIEW assessment_matrix AS
SELECT
    f.assessment_id,
    l.landlord_key,
    l.landlord_label,
    s.code_version,
    m.provision_2024,
    m.section_number,
    m.section_title,
    m.obligation,
    m.sort_order,
    CASE WHEN bool_or(m.cell = 'answered') THEN 'answered' ELSE min(m.cell) END AS cell,
    string_agg(DISTINCT m.answered_as, ', ' ORDER BY m.answered_as) AS answered_as,
    string_agg(DISTINCT m.relation, ', ' ORDER BY m.relation) AS relation,
    arg_min(m.comply, m.claim_rank) FILTER (WHERE m.cell = 'answered') AS comply,
    min(m.claim_rank) AS claim_rank,
    list_sort(list_distinct(flatten(list(m.claims) FILTER (WHERE m.claims IS NOT NULL)))) AS claims,
    sum(m.answers) AS answers,
    count(*) FILTER (WHERE m.cell = 'answered') AS files_answering,
    min(m.specificity) AS specificity,
    bool_or(m.claim_conflict) AS claim_conflict,
    bool_or(m.evidence_present) AS evidence_present,
    string_agg(t.evidence, ' || ' ORDER BY f.file_name) AS evidence
FROM compliance_matrix m
JOIN int.document_landlord f USING (doc_id)
JOIN int.assessment_landlord l USING (assessment_id)
JOIN self_assessments s USING (assessment_id)
LEFT JOIN matrix_text t ON t.doc_id = m.doc_id AND t.provision_2024 = m.provision_2024
GROUP BY f.assessment_id, l.landlord_key, l.landlord_label, s.code_version, m.provision_2024, m.section_number,
         m.section_title, m.obligation, m.sort_order;
COMMENT ON VIEW assessment_matrix IS 'The compliance matrix per self-assessment: one row per assessment and 2024 form provision (72 per assessment, however many files it was published in), the answers of all its files together (compliance_matrix is the same per file).';
COMMENT ON COLUMN assessment_matrix.assessment_id IS 'The self-assessment (self_assessments.assessment_id).';
COMMENT ON COLUMN assessment_matrix.landlord_key IS 'The landlord it is grouped under (assessment_files.landlord_key).';
COMMENT ON COLUMN assessment_matrix.landlord_label IS 'The landlord''s register name, else the name as loaded, else "unnamed (first file name)".';
COMMENT ON COLUMN assessment_matrix.code_version IS 'Edition of the assessment (self_assessments.code_version).';
COMMENT ON COLUMN assessment_matrix.provision_2024 IS 'Provision in 2024 numbering (a row of the 2024 self-assessment form).';
COMMENT ON COLUMN assessment_matrix.section_number IS 'Section of the 2024 Code (1-9).';
COMMENT ON COLUMN assessment_matrix.section_title IS 'Section title in the 2024 Code.';
COMMENT ON COLUMN assessment_matrix.obligation IS 'must, should, may or mixed, of the 2024 provision.';
COMMENT ON COLUMN assessment_matrix.sort_order IS 'Sort key in Code order (provisions.sort_order).';
COMMENT ON COLUMN assessment_matrix.cell IS 'answered when any of its files answers it; otherwise compliance_matrix.cell (not_answered, new_in_2024, not_on_2022_form).';
COMMENT ON COLUMN assessment_matrix.answered_as IS 'Provision number(s) in the assessment''s own edition that answer this cell.';
COMMENT ON COLUMN assessment_matrix.relation IS 'Crosswalk relation from the answering provision(s) to this one.';
COMMENT ON COLUMN assessment_matrix.comply IS 'The claim: the least compliant of the answers in any of its files (see claim_rank); NULL when not answered.';
COMMENT ON COLUMN assessment_matrix.claim_rank IS 'claim_rank(comply): 0 no ... 5 yes; NULL when not answered.';
COMMENT ON COLUMN assessment_matrix.claims IS 'Every distinct claim among the answers.';
COMMENT ON COLUMN assessment_matrix.answers IS 'Response rows answering this cell, over all its files (0 when not answered).';
COMMENT ON COLUMN assessment_matrix.files_answering IS 'How many of its files answer this cell (more than 1: a provision answered on two pages).';
COMMENT ON COLUMN assessment_matrix.specificity IS 'Evidence specificity 0-1, the lowest among the answers; NULL when not answered or not scored.';
COMMENT ON COLUMN assessment_matrix.claim_conflict IS 'True when any answer''s own text contradicts its claim; NULL when not answered or not scored.';
COMMENT ON COLUMN assessment_matrix.evidence_present IS 'True when any answer gives evidence or commentary at all; NULL when not answered.';
COMMENT ON COLUMN assessment_matrix.evidence IS 'Evidence and commentary of the answering rows (matrix_text), its files'' joined by " || " in file name order; NULL when none.';

CREATE OR REPLACE VIEW assessment_omitted AS
SELECT
    s.assessment_id,
    l.landlord_key,
    l.landlord_label,
    s.code_version,
    p.provision_id,
    p.section_number,
    p.form_obligation AS obligation,
    p.requirement_text,
    p.sort_order
FROM self_assessments s
JOIN int.assessment_landlord l USING (assessment_id)
JOIN int.provisions p ON p.code_version = s.code_version AND p.in_self_assessment
WHERE NOT EXISTS (SELECT 1 FROM responses r JOIN int.document_landlord f USING (doc_id)
                  WHERE f.assessment_id = s.assessment_id AND r.code_version = p.code_version
                    AND r.provision_id = p.provision_id);
COMMENT ON VIEW assessment_omitted IS 'Coverage per self-assessment: each provision of its form that none of its files answers (omitted_provisions is the same per file).';
COMMENT ON COLUMN assessment_omitted.assessment_id IS 'The self-assessment (self_assessments.assessment_id).';
COMMENT ON COLUMN assessment_omitted.landlord_key IS 'The landlord it is grouped under (assessment_files.landlord_key).';
COMMENT ON COLUMN assessment_omitted.landlord_label IS 'The landlord''s register name, else the name as loaded, else "unnamed (first file name)".';
COMMENT ON COLUMN assessment_omitted.code_version IS 'Edition of the assessment.';
COMMENT ON COLUMN assessment_omitted.provision_id IS 'The provision no file answers.';
COMMENT ON COLUMN assessment_omitted.section_number IS 'Its section.';
COMMENT ON COLUMN assessment_omitted.obligation IS 'must or should (2022 form group, else the provision''s obligation).';
COMMENT ON COLUMN assessment_omitted.requirement_text IS 'What the provision requires (form wording).';
COMMENT ON COLUMN assessment_omitted.sort_order IS 'Sort key in Code order.';

CREATE OR REPLACE VIEW landlord_lookup AS
SELECT DISTINCT f.landlord_key, f.landlord_label, x.name, x.kind
FROM assessment_files f
JOIN main.documents d USING (doc_id)
LEFT JOIN main.landlord_names n ON n.landlord_id = f.landlord_id
CROSS JOIN LATERAL (VALUES (f.landlord_id, 'id'), (f.landlord_label, 'label'), (n.name, coalesce(n.kind, 'name')),
                           (d.landlord, 'printed'), (d.file_name, 'file')) AS x(name, kind)
WHERE x.name IS NOT NULL AND trim(x.name) <> '';
COMMENT ON VIEW landlord_lookup IS 'Every name a landlord with a self-assessment compared can be asked for by (chc landlord NAME, chc report --landlord NAME): its landlord_id, its label, the register''s name, aliases and former names, each name its documents printed, and their file names.';
COMMENT ON COLUMN landlord_lookup.landlord_key IS 'The landlord (assessment_files.landlord_key).';
COMMENT ON COLUMN landlord_lookup.landlord_label IS 'Its label (assessment_files.landlord_label).';
COMMENT ON COLUMN landlord_lookup.name IS 'A name, id or file name it is found by.';
COMMENT ON COLUMN landlord_lookup.kind IS 'id, label, name, alias or former (from the register), printed (as a document or its manifest gave it) or file.';
