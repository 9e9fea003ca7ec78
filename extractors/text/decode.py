"""Bytes of a text dump -> str, whatever encoding the researcher's tool saved it in."""
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
