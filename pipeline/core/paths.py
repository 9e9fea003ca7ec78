"""Where chc's own data lives (the Code's reference tables, SQL, patterns), and the
default locations of a data project's input and output."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
DEFAULT_DB = ROOT / "data" / "processed" / "chc.duckdb"
DEFAULT_RAW = ROOT / "data" / "raw"
