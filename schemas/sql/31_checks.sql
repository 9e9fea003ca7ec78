-- Layer 3: claims to look at first, and what each document covers.

-- low_specificity() and low_confidence() read the settings table (10_vocabulary.sql).

CREATE OR REPLACE VIEW claims_to_check AS
WITH rows AS (
    SELECT r.*, a.landlord_label
    FROM int.scored_responses r
    JOIN assessments a USING (doc_id)
),
flagged AS (
    SELECT 1 AS priority, 'yes_without_evidence' AS reason, *,
           'claims yes and gives no evidence or commentary at all' AS detail
    FROM rows WHERE comply = 'yes' AND NOT has_evidence
    UNION ALL
    SELECT 2, 'claim_conflict', *,
           coalesce((SELECT string_agg(j ->> 'why', '; ')
                     FROM (SELECT unnest(CAST(json_extract(reasons, '$[*]') AS JSON[])) AS j)
                     WHERE j ->> 'score' = 'claim_conflict'),
                    'the claim and its own text disagree')
    FROM rows WHERE claim_conflict
    UNION ALL
    SELECT 3, 'yes_low_specificity', *,
           'claims yes; evidence specificity ' || specificity || ' is below ' || low_specificity()
    FROM rows WHERE comply = 'yes' AND has_evidence AND specificity < low_specificity()
    UNION ALL
    SELECT 4, 'number_corrected', *,
           'printed number ' || coalesce('"' || replace(printed_id, chr(9), ' ') || '"', 'missing') ||
           ' was repaired to ' || provision_id || ' from the requirement text'
    FROM rows WHERE id_corrected
    UNION ALL
    SELECT 5, 'no_claim', *,
           CASE WHEN coalesce(trim(comply_raw), '') = '' THEN 'the provision is on the form but its claim cell is blank'
                ELSE 'the claim cell reads "' || trim(comply_raw) || '", which is not a claim' END
    FROM rows WHERE comply = 'not_stated' AND provision_id IS NOT NULL
    UNION ALL
    SELECT 6, 'claim_read_uncertain', *,
           CASE WHEN claim_confidence IS NULL THEN 'OCR found no claim in this scanned row'
                ELSE 'claim read by OCR with confidence ' || round(claim_confidence, 2) || ', below ' ||
                     low_ocr_confidence() END || ': check it against the scan (page ' || source_start || ')'
    FROM rows WHERE claim_confidence < low_ocr_confidence()
                 OR (ocr_confidence IS NOT NULL AND claim_confidence IS NULL)
)
SELECT priority, reason, doc_id, row_no, landlord_label, code_version, provision_id, printed_id,
       comply, comply_raw, specificity, detail, evidence, commentary
FROM flagged;
COMMENT ON VIEW claims_to_check IS 'Claims to look at first, one row per response and reason (a row can have several): yes with no evidence at all (priority 1), claim contradicted by its own text (2), yes resting on unspecific evidence, specificity below low_specificity() (3), printed provision number repaired from the text (4), a provision of the form answered with no claim (blank or unreadable claim cell) (5), claim read by OCR with confidence below low_ocr_confidence(), or no claim found in an OCRed row (6).';
COMMENT ON COLUMN claims_to_check.priority IS '1 (look first) to 6, by reason.';
COMMENT ON COLUMN claims_to_check.reason IS 'yes_without_evidence, claim_conflict, yes_low_specificity, number_corrected, no_claim or claim_read_uncertain.';
COMMENT ON COLUMN claims_to_check.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN claims_to_check.row_no IS 'The response (responses.row_no).';
COMMENT ON COLUMN claims_to_check.landlord_label IS 'Landlord name, or "unnamed (file name)".';
COMMENT ON COLUMN claims_to_check.code_version IS 'Edition the document answered.';
COMMENT ON COLUMN claims_to_check.provision_id IS 'Provision in the document''s edition; NULL when unaligned.';
COMMENT ON COLUMN claims_to_check.printed_id IS 'Number as printed.';
COMMENT ON COLUMN claims_to_check.comply IS 'Normalised claim.';
COMMENT ON COLUMN claims_to_check.comply_raw IS 'Claim as printed.';
COMMENT ON COLUMN claims_to_check.specificity IS 'Evidence specificity 0-1 (response_scores); NULL when not scored.';
COMMENT ON COLUMN claims_to_check.detail IS 'Why the row is listed, in words (for conflicts, the reasons recorded in response_scores).';
COMMENT ON COLUMN claims_to_check.evidence IS 'Evidence cell.';
COMMENT ON COLUMN claims_to_check.commentary IS 'Commentary cell.';

CREATE OR REPLACE VIEW omitted_provisions AS
SELECT a.doc_id, a.landlord_label, a.file_name, a.code_version, p.provision_id, p.section_number,
       p.form_obligation AS obligation, p.requirement_text, p.sort_order
