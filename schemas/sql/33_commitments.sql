-- Layer 3: what each landlord promised, and by when.

CREATE OR REPLACE VIEW commitments AS
SELECT
    s.doc_id,
    s.row_no,
    a.landlord,
    a.landlord_label,
    a.code_version,
    a.assessed_period,
    r.provision_id,
    r.comply,
    s.sub_kind AS commitment_kind,
    s.text AS commitment,
    s.cue,
    s.date_start AS due_from,
    s.date_end AS due_by,
    s.field,
    s."start",
    s."end",
    s.source_column,
    s.owner
FROM signals s
JOIN responses r USING (doc_id, row_no)
JOIN assessments a USING (doc_id)
WHERE s.kind = 'commitment';
COMMENT ON VIEW commitments IS 'What each landlord promised: every commitment found in the evidence or commentary, or listed in a column the landlord added for its action plan ("Next steps / by when", "Action / owner / target date") (signals of kind commitment), with the provision it answers and its due date range when one is given. commitments_due(as_of) says which are past due.';
COMMENT ON COLUMN commitments.doc_id IS 'The document.';
COMMENT ON COLUMN commitments.row_no IS 'The response the commitment is written in.';
COMMENT ON COLUMN commitments.landlord IS 'Landlord name; NULL when unknown.';
COMMENT ON COLUMN commitments.landlord_label IS 'Landlord name, or "unnamed (file name)".';
COMMENT ON COLUMN commitments.code_version IS 'Edition the document answered.';
COMMENT ON COLUMN commitments.assessed_period IS 'Period assessed, from the manifest; NULL when unknown.';
COMMENT ON COLUMN commitments.provision_id IS 'Provision the response answers (document''s edition).';
COMMENT ON COLUMN commitments.comply IS 'The claim made in that response.';
COMMENT ON COLUMN commitments.commitment_kind IS 'signals.sub_kind: future (will do), ongoing (is being done), recommendation (an action recorded as a recommendation), action (a line of an action-plan column the landlord added).';
COMMENT ON COLUMN commitments.commitment IS 'The sentence making the commitment (for an action column, the line of its cell).';
COMMENT ON COLUMN commitments.cue IS 'The words that mark it as a commitment, e.g. "will be", "intends to"; for an action column, its header.';
COMMENT ON COLUMN commitments.due_from IS 'First day of the due date range; NULL when no date is given or it could not be placed.';
COMMENT ON COLUMN commitments.due_by IS 'Last day of the due date range (e.g. 2024-03-31 for "by the end of 2023/24"); NULL when none.';
COMMENT ON COLUMN commitments.field IS 'evidence or commentary: the cell the sentence is in; extra_columns: a column the landlord added (source_column names it).';
COMMENT ON COLUMN commitments."start" IS 'Character offset of the sentence in that cell.';
COMMENT ON COLUMN commitments."end" IS 'Character offset just past the sentence.';
COMMENT ON COLUMN commitments.source_column IS 'field extra_columns: the header of the column it was read from (responses.extra_columns key); NULL for evidence and commentary.';
COMMENT ON COLUMN commitments.owner IS 'Who leads it, when an action column names them (a "Lead:" label, or an owner column of the row); NULL otherwise.';

CREATE OR REPLACE MACRO commitments_due(as_of) AS TABLE
SELECT
    c.*,
    CASE
        WHEN c.due_by IS NULL THEN 'no_date'
        WHEN c.due_by < CAST(as_of AS DATE) THEN 'passed'
        WHEN c.due_from <= CAST(as_of AS DATE) THEN 'due_now'
        ELSE 'not_yet_due'
    END AS due_status,
    CASE WHEN c.due_by < CAST(as_of AS DATE) THEN date_diff('day', c.due_by, CAST(as_of AS DATE)) END AS days_past_due,
    CAST(as_of AS DATE) AS as_of
FROM commitments c;
COMMENT ON MACRO TABLE commitments_due IS 'commitments_due(as_of DATE): every commitment with due_status relative to as_of: passed (due_by before as_of), due_now (as_of inside the due range), not_yet_due, no_date; days_past_due for passed ones. Example: SELECT * FROM commitments_due(DATE ''2025-04-01'') WHERE due_status = ''passed''.';
