-- Tables in a document that are not the self-assessment form (issue 13): context, never responses.

CREATE TABLE IF NOT EXISTS context_tables (
    doc_id    VARCHAR NOT NULL,
    table_no  INTEGER NOT NULL,
    page      INTEGER NOT NULL,
    layout    VARCHAR NOT NULL,
    header    JSON,
    n_rows    INTEGER NOT NULL,
    n_columns INTEGER NOT NULL,
    cells     JSON NOT NULL,
    bbox      DOUBLE[],
    why       VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, table_no)
);
COMMENT ON TABLE context_tables IS 'One row per table a PDF prints that chc judged is not the self-assessment form (KPI tables, numbered action plans, a web page''s boxed widgets), one row per page it is printed on: kept as context with why it is not the form. Its rows are never responses. Judged from its header, how strongly its rows print the Code''s wording beside their numbers, and the form''s own headings.';
COMMENT ON COLUMN context_tables.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN context_tables.table_no IS 'Position of this table among the document''s context tables, 1-based, in page order.';
COMMENT ON COLUMN context_tables.page IS 'Page the table (or this page''s part of it) is printed on, 1-based.';
COMMENT ON COLUMN context_tables.layout IS 'ruled (a table drawn with rules) or borderless (a table opened by a header row, columns from its words).';
COMMENT ON COLUMN context_tables.header IS 'JSON list of the header row''s cells as printed; NULL when the table printed no header on this page.';
COMMENT ON COLUMN context_tables.n_rows IS 'Body rows (header not counted).';
COMMENT ON COLUMN context_tables.n_columns IS 'Cells in its widest row.';
COMMENT ON COLUMN context_tables.cells IS 'JSON list of body rows, each a list of cell texts left to right, as printed (lines joined by spaces).';
COMMENT ON COLUMN context_tables.bbox IS 'Ruled tables: [x0, top, x1, bottom] in PDF points from the page''s top-left corner; NULL for borderless ones.';
COMMENT ON COLUMN context_tables.why IS 'Why it is not the form, in words: no form header and other columns; a form header but rows that print no provision''s wording (with the counts); the rest of a table that is not the form.';
