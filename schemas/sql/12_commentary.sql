-- Layer 1 (continued): what the evidence and commentary of each response cite, promise and admit.
-- Written by pipeline/commentary/ (analysis.analyse) (per document, with the document's other rows) and
-- pipeline/commentary/corpus.py (boilerplate across landlords, after every extract run).
-- Patterns live in schemas/patterns/commentary_*; see README "Commentary analysis".

CREATE TABLE IF NOT EXISTS signals (
    doc_id     VARCHAR NOT NULL,
    row_no     INTEGER NOT NULL,
    field      VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    sub_kind   VARCHAR NOT NULL,
    text       VARCHAR NOT NULL,
    "start"    INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    value      VARCHAR,
    number     DOUBLE,
    unit       VARCHAR,
    date_start DATE,
    date_end   DATE,
    cue        VARCHAR
);
COMMENT ON TABLE signals IS 'One row per reference, commitment, admission, quoted figure or stated timescale found in a response''s evidence or commentary. Offsets point into responses.evidence or responses.commentary (column field).';
COMMENT ON COLUMN signals.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN signals.row_no IS 'The response row (responses.row_no) the text belongs to.';
COMMENT ON COLUMN signals.field IS 'Which text the offsets point into: evidence or commentary (the responses column of that name), or extra_columns (the cell of the column named by source_column in responses.extra_columns).';
COMMENT ON COLUMN signals.kind IS 'reference (a document, system, governance body or report cited), commitment (a future or ongoing action), admission (something partly done, not done, untested or hedged), figure (a number or date quoted as evidence), timescale (a number of days the text says something takes: see view stated_timescales).';
COMMENT ON COLUMN signals.sub_kind IS 'reference: policy | system | governance | report | website. commitment: future (will/intend/plan/proposal/to be done, one-off, not a conditional or habitual "will") | ongoing (in the process of, being developed, working on, currently considering, a project) | recommendation (an item under a "Recommendations ...:" heading) | action (a line of a column the landlord added whose header names an action, next steps or a target date: field extra_columns). admission: partial ("Partial - ...", not fully compliant) | incomplete (more work needed, not yet in place) | negative (a negation of something the provision asks for) | finding (an outside finding: "an issue with", "limited evidence") | not_applicable | untested ("has not been required to date") | hedge (where possible, usually, aim to). figure: percent | money | duration | count | date. timescale: what it times: stage1_acknowledgement | stage1_response | stage2_acknowledgement | stage2_response | acknowledgement | response | extension | escalation | other.';
COMMENT ON COLUMN signals.text IS 'The matched text: the reference or figure itself; for commitments and admissions the whole sentence (bullet stripped).';
COMMENT ON COLUMN signals."start" IS 'Character offset (0-based, inclusive) of text in the field; field[start:end] = text. Quote the name in SQL: "start".';
COMMENT ON COLUMN signals."end" IS 'Character offset (exclusive) of the end of text in the field. Quote the name in SQL: "end".';
COMMENT ON COLUMN signals.value IS 'Normalised value. Commitment: its due date as an ISO range "2024-04-01/2024-06-30" when it can be fixed (financial years run April-March; relative dates need the document date), else the date words as printed ("in July", "shortly"), else NULL. Figure: the number ("10", "100") or, for dates, the ISO range. Reference: the section/point numbers cited in the landlord''s own documents ("3.5", "3.1,3.2"; a range "3.2-3.5" by its two ends; never appendix numbers, numbered job titles such as "Section 151 Officer", statutory sections, dates, or the Code''s own provision numbers), else NULL. Timescale: the timescale the provision sets, read from its own text ("10 working days"), else NULL.';
COMMENT ON COLUMN signals.number IS 'Figures: the number as a double (word numbers such as "two" included); timescales: the days stated; NULL otherwise.';
COMMENT ON COLUMN signals.unit IS 'Figures: percent, GBP, the duration words ("working days", "months"), the lemma of the counted noun ("member"), or the date form (month_year, financial_year ...). References with section numbers: the kind of document the numbers point into (policy, procedure, report, website), NULL when the text does not name it. Timescales: working days, calendar days, or days. NULL otherwise.';
COMMENT ON COLUMN signals.date_start IS 'First day of the normalised date range (commitment due dates and quoted dates); NULL when not normalised.';
COMMENT ON COLUMN signals.date_end IS 'Last day of the normalised date range; NULL when not normalised.';
COMMENT ON COLUMN signals.cue IS 'What triggered the signal: the cue words of a commitment or admission (for a commitment read from an extra column, its header) ("will begin", "Partial"), or the pattern id of a reference (section, named_document, named_system, body, website, ...); for a timescale the verdict against the Code: longer than the Code | within the Code | check: days, the Code says working days | not the provision''s timescale | the provision sets no timescale | a former timescale (the text says it was replaced: "previously 25 working days").';

CREATE TABLE IF NOT EXISTS response_scores (
    doc_id             VARCHAR NOT NULL,
    row_no             INTEGER NOT NULL,
    specificity        DOUBLE NOT NULL,
    specificity_raw    DOUBLE NOT NULL,
    boilerplate        DOUBLE NOT NULL,
    boilerplate_within DOUBLE NOT NULL,
    boilerplate_across DOUBLE,
    evidence_present   BOOLEAN NOT NULL,
    claim_conflict     BOOLEAN NOT NULL,
    reasons            VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, row_no)
);
COMMENT ON TABLE response_scores IS 'One row per response: how specific its evidence is, how much of it is boilerplate, whether any evidence was given, and whether the compliance claim conflicts with its own text; reasons explains every score.';
COMMENT ON COLUMN response_scores.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN response_scores.row_no IS 'The response row (responses.row_no).';
COMMENT ON COLUMN response_scores.specificity IS '0-1: specificity_raw times (1 - 0.6 x boilerplate). 0 when no evidence was given.';
COMMENT ON COLUMN response_scores.specificity_raw IS '0-1 before the boilerplate penalty: references (+0.15 each up to 0.30, +0.10 if one pinpoints a section/point), figures (+0.10 each up to 0.20), dates (+0.10), concrete mechanisms such as templates, systems, logs, panels (+0.05 each up to 0.15), length (up to +0.25 at 80 words); short generic wording ("As per ...", fewer than 15 words) -0.10, hedges -0.05 each up to -0.10.';
COMMENT ON COLUMN response_scores.boilerplate IS '0-1: the larger of boilerplate_within and boilerplate_across.';
COMMENT ON COLUMN response_scores.boilerplate_within IS 'Share of the row''s text (characters, by sentence) in sentences repeated near-verbatim (rapidfuzz ratio >= 90, sentences of 12+ characters) in another row of the same document.';
COMMENT ON COLUMN response_scores.boilerplate_across IS 'Share of the row''s text in sentences repeated near-verbatim in a document of another landlord (documents with no landlord count as their own landlord). Set after loading by the corpus step of chc extract; NULL until it has run.';
COMMENT ON COLUMN response_scores.evidence_present IS 'True when the evidence or commentary holds any word or number at all; a Yes with an empty cell has false.';
COMMENT ON COLUMN response_scores.claim_conflict IS 'True when the comply claim disagrees with the row''s own text: claim yes (or no claim) with text that labels itself partial, admits unfinished work, denies what the provision asks, promises or is still working on what the provision asks, or quotes an outside finding against it; claim no with text saying it is now done. Claims partial, in_progress and not_applicable are not checked.';
COMMENT ON COLUMN response_scores.reasons IS 'JSON list of {"score", "effect", "why"}: every contribution to each score, with the text that caused it.';

