"""Is a document the whole form?  A file cut short (a failed download, a truncated
export) reads cleanly but answers only its first few rows; nothing else would say so."""
from __future__ import annotations

from pipeline.core.catalogue import Catalogue
from pipeline.core.model import Problem, Response

# Below this share of its edition's form rows a single document is reported as incomplete.  Real
# forms skip a few rows (omitted provisions); a cut file loses whole sections.
COMPLETE_SHARE = 0.5
INCOMPLETE = "incomplete form"  # how the warning opens, so that the run's summary can show it


def incomplete_form(responses: list[Response], code_version: str, cat: Catalogue) -> Problem | None:
    """A warning naming how many form rows the document holds and which sections are missing."""
    form = [p for p in cat.provisions.get(code_version, ()) if p.in_self_assessment]
    if not form:
        return None
    answered = {r.provision_id for r in responses if r.provision_id}
    held = [p for p in form if p.provision_id in answered]
    if len(held) >= COMPLETE_SHARE * len(form):
        return None
    sections = sorted({p.section_number for p in form})
    present = {p.section_number for p in held}
    missing = [s for s in sections if s not in present]
    where = f"; sections {', '.join(map(str, missing))} are missing" if missing else ""
    return Problem(
        "align", "warning",
        f"{INCOMPLETE}: holds {len(held)} of the {len(form)} rows of the {code_version} form{where}. The file may be cut "
        "short (check it against the original), or it is one part of a form published in several files "
        "(give the parts one `assessment` in the manifest)",
    )
