"""Per-row scores: evidence present, specificity (weights in `SPECIFICITY`), claim conflict, with reasons.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.core.model import Response
from pipeline.commentary import timescales
from pipeline.commentary.conflicts import judge_conflict
from pipeline.commentary.findings import Meaning, quote
from pipeline.commentary.vocabulary import FIELDS, vocabulary

if TYPE_CHECKING:
    from pipeline.commentary.reading import FieldReading


@dataclass(frozen=True)
class SpecificityWeights:
    """The one home of the specificity weights; schemas/sql/12_commentary.sql's comment on
    response_scores.specificity_raw is built from `describe()` (tests/test_commentary_structure.py)."""
    reference: float = 0.15  # each reference ...
    references_max: float = 0.30  # ... up to
    pinpoint: float = 0.10  # one reference pinpoints a section/point
    figure: float = 0.10
    figures_max: float = 0.20
    dated: float = 0.10
    mechanism: float = 0.05
    mechanisms_max: float = 0.15
    length_max: float = 0.25
    length_words: int = 80  # words at which the length part is full
    generic: float = -0.10
    generic_below_words: int = 15
    hedge: float = -0.05
    hedges_min: float = -0.10
    boilerplate_penalty: float = 0.6  # specificity = raw * (1 - penalty * boilerplate)

    def describe(self) -> str:
        f = "{:.2f}".format
        return (f"0-1 before the boilerplate penalty: references (+{f(self.reference)} each up to "
                f"{f(self.references_max)}, +{f(self.pinpoint)} if one pinpoints a section/point), figures "
                f"(+{f(self.figure)} each up to {f(self.figures_max)}), dates (+{f(self.dated)}), concrete mechanisms "
                f"such as templates, systems, logs, panels (+{f(self.mechanism)} each up to {f(self.mechanisms_max)}), "
                f"length (up to +{f(self.length_max)} at {self.length_words} words); short generic wording "
                f"(\"As per ...\", fewer than {self.generic_below_words} words) {f(self.generic)}, hedges "
                f"{f(self.hedge)} each up to {f(self.hedges_min)}.")


SPECIFICITY = SpecificityWeights()
BOILERPLATE_PENALTY = SPECIFICITY.boilerplate_penalty


def score_row(r: Response, readings: list[FieldReading], signals: list[dict], meaning: Meaning,
               boiler: tuple[float, str]) -> dict:
    vocab = vocabulary()
    W = SPECIFICITY
    reasons: list[dict] = []
    text = "\n".join((getattr(r, f) or "") for f in FIELDS).strip()
    words = len(re.findall(r"[A-Za-z0-9]+", text))
    present = words > 0
    reasons.append({"score": "evidence_present", "effect": str(present).lower(),
                    "why": f"{words} words of evidence/commentary" if present else "evidence and commentary are empty"})
    boilerplate, boiler_why = boiler
    reasons.append({"score": "boilerplate", "effect": f"{boilerplate:.2f}", "why": boiler_why})

    if not present:
        specificity_raw = 0.0
        reasons.append({"score": "specificity", "effect": "0", "why": "nothing to assess"})
    else:
        parts: list[tuple[float, str]] = []
        refs = [s for s in signals if s["kind"] == "reference"]
        if refs:
            pinpoint = [s for s in refs if s["value"]]
            v = min(W.references_max, W.reference * len(refs)) + (W.pinpoint if pinpoint else 0.0)
            parts.append((v, f"{len(refs)} reference(s)" + (f", {len(pinpoint)} pinpointed" if pinpoint else "")
                          + ": " + "; ".join(dict.fromkeys(quote(s["text"], 40) for s in refs[:4]))))
        figs = [s for s in signals if s["kind"] == "figure" and s["sub_kind"] != "date"]
        if figs:
            parts.append((min(W.figures_max, W.figure * len(figs)), "figures: " + "; ".join(s["text"] for s in figs[:4])))
        dated = [s for s in signals if (s["kind"] == "figure" and s["sub_kind"] == "date") or
                 (s["kind"] == "commitment" and s["date_start"] is not None)]
        if dated:
            parts.append((W.dated, "dates: " + "; ".join(dict.fromkeys(quote(s["text"], 30) for s in dated[:3]))))
        lemmas = {t.lemma_ for fr in readings for t in fr.doc if t.is_alpha}
        mech = sorted(lemmas & vocab.mechanism)
        if mech:
            parts.append((min(W.mechanisms_max, W.mechanism * len(mech)), "concrete mechanisms: " + ", ".join(mech[:6])))
        length = W.length_max * min(1.0, math.log1p(words) / math.log1p(W.length_words))
        parts.append((length, f"{words} words"))
        low = " ".join(text.lower().split())
        generic = [g for g in vocab.generic_phrases if re.search(r"(?<![a-z])" + re.escape(g) + r"(?![a-z])", low)]
        if generic and words < W.generic_below_words:
            parts.append((W.generic, "short generic wording: " + ", ".join(generic)))
        hedges = [s for s in signals if s["kind"] == "admission" and s["sub_kind"] == "hedge"]
        if hedges:
            parts.append((max(W.hedges_min, W.hedge * len(hedges)), "hedged: " + "; ".join(s["cue"] for s in hedges[:3])))
        specificity_raw = max(0.0, min(1.0, sum(v for v, _ in parts)))
        for v, why in parts:
            reasons.append({"score": "specificity", "effect": f"{v:+.2f}", "why": why})
    specificity = specificity_with_boilerplate(specificity_raw, boilerplate)
    if boilerplate > 0 and present:
        reasons.append({"score": "specificity", "effect": f"x{1 - BOILERPLATE_PENALTY * boilerplate:.2f}",
                        "why": "boilerplate penalty"})
    for t in meaning.timescale:
        if t.signal["cue"] == timescales.CHECK:
            reasons.append({"score": "timescale", "effect": "check",
                            "why": f"states {t.signal['text']} without saying working days; provision "
                                   f"{r.provision_id} sets {t.signal['value']}"})
    conflict, conflict_why = judge_conflict(r, meaning)
    for w in conflict_why:
        reasons.append({"score": "claim_conflict", "effect": str(conflict).lower(), "why": w})
    return {
        "doc_id": r.doc_id,
        "row_no": r.row_no,
        "specificity": round(specificity, 3),
        "specificity_raw": round(specificity_raw, 3),
        "boilerplate": round(boilerplate, 3),
        "boilerplate_within": round(boilerplate, 3),
        "boilerplate_across": None,
        "evidence_present": present,
        "claim_conflict": conflict,
        "reasons": json.dumps(reasons, ensure_ascii=False),
    }


def specificity_with_boilerplate(raw: float, boilerplate: float) -> float:
    return raw * (1.0 - BOILERPLATE_PENALTY * boilerplate)
