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

SETTINGS = {
    "low_confidence": (LOW_CONFIDENCE, "match_score below which an aligned row counts as low confidence "
                                       "(documents.low_confidence, coverage.low_confidence)."),
    "low_specificity": (LOW_SPECIFICITY, "Evidence specificity below which a yes counts as resting on "
                                         "unspecific evidence (claims_to_check, the report, the notebooks)."),
}
