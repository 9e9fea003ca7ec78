"""Thresholds that chc's Python and its SQL both use, each set once here.

The loader writes them to the `settings` table on every run; the SQL macros
`low_confidence()` and `low_specificity()` read them from there, so a view, the report and
a notebook see the same number as the pipeline.
"""
from __future__ import annotations

# match_score below which an aligned row is counted and shown as low confidence.
LOW_CONFIDENCE = 0.75
# Evidence specificity below which a yes counts as resting on unspecific evidence (when it was
# set, roughly a quarter of the sample corpus's yes claims that give evidence fell below it).
LOW_SPECIFICITY = 0.2
# claim_confidence (Tesseract's word confidence, 0-1) below which an OCRed claim is read again
# from its cell alone (extractors/pdf/ocr.py) and, if still below, listed in claims_to_check.
# In the 300 dpi scan tests Tesseract rated claims it read right 0.76 ("No", a short word,
# lowest) to 0.97 ("Yes").
LOW_OCR_CONFIDENCE = 0.7

SETTINGS = {
    "low_confidence": (LOW_CONFIDENCE, "match_score below which an aligned row counts as low confidence "
                                       "(documents.low_confidence, coverage.low_confidence)."),
    "low_specificity": (LOW_SPECIFICITY, "Evidence specificity below which a yes counts as resting on "
                                         "unspecific evidence (claims_to_check, the report, the notebooks)."),
    "low_ocr_confidence": (LOW_OCR_CONFIDENCE, "claim_confidence below which an OCRed claim is read again "
                                               "from its cell alone and, still below, listed in claims_to_check."),
}
