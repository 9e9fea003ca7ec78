"""PDF self-assessments (see `reader` for how a PDF is read)."""
from extractors.pdf.reader import NAME, extract

__all__ = ["NAME", "extract"]
