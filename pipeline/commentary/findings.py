"""What the sentences of one row were found to say, as the conflict rules read it.

A `Finding` is one commitment, admission, outside finding or completion statement,
with the provision's distinctive terms it shares and whether it points back at the
requirement ("do this"); `Meaning` gathers a row's findings by kind.
"""
from __future__ import annotations

from dataclasses import dataclass, field



@dataclass
class Finding:
    signal: dict  # the signals row (kind, sub_kind, text, cue ...); completions carry text and cue only
    shared: set[str]  # the provision's distinctive terms the sentence uses
    back: bool = False  # a pronoun pointing back at the requirement ("we will do this")
    reported: bool = False  # an outside finding an audit, inspection or survey is said to have reported

    @property
    def sub_kind(self) -> str | None:
        return self.signal.get("sub_kind")


@dataclass
class Meaning:
    commitment: list[Finding] = field(default_factory=list)
    admission: list[Finding] = field(default_factory=list)
    completion: list[Finding] = field(default_factory=list)
    finding: list[Finding] = field(default_factory=list)
    timescale: list[Finding] = field(default_factory=list)  # stated timescales, signal cue = the verdict
    # where sentences set in the past begin ("In the past ...", "At the time of our last assessment ...")
    past: list[dict] = field(default_factory=list)  # {"field", "start", "marked": said in words, not by a date}
    # sentences naming a date still to come ("starting April 2026", "booked 07/2025"): work left to do
    to_come: list[dict] = field(default_factory=list)  # {"field", "start"}


def quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
