"""Where chc's own data lives (the Code's reference tables, SQL, patterns), and the
default locations of a data project's input and output."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
DEFAULT_DB = ROOT / "data" / "processed" / "chc.duckdb"
DEFAULT_RAW = ROOT / "data" / "raw"


def text_of(name: str) -> str:
    """A file name or path as text that any UTF-8 store or terminal accepts.

    Python hands back bytes that are not UTF-8 (a Windows archive unzipped on Linux: b"caf\\xe9")
    as lone surrogates, which DuckDB, Arrow and most consoles refuse; those bytes become the
    escape `\\xe9` here, and `raw_bytes_of` keeps the exact bytes beside it."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def raw_bytes_of(name: str) -> bytes | None:
    """The name's exact bytes when `text_of` had to escape it, else None (the text is exact)."""
    try:
        name.encode("utf-8")
        return None
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape")
