"""chc: Complaint Handling Code self-assessments -> one aligned DuckDB dataset.

Data flows one way: file -> extractor (extractors/) -> alignment (pipeline.align)
-> commentary analysis -> loader (pipeline.load).  Nothing upstream knows about
anything downstream.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
DEFAULT_DB = ROOT / "data" / "processed" / "chc.duckdb"
DEFAULT_RAW = ROOT / "data" / "raw"

__version__ = "0.2.0"
