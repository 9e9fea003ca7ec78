"""Old office formats (.doc, .odt, .rtf; .xls, .ods), converted by LibreOffice headless to
.docx / .xlsx and then read by the Word and spreadsheet extractors.

LibreOffice runs with a profile of its own in a temporary folder (a user's running
LibreOffice, or another worker's conversion, would otherwise lock the shared profile),
and under a time limit.  The Extraction records the format converted to; the caller
keeps the original format.  Without LibreOffice the problem says how to install it.
"""
from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.core.model import Extraction, Problem, Source

NAME = "convert"
# original suffix -> (format converted to, the extractor that reads it)
TARGETS = {
    ".doc": ("docx", "extractors.grid.docx"),
    ".odt": ("docx", "extractors.grid.docx"),
    ".rtf": ("docx", "extractors.grid.docx"),
    ".xls": ("xlsx", "extractors.grid.sheet"),
    ".ods": ("xlsx", "extractors.grid.sheet"),
}
TIMEOUT = 120.0  # seconds for one conversion (LibreOffice's own start-up is a few seconds)
INSTALL_HINT = ("install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui "
                "libreoffice-calc-nogui; macOS: brew install --cask libreoffice), or save the file as "
                ".docx / .xlsx and run again")


def soffice() -> str | None:
    """The LibreOffice command, or None.  CHC_SOFFICE names one explicitly."""
    explicit = os.environ.get("CHC_SOFFICE")
    if explicit:
        return explicit if shutil.which(explicit) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def extract(source: Source) -> Extraction:
    target, module = TARGETS.get(source.suffix, (None, None))
    if target is None:
        return Extraction(extractor=NAME, problems=[Problem(
            "read", "error", f"no conversion is known for {source.suffix or '(no suffix)'}")])
    converted = convert(source, target)
    if isinstance(converted, Problem):
        return Extraction(extractor=NAME, problems=[converted])
    reader = importlib.import_module(module)
    extraction = reader.extract(Source(source.path.with_suffix("." + target), converted, max_pages=source.max_pages))
    extraction.extractor = f"{reader.NAME}"
    extraction.converted_format = target
    return extraction


def convert(source: Source, target: str) -> bytes | Problem:
    """The file's bytes in `target` format, or the Problem saying why not."""
    command = soffice()
    kind = source.suffix.lstrip(".")
    if command is None:
        return Problem("read", "error", f"a .{kind} file needs LibreOffice to be read, and it is not installed: "
                                        + INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="chc-convert-") as tmp:
        tmp_path = Path(tmp)
        original = tmp_path / ("in" + source.suffix)
        original.write_bytes(source.data)
        profile = (tmp_path / "profile").as_uri()
        try:
            done = subprocess.run(
                [command, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", target, "--outdir", str(tmp_path / "out"), str(original)],
                capture_output=True, timeout=TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired:
            return Problem("read", "error", f"LibreOffice took longer than {TIMEOUT:g} s to convert this "
                                            f".{kind} file and was stopped; save it as .{target} and run again")
        except OSError as e:
            return Problem("read", "error", f"LibreOffice ({command}) could not be started ({e}); " + INSTALL_HINT)
        out = tmp_path / "out" / f"in.{target}"
        if not out.exists() or out.stat().st_size == 0:
            said = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip().splitlines()
            detail = f" (LibreOffice said: {said[-1][:200]})" if said else ""
            return Problem("read", "error", f"LibreOffice could not convert this .{kind} file to .{target}"
                                            f"{detail}; the file may be damaged or not really a .{kind} file")
        return out.read_bytes()
