-- File names that are not valid UTF-8 (bytes such as 0xE9 from an archive unzipped from Windows) are
-- stored as text with each bad byte escaped as \xNN, and their exact bytes kept here in hex, so no
-- name is lost and none can fail a batch.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS file_name_hex VARCHAR;
COMMENT ON COLUMN documents.file_name_hex IS 'The file name''s exact bytes in hex when they are not valid UTF-8 (file_name then shows each bad byte as \xNN); NULL when file_name is exact.';
ALTER TABLE document_files ADD COLUMN IF NOT EXISTS source_path_hex VARCHAR;
COMMENT ON COLUMN document_files.source_path_hex IS 'The path''s exact bytes in hex when they are not valid UTF-8 (source_path then shows each bad byte as \xNN); NULL when source_path is exact.';
