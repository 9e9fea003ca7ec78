"""chc: Complaint Handling Code self-assessments -> one aligned DuckDB dataset.

Data flows one way (docs/architecture.md):

    file -> extractors/ -> pipeline.align -> pipeline.commentary -> pipeline.db -> views -> pipeline.outputs

`pipeline.core` is the shared vocabulary (data model, catalogue, claims, provision
ids, text matching) and imports nothing else of chc; extractors import only
`pipeline.core`; `pipeline.ingest` runs the stages for each file and the batch.
"""

__version__ = "0.3.0"
