-- Layer 1: loaded tables.  A public interface: names and meanings are stable.
-- Applied in file-name order by pipeline/db/loader.py; every statement is idempotent.

CREATE TABLE IF NOT EXISTS documents (
    doc_id          VARCHAR PRIMARY KEY,
    file_name       VARCHAR NOT NULL,
    source_path     VARCHAR,
    sha256          VARCHAR NOT NULL,
    format          VARCHAR,
    landlord        VARCHAR,
    landlord_type   VARCHAR,
    code_version    VARCHAR,
    assessed_period VARCHAR,
    rows            INTEGER NOT NULL DEFAULT 0,
    status          VARCHAR NOT NULL,
    extractor       VARCHAR,
    extracted_at    TIMESTAMP,
    source_url      VARCHAR,
    landlord_source VARCHAR,
    low_confidence  INTEGER NOT NULL DEFAULT 0
);
COMMENT ON TABLE documents IS 'One row per distinct document (distinct file bytes) that chc has read, including ones that failed.';
COMMENT ON COLUMN documents.doc_id IS 'Stable identifier: the first 16 hex characters of the SHA-256 of the file bytes. The same bytes under two names are one document.';
COMMENT ON COLUMN documents.file_name IS 'File name (without folder) under which the document was first read; all names are in document_files.';
COMMENT ON COLUMN documents.source_path IS 'Path of that file: relative to the raw folder (./data/raw) when inside it, else absolute.';
COMMENT ON COLUMN documents.sha256 IS 'SHA-256 of the file bytes, hex.';
COMMENT ON COLUMN documents.format IS 'Input format: text, pdf, html, docx, sheet.';
COMMENT ON COLUMN documents.landlord IS 'Landlord name: from data/raw/manifest.csv, else inferred from the text where the document names itself, else NULL (never invented).';
COMMENT ON COLUMN documents.landlord_type IS 'council or housing association, from the manifest; NULL when not recorded.';
COMMENT ON COLUMN documents.code_version IS 'Edition of the Complaint Handling Code the rows follow: 2022 (sections 1-8) or 2024 (sections 1-9), decided from all rows and headers. NULL if no rows.';
COMMENT ON COLUMN documents.assessed_period IS 'Period or date of the assessment as recorded in the manifest (free text, e.g. 2024/25); NULL when unknown.';
COMMENT ON COLUMN documents.rows IS 'Number of provision rows loaded into responses.';
COMMENT ON COLUMN documents.status IS 'loaded (rows, no errors), partial (rows, with error problems), failed (no rows; see problems).';
COMMENT ON COLUMN documents.extractor IS 'Format and extractor version that produced the rows, e.g. text/4 (pipeline/core/versions.py: EXTRACTOR_VERSION, not the chc release). A change of extractor version re-extracts the document.';
COMMENT ON COLUMN documents.extracted_at IS 'When the rows were extracted (UTC).';
COMMENT ON COLUMN documents.source_url IS 'Where the document was downloaded from, from the manifest; NULL when unknown.';
COMMENT ON COLUMN documents.landlord_source IS 'Where landlord came from: manifest; metadata (HTML title or site name, PDF or Word properties); title (the document''s first lines); text (a sentence or a suffixed name in the text); or NULL.';
COMMENT ON COLUMN documents.low_confidence IS 'Number of rows aligned with match_score below low_confidence().';

CREATE TABLE IF NOT EXISTS document_files (
    doc_id      VARCHAR NOT NULL,
    file_name   VARCHAR NOT NULL,
    source_path VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, source_path)
);
COMMENT ON TABLE document_files IS 'Every file path under which a document was seen; two names for the same bytes give two rows and one document.';
COMMENT ON COLUMN document_files.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN document_files.file_name IS 'File name without folder.';
COMMENT ON COLUMN document_files.source_path IS 'Path relative to the raw folder (./data/raw) when inside it, else absolute.';

