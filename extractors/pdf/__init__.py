"""PDF self-assessments (see `document` for how a PDF is read, stage by stage)."""
from extractors.pdf.document import NAME, extract
from extractors.pdf.settings import PdfSettings

__all__ = ["NAME", "PdfSettings", "extract"]
