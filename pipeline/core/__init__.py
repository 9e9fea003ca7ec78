"""The shared vocabulary of chc: data model, catalogue, claims, provision ids, text
matching, paths.  Imports nothing else of chc, so every stage and every extractor
can depend on it."""