CREATE TABLE IF NOT EXISTS responses (
    doc_id           VARCHAR NOT NULL,
    row_no           INTEGER NOT NULL,
    provision_id     VARCHAR,
    code_version     VARCHAR NOT NULL,
    printed_id       VARCHAR,
    id_corrected     BOOLEAN NOT NULL,
    match_score      DOUBLE NOT NULL,
    match_method     VARCHAR NOT NULL,
    requirement_text VARCHAR,
    comply_raw       VARCHAR,
    comply           VARCHAR NOT NULL,
    evidence         VARCHAR,
    commentary       VARCHAR,
    section          VARCHAR,
    sub_heading      VARCHAR,
    source_start     INTEGER,
    source_end       INTEGER,
    bbox             DOUBLE[],
    read_as          VARCHAR,
    merged_cells     VARCHAR[],
    continued_parts  INTEGER,
    sheet            VARCHAR,
    html_markup      BOOLEAN,
    PRIMARY KEY (doc_id, row_no)
);
COMMENT ON TABLE responses IS 'One row per provision row printed in a document, aligned to its canonical provision.';
COMMENT ON COLUMN responses.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN responses.row_no IS 'Position of the row in the document, from 1.';
COMMENT ON COLUMN responses.provision_id IS 'Canonical provision number in the document''s edition (provisions.provision_id); NULL if the row could not be aligned.';
COMMENT ON COLUMN responses.code_version IS 'Edition the provision_id belongs to: 2022 or 2024 (same as documents.code_version).';
COMMENT ON COLUMN responses.printed_id IS 'The number as printed, a converter''s tab written as a tab ("2.<TAB>2"); empty when none was printed.';
COMMENT ON COLUMN responses.id_corrected IS 'True when the printed number was missing-in-edition or wrong and provision_id comes from the requirement text.';
COMMENT ON COLUMN responses.match_score IS 'Confidence of the alignment, 0-1: text similarity of requirement_text to the canonical text (0.7 when only a number was available).';
COMMENT ON COLUMN responses.match_method IS 'number+text (printed number confirmed by text), number (number, text too short or weak), text (placed or repaired from the text), unaligned; set by review decisions (corrections.csv): not_a_row (the row is no provision row), review (a row the reviewer added: field missing_row).';
COMMENT ON COLUMN responses.requirement_text IS 'Requirement as printed in the document (HTML removed, lists kept on their own lines).';
COMMENT ON COLUMN responses.comply_raw IS 'Comply cell as printed; NULL when the row has no comply cell, empty when the cell is blank.';
COMMENT ON COLUMN responses.comply IS 'Normalised claim: yes, no, partial, in_progress, not_applicable, not_stated. From the comply cell only; an unreadable cell is not_stated with a problem.';
COMMENT ON COLUMN responses.evidence IS 'Evidence cell (the 2022 form''s single "Evidence, commentary and any explanations" column), fragments re-joined column by column.';
COMMENT ON COLUMN responses.commentary IS 'Commentary / explanation cell of the 2024 form; empty for the 2022 form.';
COMMENT ON COLUMN responses.section IS 'Section heading the row is printed under (as printed, may be wrong in the form itself).';
COMMENT ON COLUMN responses.sub_heading IS 'Sub-headings the row is printed under: must/should table and Stage 1/2/3, joined by " / ".';
COMMENT ON COLUMN responses.source_start IS 'First source line (text formats, 1-based) or page (PDF) of the row.';
COMMENT ON COLUMN responses.source_end IS 'Last source line or page of the row, continuation fragments included.';
COMMENT ON COLUMN responses.bbox IS 'PDF only: [x0, top, x1, bottom] in points of the row on its first page; NULL otherwise.';
COMMENT ON COLUMN responses.read_as IS 'How the row was read: the text layout that won for the document (tabbed, pipes, blocks, flat), grid (a table cell by cell: HTML, Word, spreadsheet), or the PDF table kind (ruled, borderless). NULL for rows loaded before chc recorded it.';
COMMENT ON COLUMN responses.merged_cells IS 'Columns (roles such as comply, evidence) whose cell was merged with the row above and so read from it; empty when none. NULL for rows loaded before chc recorded it.';
COMMENT ON COLUMN responses.continued_parts IS 'How many later parts (a row split over a page break) were joined onto the row; 0 when it was printed in one piece. NULL for rows loaded before chc recorded it.';
COMMENT ON COLUMN responses.sheet IS 'Spreadsheets: the worksheet the row is on; NULL for other formats.';
COMMENT ON COLUMN responses.html_markup IS 'True when the cells carried HTML residue (tags, entities) that was turned into text. NULL for rows loaded before chc recorded it.';