FROM assessments a
JOIN int.provisions p ON p.code_version = a.code_version AND p.in_self_assessment
WHERE NOT EXISTS (SELECT 1 FROM responses r WHERE r.doc_id = a.doc_id AND r.provision_id = p.provision_id);
COMMENT ON VIEW omitted_provisions IS 'Coverage: each provision of the self-assessment form that a document does not answer (no row aligned to it), in the document''s own edition.';
COMMENT ON COLUMN omitted_provisions.doc_id IS 'The document.';
COMMENT ON COLUMN omitted_provisions.landlord_label IS 'Landlord name, or "unnamed (file name)".';
COMMENT ON COLUMN omitted_provisions.file_name IS 'File name of the document.';
COMMENT ON COLUMN omitted_provisions.code_version IS 'Edition the document answered.';
COMMENT ON COLUMN omitted_provisions.provision_id IS 'The provision with no answer.';
COMMENT ON COLUMN omitted_provisions.section_number IS 'Its section.';
COMMENT ON COLUMN omitted_provisions.obligation IS 'must or should (2022 form group, else the provision''s obligation).';
COMMENT ON COLUMN omitted_provisions.requirement_text IS 'What the provision requires (form wording).';
COMMENT ON COLUMN omitted_provisions.sort_order IS 'Sort key in Code order.';

CREATE OR REPLACE VIEW unaligned_rows AS
SELECT r.doc_id, a.landlord_label, a.file_name, r.row_no, r.printed_id, r.comply, r.requirement_text,
       r.section, r.source_start, r.source_end
FROM responses r
JOIN assessments a USING (doc_id)
WHERE r.provision_id IS NULL;
COMMENT ON VIEW unaligned_rows IS 'Coverage: rows that were read but could not be aligned to any provision, with where to find them in the source.';
COMMENT ON COLUMN unaligned_rows.doc_id IS 'The document.';
COMMENT ON COLUMN unaligned_rows.landlord_label IS 'Landlord name, or "unnamed (file name)".';
COMMENT ON COLUMN unaligned_rows.file_name IS 'File name of the document.';
COMMENT ON COLUMN unaligned_rows.row_no IS 'The response row.';
COMMENT ON COLUMN unaligned_rows.printed_id IS 'Number as printed.';
COMMENT ON COLUMN unaligned_rows.comply IS 'Normalised claim.';
COMMENT ON COLUMN unaligned_rows.requirement_text IS 'Requirement as printed.';
COMMENT ON COLUMN unaligned_rows.section IS 'Section heading the row is printed under.';
COMMENT ON COLUMN unaligned_rows.source_start IS 'First source line or page.';
COMMENT ON COLUMN unaligned_rows.source_end IS 'Last source line or page.';

CREATE OR REPLACE VIEW coverage AS
SELECT
    a.doc_id,
    a.landlord_label,
    a.file_name,
    a.code_version,
    (SELECT count(*) FROM provisions p WHERE p.code_version = a.code_version AND p.in_self_assessment) AS form_rows,
    (SELECT count(DISTINCT r.provision_id) FROM int.aligned_responses r
     WHERE r.doc_id = a.doc_id AND r.in_self_assessment) AS answered,
    (SELECT count(*) FROM omitted_provisions o WHERE o.doc_id = a.doc_id) AS omitted,
    (SELECT count(*) FROM responses r WHERE r.doc_id = a.doc_id AND r.provision_id IS NULL) AS unaligned,
    (SELECT count(*) FROM (SELECT r.provision_id FROM responses r WHERE r.doc_id = a.doc_id AND r.provision_id IS NOT NULL
                           GROUP BY r.provision_id HAVING count(*) > 1)) AS answered_twice,
    (SELECT count(*) FROM responses r WHERE r.doc_id = a.doc_id AND r.match_score < low_confidence()) AS low_confidence
FROM assessments a;
COMMENT ON VIEW coverage IS 'Coverage per document: how many of its edition''s form rows it answers, omits, answers more than once, and how many of its rows could not be aligned or were aligned with low confidence.';
COMMENT ON COLUMN coverage.doc_id IS 'The document.';
COMMENT ON COLUMN coverage.landlord_label IS 'Landlord name, or "unnamed (file name)".';
COMMENT ON COLUMN coverage.file_name IS 'File name of the document.';
COMMENT ON COLUMN coverage.code_version IS 'Edition the document answered.';
COMMENT ON COLUMN coverage.form_rows IS 'Rows of that edition''s self-assessment form (72).';
COMMENT ON COLUMN coverage.answered IS 'Form rows with at least one aligned answer.';
COMMENT ON COLUMN coverage.omitted IS 'Form rows with none (listed in omitted_provisions).';
COMMENT ON COLUMN coverage.unaligned IS 'Rows read but not aligned (listed in unaligned_rows).';
COMMENT ON COLUMN coverage.answered_twice IS 'Provisions answered by more than one row.';
COMMENT ON COLUMN coverage.low_confidence IS 'Rows aligned with match_score below low_confidence().';
