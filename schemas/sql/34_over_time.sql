-- Layer 3: the same landlord over time: its 2022-edition and 2024-edition assessments side by side.

CREATE OR REPLACE VIEW matrix_text AS
SELECT
    r.doc_id,
    r.provision_2024,
    string_agg(trim(concat_ws(' | ', nullif(trim(r.evidence), ''), nullif(trim(r.commentary), ''))), ' || '
               ORDER BY r.row_no) AS evidence
FROM int.linked_responses r
GROUP BY ALL;
COMMENT ON VIEW matrix_text IS 'The evidence and commentary behind each cell of compliance_matrix (document x 2024 provision), joined into one text: what landlord_changes shows side by side.';
COMMENT ON COLUMN matrix_text.doc_id IS 'The document.';
COMMENT ON COLUMN matrix_text.provision_2024 IS 'Provision in 2024 numbering.';
COMMENT ON COLUMN matrix_text.evidence IS 'Evidence and commentary of the answering rows: cells joined by " | ", rows by " || ", in row order.';

CREATE OR REPLACE VIEW landlord_changes AS
WITH pairs AS (
    SELECT a.landlord, a.doc_id AS doc_2022, b.doc_id AS doc_2024,
           a.assessed_period AS period_2022, b.assessed_period AS period_2024
    FROM assessments a
    LEFT JOIN document_landlords la ON la.doc_id = a.doc_id
    JOIN assessments b ON true
    LEFT JOIN document_landlords lb ON lb.doc_id = b.doc_id
    -- one landlord: the same landlord_id (however each document printed its name), else the same name
    WHERE a.code_version = '2022' AND b.code_version = '2024'
      AND coalesce(la.landlord_id, lower(trim(a.landlord))) = coalesce(lb.landlord_id, lower(trim(b.landlord)))
)
SELECT
    p.landlord,
    p.doc_2022,
    p.doc_2024,
    p.period_2022,
    p.period_2024,
    n.provision_2024,
    n.section_number,
    n.obligation,
    o.answered_as AS provisions_2022,
    o.relation,
    o.comply AS claim_2022,
    n.comply AS claim_2024,
    CASE
        WHEN o.cell = 'new_in_2024' AND n.comply IS NULL THEN 'new_in_2024_not_answered'
        WHEN o.cell = 'new_in_2024' THEN 'new_in_2024'
        WHEN o.cell = 'not_on_2022_form' AND n.comply IS NULL THEN 'answered_in_neither'
        WHEN o.cell = 'not_on_2022_form' THEN 'not_on_2022_form'
        WHEN o.comply IS NULL AND n.comply IS NULL THEN 'answered_in_neither'
        WHEN o.comply IS NULL THEN 'answered_only_in_2024'
        WHEN n.comply IS NULL THEN 'answered_only_in_2022'
        WHEN n.claim_rank > o.claim_rank THEN 'claim_stronger'
        WHEN n.claim_rank < o.claim_rank THEN 'claim_weaker'
        ELSE 'claim_same'
    END AS change,
    o.specificity AS specificity_2022,
    n.specificity AS specificity_2024,
    t2.evidence AS evidence_2022,
    t4.evidence AS evidence_2024,
    n.sort_order
FROM pairs p
JOIN compliance_matrix o ON o.doc_id = p.doc_2022
JOIN compliance_matrix n ON n.doc_id = p.doc_2024 AND n.provision_2024 = o.provision_2024
LEFT JOIN matrix_text t2 ON t2.doc_id = p.doc_2022 AND t2.provision_2024 = n.provision_2024
LEFT JOIN matrix_text t4 ON t4.doc_id = p.doc_2024 AND t4.provision_2024 = n.provision_2024;
COMMENT ON VIEW landlord_changes IS 'The same landlord over time: for every landlord (one landlord_id from the register, else the same name) with a 2022-edition and a 2024-edition self-assessment, each 2024 provision with both answers side by side (the 2022 one carried across through the crosswalk) and what changed.';
COMMENT ON COLUMN landlord_changes.landlord IS 'Landlord name (as in the 2022 document).';
COMMENT ON COLUMN landlord_changes.doc_2022 IS 'The 2022-edition self-assessment.';
COMMENT ON COLUMN landlord_changes.doc_2024 IS 'The 2024-edition self-assessment.';
COMMENT ON COLUMN landlord_changes.period_2022 IS 'Period the 2022-edition assessment covers; NULL when unknown.';
COMMENT ON COLUMN landlord_changes.period_2024 IS 'Period the 2024-edition assessment covers; NULL when unknown.';
COMMENT ON COLUMN landlord_changes.provision_2024 IS 'Provision in 2024 numbering.';
COMMENT ON COLUMN landlord_changes.section_number IS 'Section of the 2024 Code.';
COMMENT ON COLUMN landlord_changes.obligation IS 'must, should, may or mixed (2024 provision).';
COMMENT ON COLUMN landlord_changes.provisions_2022 IS '2022 provision(s) whose answers were carried across; NULL when none.';
COMMENT ON COLUMN landlord_changes.relation IS 'Crosswalk relation from those 2022 provisions.';
COMMENT ON COLUMN landlord_changes.claim_2022 IS 'Claim in the 2022-edition assessment (least compliant when several); NULL when not answered.';
COMMENT ON COLUMN landlord_changes.claim_2024 IS 'Claim in the 2024-edition assessment; NULL when not answered.';
COMMENT ON COLUMN landlord_changes.change IS 'claim_same, claim_stronger, claim_weaker (by claim_rank), answered_only_in_2022, answered_only_in_2024, answered_in_neither, new_in_2024 (no 2022 counterpart), new_in_2024_not_answered, not_on_2022_form (the only 2022 counterparts are not rows of the 2022 form).';
COMMENT ON COLUMN landlord_changes.specificity_2022 IS 'Evidence specificity of the 2022 answer(s), lowest; NULL when none or not scored.';
COMMENT ON COLUMN landlord_changes.specificity_2024 IS 'Evidence specificity of the 2024 answer(s), lowest.';
COMMENT ON COLUMN landlord_changes.evidence_2022 IS 'Evidence and commentary given in 2022 (matrix_text).';
COMMENT ON COLUMN landlord_changes.evidence_2024 IS 'Evidence and commentary given in 2024.';
COMMENT ON COLUMN landlord_changes.sort_order IS 'Sort key in Code order.';
