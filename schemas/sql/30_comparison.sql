-- Layer 3: question views.  Each answers one question people ask across landlords;
-- all are plain SQL over the loaded tables (10_*), the commentary tables (12_*) and
-- the cleaning views (20_*).  This file: who was assessed, and the compliance matrix.

-- claim_rank() is defined with the claims table (10_vocabulary.sql).

CREATE OR REPLACE VIEW assessments AS
SELECT
    d.doc_id,
    d.landlord,
    coalesce(d.landlord, 'unnamed (' || d.file_name || ')') AS landlord_label,
    d.landlord_type,
    d.code_version,
    d.assessed_period,
    d.file_name,
    d.source_url,
    d.rows
FROM documents d
WHERE d.rows > 0 AND d.code_version IS NOT NULL;
COMMENT ON VIEW assessments IS 'One row per self-assessment with rows loaded: the documents the question views compare. A document whose landlord is unknown keeps a readable label made from its file name.';
COMMENT ON COLUMN assessments.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN assessments.landlord IS 'Landlord name as loaded; NULL when unknown.';
COMMENT ON COLUMN assessments.landlord_label IS 'Landlord name, or "unnamed (file name)" when unknown: a label for tables and charts, never used to match landlords.';
COMMENT ON COLUMN assessments.landlord_type IS 'council or housing association; NULL when not recorded.';
COMMENT ON COLUMN assessments.code_version IS 'Edition of the Code the document answers: 2022 or 2024.';
COMMENT ON COLUMN assessments.assessed_period IS 'Period assessed, from the manifest (free text); NULL when unknown.';
COMMENT ON COLUMN assessments.file_name IS 'File name the document was first read under.';
COMMENT ON COLUMN assessments.source_url IS 'Where the document was downloaded from, from the manifest; NULL when unknown.';
COMMENT ON COLUMN assessments.rows IS 'Provision rows loaded from the document.';

CREATE OR REPLACE VIEW compliance_matrix AS
WITH grid AS (
    SELECT a.doc_id, a.landlord, a.landlord_label, a.code_version, a.assessed_period,
           p.provision_id AS provision_2024, p.section_number, p.section_title, p.obligation,
           p.sort_order,
           EXISTS (SELECT 1 FROM crosswalk c
                   WHERE c.provision_2024 = p.provision_id AND c.provision_2022 IS NOT NULL) AS has_2022_counterpart,
           EXISTS (SELECT 1 FROM crosswalk c
                   JOIN provisions q ON q.code_version = '2022' AND q.provision_id = c.provision_2022
                   WHERE c.provision_2024 = p.provision_id AND q.in_self_assessment) AS on_2022_form
    FROM assessments a
    CROSS JOIN provisions p
    WHERE p.code_version = '2024' AND p.in_self_assessment
),
answers AS (
    SELECT l.doc_id,
           l.provision_2024,
           array_to_string(list_transform(list_sort(list(DISTINCT {'o': l.sort_order, 'id': l.provision_id})),
                                          lambda x: x.id), ', ') AS answered_as,
           string_agg(DISTINCT l.relation, ', ' ORDER BY l.relation) AS relation,
           arg_min(l.comply, claim_rank(l.comply)) AS comply,
           list_sort(list(DISTINCT l.comply)) AS claims,
           count(*) AS answers,
           round(min(l.specificity), 3) AS specificity,
           bool_or(l.claim_conflict) AS claim_conflict,
           bool_or(l.has_evidence) AS evidence_present
    FROM int.linked_responses l
    GROUP BY l.doc_id, l.provision_2024
)
SELECT
    g.doc_id,
    g.landlord,
    g.landlord_label,
    g.code_version,
    g.assessed_period,
    g.provision_2024,
    g.section_number,
    g.section_title,
    g.obligation,
    g.sort_order,
    CASE
        WHEN a.doc_id IS NOT NULL THEN 'answered'
        WHEN g.code_version = '2022' AND NOT g.has_2022_counterpart THEN 'new_in_2024'
        WHEN g.code_version = '2022' AND NOT g.on_2022_form THEN 'not_on_2022_form'
        ELSE 'not_answered'
    END AS cell,
    a.answered_as,
    a.relation,
    a.comply,
    claim_rank(a.comply) AS claim_rank,
    a.claims,
    coalesce(a.answers, 0) AS answers,
    a.specificity,
    a.claim_conflict,
    a.evidence_present
