"""Where chc's own data lives (the Code's reference tables, SQL, patterns), and the
default locations of a data project's input and output.

The defaults are relative to the working directory, as in any data project: run chc
from the project folder and it reads `./data/raw` and writes `./data/processed/chc.duckdb`.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
DEFAULT_DB = Path("data") / "processed" / "chc.duckdb"
DEFAULT_RAW = Path("data") / "raw"


def stored_path(path: Path, raw: Path = DEFAULT_RAW) -> str:
    """How a document's path is recorded: relative to the raw folder when the file is inside it
    (`2024/brent.pdf`), else absolute, so it means the same whichever folder chc ran from."""
    full = Path(path).resolve()
    try:
        return full.relative_to(Path(raw).resolve()).as_posix()
    except ValueError:
        return full.as_posix()
