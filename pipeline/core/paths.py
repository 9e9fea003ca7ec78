"""Where chc's own data lives (the Code's reference tables, SQL, patterns), and the
default locations of a data project's input and output.

In a checkout, `schemas/` sits beside `pipeline/` and the defaults are the checkout's
`data/` folders.  Installed from a wheel, `schemas` is a package of its own (found through
its `__file__`), and the defaults are relative to the working directory.
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
# The checkout when running from one, else the working directory (an installed chc).
ROOT = _CHECKOUT if SCHEMAS == _CHECKOUT / "schemas" else Path.cwd()
DEFAULT_DB = ROOT / "data" / "processed" / "chc.duckdb"
DEFAULT_RAW = ROOT / "data" / "raw"
