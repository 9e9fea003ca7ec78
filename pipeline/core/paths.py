"""Where chc's own data lives (the Code's reference tables, SQL, patterns), and the
default locations of a data project's input and output.

`schemas/` sits beside `pipeline/` in a checkout; installed from a wheel, `schemas` is a
package of its own (found through its `__file__`).  The default input and output are relative
to the working directory, as in any data project: run chc from the project folder and it
reads `./data/raw` and writes `./data/processed/chc.duckdb`.
"""
from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def _schemas() -> Path:
    if (_CHECKOUT / "schemas" / "sql").is_dir():
        return _CHECKOUT / "schemas"
    spec = find_spec("schemas")
    if spec is None or not spec.origin:
        raise RuntimeError("chc's schemas/ are missing: reinstall chc (pip install chc)")
    return Path(spec.origin).resolve().parent


SCHEMAS = _schemas()
# The checkout chc runs from (its tests and benchmarks find the sample corpus here); an
# installed chc has none, and ROOT is then the folder that holds its schemas.
ROOT = _CHECKOUT if SCHEMAS == _CHECKOUT / "schemas" else SCHEMAS.parent
DEFAULT_DB = Path("data") / "processed" / "chc.duckdb"
DEFAULT_RAW = Path("data") / "raw"


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
