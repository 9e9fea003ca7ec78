-- Canned queries for the SQLite copy that `chc export --sqlite FILE` writes: the README's questions
-- (README "Question views") in SQLite's dialect, for `datasette FILE -m metadata.json`.
-- Each query starts with a `-- name: <url-name> | <title>` line; `:word` is a form field in Datasette.

-- name: one_provision | One provision across every landlord and both editions
SELECT landlord_label, code_version, answered_as, relation, comply, specificity, claim_conflict
FROM compliance_matrix
WHERE provision_2024 = :provision
ORDER BY code_version DESC, landlord_label;

-- name: claims_by_edition | How the claims split by edition and by must/should
SELECT code_version, obligation, answers, share_yes, share_partial, share_in_progress, share_no, share_not_stated
FROM claim_shares
ORDER BY code_version, obligation;

-- name: claims_first | Claims to look at first
SELECT priority, reason, landlord_label, provision_id, comply, substr(detail, 1, 70) AS detail
FROM claims_to_check
ORDER BY priority, landlord_label, row_no
LIMIT 20;

-- name: left_out | What each document leaves out
SELECT landlord_label, code_version, provision_id, obligation, substr(requirement_text, 1, 60) AS requirement
FROM omitted_provisions
ORDER BY landlord_label, sort_order;

-- name: dated_commitments | Dated commitments and whether they have passed on a date (YYYY-MM-DD)
SELECT landlord_label, provision_id, due_from, due_by,
       CASE WHEN due_by < :as_of THEN 'passed' WHEN due_from <= :as_of THEN 'due_now' ELSE 'not_yet_due' END
           AS due_status,
       substr(commitment, 1, 70) AS commitment
FROM commitments
WHERE due_by IS NOT NULL
ORDER BY due_by;

-- name: search | Evidence and commentary holding a phrase
SELECT landlord_label, provision_id, field, substr(text, 1, 120) AS text
FROM search_corpus
WHERE text LIKE '%' || :phrase || '%'
ORDER BY landlord_label, provision_id;