CREATE TABLE IF NOT EXISTS provisions (
    code_version       VARCHAR NOT NULL,
    provision_id       VARCHAR NOT NULL,
    section_number     INTEGER NOT NULL,
    section_title      VARCHAR,
    obligation         VARCHAR,
    requirement_text   VARCHAR,
    in_self_assessment BOOLEAN NOT NULL,
    form_group         VARCHAR,
    stage              INTEGER,
    sort_order         INTEGER NOT NULL,
    PRIMARY KEY (code_version, provision_id)
);
COMMENT ON TABLE provisions IS 'Canonical provisions of both Code editions (schemas/reference/provisions_*.csv).';
COMMENT ON COLUMN provisions.code_version IS '2022 or 2024.';
COMMENT ON COLUMN provisions.provision_id IS 'Provision number, e.g. 5.19.';
COMMENT ON COLUMN provisions.section_number IS 'Section of the Code (1-8 in 2022, 1-9 in 2024).';
COMMENT ON COLUMN provisions.section_title IS 'Section title in the Code.';
COMMENT ON COLUMN provisions.obligation IS 'must, should, may or mixed, from the verbs that bind the landlord.';
COMMENT ON COLUMN provisions.requirement_text IS 'Wording of the official self-assessment form (curly quotes made ASCII, bullets joined with "; ").';
COMMENT ON COLUMN provisions.in_self_assessment IS 'True where the provision is a row of the official self-assessment form (72 per edition).';
COMMENT ON COLUMN provisions.form_group IS '2022 only: must or should, the table the form lists the row under.';
COMMENT ON COLUMN provisions.stage IS 'Complaint stage (1, 2, 3) the Code lists the provision under, for its stages section; NULL elsewhere.';
COMMENT ON COLUMN provisions.sort_order IS 'Sort key in Code order (section * 1000 + item), so 1.2 sorts before 1.10.';

CREATE TABLE IF NOT EXISTS crosswalk (
    provision_2022 VARCHAR,
    provision_2024 VARCHAR,
    relation       VARCHAR NOT NULL,
    confidence     VARCHAR,
    note           VARCHAR
);
COMMENT ON TABLE crosswalk IS 'How 2022 provisions map onto 2024 numbering and back (schemas/reference/crosswalk_2022_2024.csv). No official mapping exists; this one was built by reading both texts.';
COMMENT ON COLUMN crosswalk.provision_2022 IS '2022 provision number; NULL for provisions new in 2024.';
COMMENT ON COLUMN crosswalk.provision_2024 IS '2024 provision number; NULL for provisions dropped in 2024.';
COMMENT ON COLUMN crosswalk.relation IS 'same, reworded, strengthened (should->must), split, merged, new_in_2024, dropped_in_2024.';
COMMENT ON COLUMN crosswalk.confidence IS 'high, medium or low.';
COMMENT ON COLUMN crosswalk.note IS 'What changed between the two texts.';

CREATE TABLE IF NOT EXISTS response_links (
    doc_id         VARCHAR NOT NULL,
    row_no         INTEGER NOT NULL,
    provision_2024 VARCHAR NOT NULL,
    relation       VARCHAR NOT NULL
);
COMMENT ON TABLE response_links IS 'Each aligned response''s counterparts in 2024 numbering (2024 rows link to themselves with relation same), so 2022 and 2024 answers can be compared.';
COMMENT ON COLUMN response_links.doc_id IS 'The document (responses.doc_id).';
COMMENT ON COLUMN response_links.row_no IS 'The response (responses.row_no).';
COMMENT ON COLUMN response_links.provision_2024 IS '2024 provision number the response carries across to.';
COMMENT ON COLUMN response_links.relation IS 'Crosswalk relation (same, reworded, strengthened (should->must), split, merged).';

CREATE TABLE IF NOT EXISTS problems (
    doc_id    VARCHAR,
    file_name VARCHAR NOT NULL,
    stage     VARCHAR NOT NULL,
    severity  VARCHAR NOT NULL,
    message   VARCHAR NOT NULL,
    row_no    INTEGER
);
COMMENT ON TABLE problems IS 'What went wrong or looked doubtful, per document: never silent, never fatal to the batch.';
COMMENT ON COLUMN problems.doc_id IS 'The document; NULL when the file could not even be read.';
COMMENT ON COLUMN problems.file_name IS 'File name the problem was found in.';
COMMENT ON COLUMN problems.stage IS 'read, extract, align, analyse or load.';
COMMENT ON COLUMN problems.severity IS 'error (the document or part of it was not loaded), warning (loaded, but check it), info.';
COMMENT ON COLUMN problems.message IS 'What happened and what to do next.';
COMMENT ON COLUMN problems.row_no IS 'The response row concerned, when the problem is about one row.';
