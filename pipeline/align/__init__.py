"""Alignment: each extracted row to its canonical provision, in its document's edition."""
from pipeline.align.aligner import LOW_CONFIDENCE, Alignment, align

__all__ = ["LOW_CONFIDENCE", "Alignment", "align"]
