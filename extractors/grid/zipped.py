"""Office files are zip archives whose parts python-docx and openpyxl inflate whole: a 2 MB
file can hold gigabytes of XML.  Their directory is checked before either library opens them,
from the sizes it declares (zipfile never inflates a part past its declared size)."""
from __future__ import annotations

import io
import zipfile

from pipeline.core.model import Problem

# A real self-assessment's parts inflate to a few MB; these are generous and still cheap to refuse.
MAX_INFLATED = 256 * 1024 * 1024  # bytes, all parts together
MAX_PART = 128 * 1024 * 1024  # bytes, any one part
MAX_ENTRIES = 5000  # parts in the archive


def oversized(data: bytes, what: str) -> Problem | None:
    """A Problem when the archive is too big to open safely; None when it is fine (or not a zip
    at all: the library then says it cannot read it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    total = sum(i.file_size for i in infos)
    biggest = max(infos, key=lambda i: i.file_size, default=None)
    if len(infos) > MAX_ENTRIES:
        why = f"it holds {len(infos):,} parts (chc opens at most {MAX_ENTRIES:,})"
    elif biggest is not None and biggest.file_size > MAX_PART:
        why = (f"its part {biggest.filename} inflates to {biggest.file_size / 2**20:,.0f} MB "
               f"(chc opens parts of at most {MAX_PART / 2**20:,.0f} MB)")
    elif total > MAX_INFLATED:
        why = f"it inflates to {total / 2**20:,.0f} MB (chc opens at most {MAX_INFLATED / 2**20:,.0f} MB)"
    else:
        return None
    return Problem("read", "error", f"too large to read: this {what} is a zip archive and {why}; a "
                                    "self-assessment is far smaller, so the file is not one or is damaged")