FROM grid g
LEFT JOIN answers a USING (doc_id, provision_2024);
COMMENT ON VIEW compliance_matrix IS 'The compliance matrix: one row per self-assessment and 2024 self-assessment provision (72 per document), answers to the 2022 edition carried across through the crosswalk with the relation shown; the claim, how specific its evidence is and whether its own text contradicts it.';
COMMENT ON COLUMN compliance_matrix.doc_id IS 'The self-assessment (documents.doc_id).';
COMMENT ON COLUMN compliance_matrix.landlord IS 'Landlord name; NULL when unknown.';
COMMENT ON COLUMN compliance_matrix.landlord_label IS 'Landlord name, or "unnamed (file name)" when unknown.';
COMMENT ON COLUMN compliance_matrix.code_version IS 'Edition the document answered: 2022 (carried across) or 2024.';
COMMENT ON COLUMN compliance_matrix.assessed_period IS 'Period assessed, from the manifest; NULL when unknown.';
COMMENT ON COLUMN compliance_matrix.provision_2024 IS 'Provision in 2024 numbering (a row of the 2024 self-assessment form).';
COMMENT ON COLUMN compliance_matrix.section_number IS 'Section of the 2024 Code (1-9).';
COMMENT ON COLUMN compliance_matrix.section_title IS 'Section title in the 2024 Code.';
COMMENT ON COLUMN compliance_matrix.obligation IS 'must, should, may or mixed, of the 2024 provision.';
COMMENT ON COLUMN compliance_matrix.sort_order IS 'Sort key in Code order (provisions.sort_order).';
COMMENT ON COLUMN compliance_matrix.cell IS 'answered; not_answered (the document has no aligned row for it or for any 2022 counterpart); new_in_2024 (a 2022 document, and the provision has no 2022 counterpart); not_on_2022_form (a 2022 document, and the provision''s only 2022 counterparts are introductory paragraphs the 2022 form does not ask about).';
COMMENT ON COLUMN compliance_matrix.answered_as IS 'Provision number(s) in the document''s own edition that answer this cell, e.g. "5.3, 5.15" for a 2022 document.';
COMMENT ON COLUMN compliance_matrix.relation IS 'Crosswalk relation from the answering provision(s) to this one: same for 2024 documents; reworded, strengthened (should->must), split or merged for 2022 ones.';
COMMENT ON COLUMN compliance_matrix.comply IS 'The claim: the least compliant of the answers in this cell (see claim_rank); NULL when not answered.';
COMMENT ON COLUMN compliance_matrix.claim_rank IS 'claim_rank(comply): 0 no ... 5 yes; NULL when not answered. Handy for heatmaps.';
COMMENT ON COLUMN compliance_matrix.claims IS 'Every distinct claim among the answers (more than one when merged 2022 provisions disagree).';
COMMENT ON COLUMN compliance_matrix.answers IS 'Number of response rows answering this cell (0 when not answered).';
COMMENT ON COLUMN compliance_matrix.specificity IS 'Evidence specificity 0-1 (response_scores.specificity), the lowest among the answers; NULL when not answered or not scored.';
COMMENT ON COLUMN compliance_matrix.claim_conflict IS 'True when any answer''s own evidence or commentary contradicts its claim (response_scores.claim_conflict); NULL when not answered or not scored.';
COMMENT ON COLUMN compliance_matrix.evidence_present IS 'True when any answer gives evidence or commentary at all; NULL when not answered.';

CREATE OR REPLACE VIEW provision_shares AS
SELECT
    r.code_version,
    r.provision_id,
    r.section_number,
    r.form_obligation AS obligation,
    (SELECT string_agg(DISTINCT c.provision_2024, ', ' ORDER BY c.provision_2024) FROM crosswalk c
     WHERE r.code_version = '2022' AND c.provision_2022 = r.provision_id) AS provision_2024,
    count(*) AS answers,
    count(DISTINCT r.doc_id) AS documents,
    round(avg((r.comply = 'yes')::INTEGER), 3) AS share_yes,
    round(avg((r.comply = 'no')::INTEGER), 3) AS share_no,
    round(avg((r.comply = 'partial')::INTEGER), 3) AS share_partial,
    round(avg((r.comply = 'in_progress')::INTEGER), 3) AS share_in_progress,
    round(avg((r.comply = 'not_stated')::INTEGER), 3) AS share_not_stated,
    round(avg((r.comply = 'not_applicable')::INTEGER), 3) AS share_not_applicable,
    r.sort_order,
    count(*) FILTER (r.comply = 'yes') AS n_yes,
    count(*) FILTER (r.comply = 'no') AS n_no,
    count(*) FILTER (r.comply = 'partial') AS n_partial,
    count(*) FILTER (r.comply = 'in_progress') AS n_in_progress,
    count(*) FILTER (r.comply = 'not_stated') AS n_not_stated,
    count(*) FILTER (r.comply = 'not_applicable') AS n_not_applicable
