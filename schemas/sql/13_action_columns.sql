-- Commitments read from the columns a landlord adds beyond the form's (issue 13): which column, and who leads.
ALTER TABLE signals ADD COLUMN IF NOT EXISTS source_column VARCHAR;
ALTER TABLE signals ADD COLUMN IF NOT EXISTS owner VARCHAR;
COMMENT ON COLUMN signals.source_column IS 'field extra_columns: the header of the column the text was read from (a key of responses.extra_columns, e.g. "Action / owner / target date"); "start" and "end" are offsets into that column''s cell text. NULL for evidence and commentary.';
COMMENT ON COLUMN signals.owner IS 'Commitments read from an extra column (sub_kind action): who leads it, from a label in the cell ("Lead: Customer Insight Officer", "owner - ...") or from an owner column of the same row ("Lead officer"); NULL when none is named, and for every other signal.';
