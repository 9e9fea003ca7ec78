-- Layer 2b: private intermediate views (schema int) that the question views (3*.sql) build on,
-- so each expression they share is written once.  Not a public interface: names and columns
-- may change; `chc dictionary` and `chc export` leave the schema out.

CREATE SCHEMA IF NOT EXISTS int;

-- Each response with its scores, and whether it gives any evidence at all: the scored
-- evidence_present where the commentary analysis ran, else any non-blank evidence or commentary.
CREATE OR REPLACE VIEW int.scored_responses AS
SELECT r.*,
       s.specificity,
       s.claim_conflict,
       s.reasons,
       coalesce(s.evidence_present,
                coalesce(trim(r.evidence), '') <> '' OR coalesce(trim(r.commentary), '') <> '') AS has_evidence
FROM main.responses r
LEFT JOIN main.response_scores s USING (doc_id, row_no);

-- The provisions, with the must/should a reader compares them by: the 2022 form's table
-- (form_group) where there is one, else the provision's own obligation.
CREATE OR REPLACE VIEW int.provisions AS
SELECT p.*, coalesce(p.form_group, p.obligation) AS form_obligation
FROM main.provisions p;

-- Aligned responses with their provision.
CREATE OR REPLACE VIEW int.aligned_responses AS
SELECT r.*, p.section_number, p.sort_order, p.in_self_assessment, p.form_obligation
FROM int.scored_responses r
JOIN int.provisions p USING (code_version, provision_id);

-- Aligned responses carried into 2024 numbering: one row per response and 2024 counterpart.
CREATE OR REPLACE VIEW int.linked_responses AS
SELECT l.provision_2024, l.relation, r.*
FROM main.response_links l
JOIN int.aligned_responses r USING (doc_id, row_no);
