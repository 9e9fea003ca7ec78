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

-- Each document with the self-assessment it is part of and the landlord that assessment belongs
-- to.  The landlord is its landlord_id (the register's, however the document printed the name);
-- landlord_key also gives a document with no known landlord a key of its own, per assessment, so
-- that grouping by it never merges two unnamed landlords.  Every file of one assessment takes the
-- same landlord (the first linked one), so an assessment never splits between two landlords.
CREATE OR REPLACE VIEW int.document_landlord AS
WITH linked AS (
    SELECT d.doc_id, d.file_name, d.landlord,
           coalesce(d.assessment_id, d.doc_id) AS assessment_id,
           dl.landlord_id,
           coalesce(dl.landlord_id, 'name:' || nullif(lower(trim(d.landlord)), '')) AS named_key,
           coalesce(l.name, nullif(trim(d.landlord), '')) AS landlord_name
    FROM main.documents d
    LEFT JOIN main.document_landlords dl USING (doc_id)
    LEFT JOIN main.landlords l USING (landlord_id)
)
SELECT doc_id, assessment_id, file_name,
       min(landlord_id) OVER w AS landlord_id,
       coalesce(min(named_key) OVER w, 'unnamed:' || assessment_id) AS landlord_key,
       coalesce(arg_min(landlord_name, named_key) OVER w,
                'unnamed (' || min(file_name) OVER w || ')') AS landlord_label
FROM linked
WINDOW w AS (PARTITION BY assessment_id);

-- One row per self-assessment and its landlord (the columns above, once per assessment).
CREATE OR REPLACE VIEW int.assessment_landlord AS
SELECT DISTINCT assessment_id, landlord_id, landlord_key, landlord_label
FROM int.document_landlord;
