-- Layer 3: every timescale a response states, beside the one the Code's provision sets.
-- Written by pipeline/commentary/timescales.py (signals of kind timescale); the Code's timescale is
-- read from the provision's own text (schemas/reference), so nothing here restates a number.

CREATE OR REPLACE VIEW stated_timescales AS
SELECT
    s.doc_id,
    s.row_no,
    a.landlord,
    a.landlord_label,
    a.code_version,
    r.provision_id,
    r.comply,
    s.sub_kind AS timed,
    s.number::INTEGER AS stated_days,
    s.unit AS stated_unit,
    s.text AS stated,
    s.value AS code_timescale,
    s.cue AS verdict,
    r.claim_conflict,
    s.field,
    s."start",
    s."end"
FROM signals s
JOIN int.scored_responses r USING (doc_id, row_no)
JOIN assessments a USING (doc_id)
WHERE s.kind = 'timescale';
COMMENT ON VIEW stated_timescales IS 'Every timescale stated in a response''s evidence or commentary ("within 15 working days", "28 days"), with what it times, beside the timescale the Code''s provision sets (read from the provision''s text) and the verdict: a Yes stating a longer timescale in working days is a claim conflict; days not said to be working days where the Code counts working days are a check.';
COMMENT ON COLUMN stated_timescales.doc_id IS 'The document.';
COMMENT ON COLUMN stated_timescales.row_no IS 'The response the timescale is stated in.';
COMMENT ON COLUMN stated_timescales.landlord IS 'Landlord name; NULL when unknown.';
COMMENT ON COLUMN stated_timescales.landlord_label IS 'Landlord name, or "unnamed (file name)".';
COMMENT ON COLUMN stated_timescales.code_version IS 'Edition the document answered.';
COMMENT ON COLUMN stated_timescales.provision_id IS 'Provision the response answers (document''s edition).';
COMMENT ON COLUMN stated_timescales.comply IS 'The claim made in that response.';
COMMENT ON COLUMN stated_timescales.timed IS 'What the text times, from the words nearest the number: stage1_acknowledgement, stage1_response, stage2_acknowledgement, stage2_response, acknowledgement or response (stage not said), extension, escalation, other.';
COMMENT ON COLUMN stated_timescales.stated_days IS 'The number of days stated (word numbers such as "five" included).';
COMMENT ON COLUMN stated_timescales.stated_unit IS 'working days (also business or clear days), calendar days, or days (the text does not say which).';
COMMENT ON COLUMN stated_timescales.stated IS 'The words stating it, e.g. "15 working days".';
COMMENT ON COLUMN stated_timescales.code_timescale IS 'The timescale the provision sets, read from its own text, e.g. "10 working days"; NULL when the provision sets none.';
COMMENT ON COLUMN stated_timescales.verdict IS 'longer than the Code | within the Code | check: days, the Code says working days | not the provision''s timescale (another action or stage) | the provision sets no timescale | a former timescale (the text says it was replaced).';
COMMENT ON COLUMN stated_timescales.claim_conflict IS 'response_scores.claim_conflict of the row (a longer timescale under a Yes makes it true, and its reasons name both numbers).';
COMMENT ON COLUMN stated_timescales.field IS 'evidence or commentary: the cell the timescale is in.';
COMMENT ON COLUMN stated_timescales."start" IS 'Character offset of the stated timescale in that cell.';
COMMENT ON COLUMN stated_timescales."end" IS 'Character offset just past it.';
