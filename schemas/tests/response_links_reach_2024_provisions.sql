-- Every link carries a response to a provision of the 2024 edition.
SELECT l.*
FROM response_links l
WHERE NOT EXISTS (SELECT 1 FROM provisions p WHERE p.code_version = '2024' AND p.provision_id = l.provision_2024)
