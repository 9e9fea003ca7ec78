"""The commentary package's single homes: the SQL comments that restate its weights agree with them."""
import re

from pipeline.core.paths import ROOT
from pipeline.commentary.scoring import SPECIFICITY

SQL = (ROOT / "schemas" / "sql" / "12_commentary.sql").read_text(encoding="utf-8")


def _comment(column: str) -> str:
    m = re.search(r"COMMENT ON COLUMN response_scores\." + column + r" IS '((?:[^']|'')*)';", SQL)
    assert m, column
    return m.group(1).replace("''", "'")


def test_specificity_raw_comment_is_the_weights():
    assert _comment("specificity_raw") == SPECIFICITY.describe()


def test_specificity_comment_names_the_boilerplate_penalty():
    assert f"(1 - {SPECIFICITY.boilerplate_penalty} x boilerplate)" in _comment("specificity")