CREATE TABLE IF NOT EXISTS sentences (
    doc_id      VARCHAR NOT NULL,
    row_no      INTEGER NOT NULL,
    field       VARCHAR NOT NULL,
    sentence_no INTEGER NOT NULL,
    "start"     INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    match_key   VARCHAR NOT NULL
);
COMMENT ON TABLE sentences IS 'One row per sentence of a response''s evidence and commentary, as the commentary analysis split them (spaCy sentencizer with chc''s fixes for abbreviations, section numbers, bullets and line breaks). The unit boilerplate is measured in, within a document and across landlords. Unique on (doc_id, row_no, field, sentence_no).';
COMMENT ON COLUMN sentences.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN sentences.row_no IS 'The response row (responses.row_no) the sentence belongs to.';
COMMENT ON COLUMN sentences.field IS 'Which text the offsets point into: evidence or commentary (the responses column of that name).';
COMMENT ON COLUMN sentences.sentence_no IS 'Position of the sentence in its field, from 1.';
COMMENT ON COLUMN sentences."start" IS 'Character offset (0-based, inclusive) of the sentence in the field, leading bullet and space left out; field[start:end] = text. Quote the name in SQL: "start".';
COMMENT ON COLUMN sentences."end" IS 'Character offset (exclusive) of the end of the sentence in the field. Quote the name in SQL: "end".';
COMMENT ON COLUMN sentences.text IS 'The sentence as printed.';
COMMENT ON COLUMN sentences.match_key IS 'The sentence reduced to lower-case words and single spaces (markup and punctuation dropped): what near-verbatim comparison and exact repetition are measured on.';