FROM int.aligned_responses r
GROUP BY r.code_version, r.provision_id, r.section_number, r.form_obligation, r.sort_order;
COMMENT ON VIEW provision_shares IS 'Per provision in its own edition, across all landlords: how the answers split between yes, no, partial, in progress, not stated and not applicable (shares of the answers, 0-1), with the provision''s must/should.';
COMMENT ON COLUMN provision_shares.code_version IS 'Edition: 2022 or 2024.';
COMMENT ON COLUMN provision_shares.provision_id IS 'Provision number in that edition.';
COMMENT ON COLUMN provision_shares.section_number IS 'Section of the Code.';
COMMENT ON COLUMN provision_shares.obligation IS 'must or should as the 2022 form groups the row (provisions.form_group), else the provision''s obligation (must, should, may, mixed).';
COMMENT ON COLUMN provision_shares.provision_2024 IS '2022 provisions: where the crosswalk carries it in 2024 numbering (comma-separated; NULL when dropped). NULL for 2024 provisions.';
COMMENT ON COLUMN provision_shares.answers IS 'Response rows aligned to the provision.';
COMMENT ON COLUMN provision_shares.documents IS 'Documents with at least one such row.';
COMMENT ON COLUMN provision_shares.share_yes IS 'Share of the answers claiming yes.';
COMMENT ON COLUMN provision_shares.share_no IS 'Share claiming no.';
COMMENT ON COLUMN provision_shares.share_partial IS 'Share claiming partial compliance.';
COMMENT ON COLUMN provision_shares.share_in_progress IS 'Share saying the work is in progress.';
COMMENT ON COLUMN provision_shares.share_not_stated IS 'Share with no readable claim.';
COMMENT ON COLUMN provision_shares.share_not_applicable IS 'Share claiming the provision does not apply.';
COMMENT ON COLUMN provision_shares.sort_order IS 'Sort key in Code order.';
COMMENT ON COLUMN provision_shares.n_yes IS 'Answers claiming yes (share_yes = n_yes / answers).';
COMMENT ON COLUMN provision_shares.n_no IS 'Answers claiming no.';
COMMENT ON COLUMN provision_shares.n_partial IS 'Answers claiming partial compliance.';
COMMENT ON COLUMN provision_shares.n_in_progress IS 'Answers saying the work is in progress.';
COMMENT ON COLUMN provision_shares.n_not_stated IS 'Answers with no readable claim.';
COMMENT ON COLUMN provision_shares.n_not_applicable IS 'Answers claiming the provision does not apply.';

CREATE OR REPLACE VIEW claim_shares AS
SELECT
    r.code_version,
    r.form_obligation AS obligation,
    count(*) AS answers,
    count(DISTINCT r.doc_id) AS documents,
    round(avg((r.comply = 'yes')::INTEGER), 3) AS share_yes,
    round(avg((r.comply = 'no')::INTEGER), 3) AS share_no,
    round(avg((r.comply = 'partial')::INTEGER), 3) AS share_partial,
    round(avg((r.comply = 'in_progress')::INTEGER), 3) AS share_in_progress,
    round(avg((r.comply = 'not_stated')::INTEGER), 3) AS share_not_stated,
    round(avg((r.comply = 'not_applicable')::INTEGER), 3) AS share_not_applicable
FROM int.aligned_responses r
GROUP BY ALL;
COMMENT ON VIEW claim_shares IS 'How all answers split between the claims, by edition and by must/should: provision_shares rolled up.';
COMMENT ON COLUMN claim_shares.code_version IS 'Edition: 2022 or 2024.';
COMMENT ON COLUMN claim_shares.obligation IS 'must or should as the 2022 form groups its rows; for 2024, the provision''s obligation: must, or (one provision each on the 2024 form) may, a provision that only permits, and mixed, a provision whose sentences mix must and should.';
COMMENT ON COLUMN claim_shares.answers IS 'Response rows aligned to provisions of this kind.';
COMMENT ON COLUMN claim_shares.documents IS 'Documents contributing.';
COMMENT ON COLUMN claim_shares.share_yes IS 'Share of the answers claiming yes.';
COMMENT ON COLUMN claim_shares.share_no IS 'Share claiming no.';
COMMENT ON COLUMN claim_shares.share_partial IS 'Share claiming partial compliance.';
COMMENT ON COLUMN claim_shares.share_in_progress IS 'Share saying the work is in progress.';
COMMENT ON COLUMN claim_shares.share_not_stated IS 'Share with no readable claim.';
COMMENT ON COLUMN claim_shares.share_not_applicable IS 'Share claiming the provision does not apply.';
