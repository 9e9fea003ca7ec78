"""Bytes of a text dump (or a manifest, or a web page) -> str, whatever encoding the
researcher's tool saved it in."""
from __future__ import annotations

import codecs

from pipeline.core.model import Problem

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = set("\t\n\r\f\v")


def decode_text(data: bytes) -> tuple[str | None, list[Problem]]:
    """Return (text, problems); text is None when the bytes are not text at all."""
    if not data.strip():
        return None, [Problem("read", "error", "the file is empty: nothing to extract")]
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    problems: list[Problem] = []
    text: str | None = None
    if encoding:
        text = data.decode(encoding, errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, bad = mostly_utf8(data)
            if text is not None:
                problems.append(Problem("read", "warning", (
                    f"the text is UTF-8 but for {bad} byte{'s' if bad != 1 else ''} that {'are' if bad != 1 else 'is'} "
                    "not; each was replaced with the replacement character U+FFFD")))
            else:
                text, encoding = _guess(data)
                if text is not None:
                    problems.append(Problem("read", "info", f"text is not UTF-8; read it as {encoding}"))
    if text is None or _looks_binary(text):
        return None, [
            Problem(
                "read",
                "error",
                "the file is not text (binary content); if it is a PDF or Word file, "
                "give it the right extension (.pdf, .docx) and run again",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


def mostly_utf8(data: bytes) -> tuple[str | None, int]:
    """(text, bad bytes) when the bytes are UTF-8 with a few bytes that are not, else (None, 0).

    A file in a single-byte encoding (cp1252, Latin-1) almost never holds a valid multi-byte UTF-8
    sequence; one that holds more of them than invalid bytes is UTF-8 with some damage, and
    reading all of it as cp1252 would turn every "\u2013" into "\u00e2\u20ac\u201c"."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if bad and good >= 2 * bad:
        return text, bad
    return None, 0


def _guess(data: bytes) -> tuple[str | None, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return data.decode("cp1252", errors="replace"), "cp1252"


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ch < " " and ch not in _ALLOWED_CONTROLS) or ch == "\ufffd")
    return bad / len(sample) > 0.05
