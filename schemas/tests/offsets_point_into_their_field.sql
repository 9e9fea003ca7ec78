-- signals and sentences: field[start:end] is the text they quote.
SELECT 'signals' AS source, s.doc_id, s.row_no, s.field, s."start", s."end", s.text
FROM signals s JOIN responses r USING (doc_id, row_no)
WHERE substr(CASE s.field WHEN 'evidence' THEN r.evidence ELSE r.commentary END, s."start" + 1, s."end" - s."start")
      IS DISTINCT FROM s.text
UNION ALL
SELECT 'sentences', s.doc_id, s.row_no, s.field, s."start", s."end", s.text
FROM sentences s JOIN responses r USING (doc_id, row_no)
WHERE substr(CASE s.field WHEN 'evidence' THEN r.evidence ELSE r.commentary END, s."start" + 1, s."end" - s."start")
      IS DISTINCT FROM s.text
