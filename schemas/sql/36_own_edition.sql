-- Layer 3: the compliance matrix in each document's own edition.
-- compliance_matrix speaks 2024 numbering, so a 2022 provision dropped in 2024 has no cell there;
-- compliance_matrix_own keeps every provision of each document's own form, with where (if anywhere)
-- the crosswalk carries it. The per-assessment counts are in 37_per_assessment.sql.

CREATE OR REPLACE VIEW compliance_matrix_own AS
WITH answers AS (
    SELECT r.doc_id,
           r.provision_id,
           arg_min(r.comply, claim_rank(r.comply)) AS comply,
           list_sort(list(DISTINCT r.comply)) AS claims,
           count(*) AS answers,
           round(min(r.specificity), 3) AS specificity,
           bool_or(r.claim_conflict) AS claim_conflict,
           bool_or(r.has_evidence) AS evidence_present
    FROM int.scored_responses r
    WHERE r.provision_id IS NOT NULL
    GROUP BY r.doc_id, r.provision_id
),
carried AS (
    SELECT c.provision_2022 AS provision_id,
           string_agg(DISTINCT c.provision_2024, ', ' ORDER BY c.provision_2024) AS provision_2024,
           string_agg(DISTINCT c.relation, ', ' ORDER BY c.relation) AS relation
    FROM crosswalk c
    WHERE c.provision_2022 IS NOT NULL
    GROUP BY c.provision_2022
)
SELECT
    a.doc_id,
    a.landlord,
    a.landlord_label,
    a.code_version,
    a.assessed_period,
    p.provision_id,
    p.section_number,
    p.section_title,
    p.form_obligation AS obligation,
    p.sort_order,
    CASE WHEN x.doc_id IS NULL THEN 'not_answered' ELSE 'answered' END AS cell,
    x.comply,
    claim_rank(x.comply) AS claim_rank,
    x.claims,
    coalesce(x.answers, 0) AS answers,
    x.specificity,
    x.claim_conflict,
    x.evidence_present,
    CASE WHEN a.code_version = '2024' THEN p.provision_id ELSE k.provision_2024 END AS provision_2024,
    CASE WHEN a.code_version = '2024' THEN 'same' ELSE coalesce(k.relation, 'dropped_in_2024') END AS relation_2024
FROM assessments a
JOIN int.provisions p ON p.code_version = a.code_version AND p.in_self_assessment
LEFT JOIN answers x ON x.doc_id = a.doc_id AND x.provision_id = p.provision_id
LEFT JOIN carried k ON a.code_version = '2022' AND k.provision_id = p.provision_id;
COMMENT ON VIEW compliance_matrix_own IS 'The compliance matrix in each document''s own edition: one row per self-assessment and provision of its own form (72 per document), so a 2022 provision dropped in 2024 keeps its answer (provision_2024 NULL, relation_2024 dropped_in_2024). compliance_matrix is the same answers in 2024 numbering.';
COMMENT ON COLUMN compliance_matrix_own.doc_id IS 'The self-assessment (documents.doc_id).';
COMMENT ON COLUMN compliance_matrix_own.landlord IS 'Landlord name; NULL when unknown.';
COMMENT ON COLUMN compliance_matrix_own.landlord_label IS 'Landlord name, or "unnamed (file name)" when unknown.';
COMMENT ON COLUMN compliance_matrix_own.code_version IS 'Edition the document answered, and of provision_id: 2022 or 2024.';
COMMENT ON COLUMN compliance_matrix_own.assessed_period IS 'Period assessed, from the manifest; NULL when unknown.';
COMMENT ON COLUMN compliance_matrix_own.provision_id IS 'Provision in the document''s own edition (a row of that edition''s self-assessment form).';
COMMENT ON COLUMN compliance_matrix_own.section_number IS 'Section of that edition of the Code.';
COMMENT ON COLUMN compliance_matrix_own.section_title IS 'Section title in that edition.';
COMMENT ON COLUMN compliance_matrix_own.obligation IS 'must or should as the 2022 form groups the row, else the provision''s obligation (must, should, may, mixed).';
COMMENT ON COLUMN compliance_matrix_own.sort_order IS 'Sort key in Code order (provisions.sort_order).';
COMMENT ON COLUMN compliance_matrix_own.cell IS 'answered (at least one row aligned to the provision) or not_answered.';
COMMENT ON COLUMN compliance_matrix_own.comply IS 'The claim: the least compliant of the rows answering it (see claim_rank); NULL when not answered.';
COMMENT ON COLUMN compliance_matrix_own.claim_rank IS 'claim_rank(comply): 0 no ... 5 yes; NULL when not answered.';
COMMENT ON COLUMN compliance_matrix_own.claims IS 'Every distinct claim among the rows answering it.';
COMMENT ON COLUMN compliance_matrix_own.answers IS 'Number of response rows answering it (0 when not answered).';
COMMENT ON COLUMN compliance_matrix_own.specificity IS 'Evidence specificity 0-1, the lowest among the answers; NULL when not answered or not scored.';
COMMENT ON COLUMN compliance_matrix_own.claim_conflict IS 'True when any answer''s own text contradicts its claim; NULL when not answered or not scored.';
COMMENT ON COLUMN compliance_matrix_own.evidence_present IS 'True when any answer gives evidence or commentary at all; NULL when not answered.';
COMMENT ON COLUMN compliance_matrix_own.provision_2024 IS 'Where the provision is in 2024 numbering (comma-separated when split); NULL for a 2022 provision dropped in 2024.';
COMMENT ON COLUMN compliance_matrix_own.relation_2024 IS 'Crosswalk relation to 2024: same for 2024 documents; reworded, strengthened, split, merged or dropped_in_2024 for 2022 ones (comma-separated when several).';
