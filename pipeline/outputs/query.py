"""`chc query`: run SQL on a read-only connection and format the answer.

Also the small helpers the other read-side commands share (`open_db`, `records`).
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.core.errors import ChcError, UsageError
from pipeline.db.connection import DatabaseDamaged, connect_read_only, is_damage, rebuild_hint

FORMATS = ("table", "csv", "json")
# Characters that steer a terminal rather than print: C0 controls but tab and newline, DEL, C1
# controls (0x9b is a one-byte escape sequence), and the bidirectional overrides that reorder text.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# OWASP, CSV injection: a cell a spreadsheet would run as a formula starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
MAX_CELL = 60  # characters shown per cell in table format


class QueryError(ChcError, RuntimeError):
    """The SQL could not be run (syntax, unknown name, or an attempt to write)."""


class QueryRefused(UsageError, QueryError):
    """The SQL is not one reading statement: chc query will not run it."""


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r)) for r in self.rows]


# What `chc query` runs: reading statements only.  DESCRIBE, SHOW and SUMMARIZE parse as SELECTs.
READING = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


def open_db(db: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only, locked-down connection (pipeline.db.connection.connect_read_only);
    FileNotFoundError with a hint when the file is missing."""
    return connect_read_only(db)


def reading_statement(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse (QueryError) anything but one reading statement, as DuckDB's own parser reads it."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as e:
        raise QueryError(str(e)) from e
    if len(statements) != 1:
        raise QueryRefused(f"chc query runs one statement at a time; this SQL holds {len(statements)}")
    kind = statements[0].type
    if kind not in READING:
        raise QueryRefused(
            f"chc query is read-only: it only reads, with a SELECT (or WITH ... SELECT, DESCRIBE, SHOW, SUMMARIZE, "
            "EXPLAIN); "
            f"this is a {kind.name} statement, which it refuses. To change the data, run chc extract; "
            "to write files, use chc export or chc report")


def records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def statement_count(sql: str) -> int:
    """How many statements `sql` holds (a syntax error is the caller's QueryError)."""
    try:
        return len(duckdb.extract_statements(sql))
    except duckdb.Error as e:
        raise QueryError(str(e)) from e


def check_one_statement(sql: str) -> None:
    """Refuse an empty statement or several: only the last answer would be shown, silently."""
    n = statement_count(sql)
    if n == 0:
        raise QueryError("no SQL statement given: pass one, e.g. chc query \"SELECT * FROM coverage\"")
    if n > 1:
        raise QueryRefused(f"{n} statements given: chc query runs one statement at a time "
                         "(run each separately, or combine them into one SELECT)")


def query(db: Path | str, sql: str) -> Result:
    """Run one SQL statement against `db`, read-only, and fetch the whole answer."""
    check_one_statement(sql)
    con = open_db(db)
    try:
        reading_statement(con, sql)
        try:
            cur = con.execute(sql)
            if cur.description is None:
                return Result([], [])
            columns = [d[0] for d in cur.description]
            return Result(columns, cur.fetchall())
        except duckdb.Error as e:
            if is_damage(e):
                raise DatabaseDamaged(rebuild_hint(db)) from e
            raise QueryError(str(e)) from e
    finally:
        con.close()


def terminal_safe(text: str, json_text: bool = False) -> str:
    """Text with every control character shown as an escape (\\x1b, or \\u001b inside JSON strings,
    which decodes to the same value), so evidence text cannot move the cursor, retitle the window
    or hide what follows when it reaches a terminal."""
    if json_text:
        return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell a spreadsheet will not run: text starting = + - @ (or a tab or carriage return)
    gets a leading apostrophe, as OWASP advises; numbers and a lone sign are left alone."""
    if cell.startswith(_FORMULA_START) and len(cell) > 1 and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def plain(v: Any) -> Any:
    """A JSON-friendly version of a DuckDB value."""
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    return v


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(plain(v), ensure_ascii=False)
    return str(plain(v))


def format_result(result: Result, fmt: str = "table", max_width: int = MAX_CELL) -> str:
    """The answer as an aligned text table, CSV (header row first) or a JSON array of objects.

    In a table, cells longer than `max_width` characters are cut with an ellipsis (0: never cut)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if fmt == "json":
        return terminal_safe(json.dumps([{c: plain(v) for c, v in zip(result.columns, r)} for r in result.rows],
                                        ensure_ascii=False, indent=1), json_text=True)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([spreadsheet_safe(terminal_safe(c)) for c in result.columns])
        for r in result.rows:
            w.writerow([spreadsheet_safe(terminal_safe(_cell(v))) if isinstance(v, str) else terminal_safe(_cell(v))
                        for v in r])
        return buf.getvalue().rstrip("\n")
    return text_table(result.columns, [[_cell(v) for v in r] for r in result.rows],
                      max_cell=max_width if max_width > 0 else 10**9) + \
        f"\n({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})"


def text_table(columns: list[str], rows: list[list[str]], max_cell: int = MAX_CELL) -> str:
    """Columns padded to their widest cell; long cells cut with an ellipsis, newlines shown as spaces."""
    def clip(s: str) -> str:
        s = " ".join(s.split()) if ("\n" in s or "\t" in s) else s
        return s if len(s) <= max_cell else s[: max_cell - 1] + "…"

    columns = [terminal_safe(c) for c in columns]
    body = [[clip(terminal_safe(c)) for c in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(columns)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(r) for r in body]
    return "\n".join(out)
