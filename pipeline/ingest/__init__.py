"""Intake: which files to read (manifest, discovery), the per-document limits, one file
through every stage (`process.process_file`), and the batch run (`batch.extract`)."""
