"""What each sentence of a row means for its provision: the signals and the findings the conflict rules judge.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from pipeline.core import catalogue as catalogue_mod
from pipeline.core.matching import match_key
from pipeline.core.model import Response
from pipeline.commentary.clauses import (aims_at_requirement, clause_around, clause_window, points_back, has_marker,
                                         reported_that, subordinate)
from pipeline.commentary.commitments import what_is_worked_on, read_commitment, opens_with_current_state, changes_it, due_date
from pipeline.commentary.findings import Finding, Meaning
from pipeline.commentary.requirements import (agrees_with_prohibition, broad_relevance, content_lemmas, only_conditioned,
                                              requirement_text, relevance)
from pipeline.commentary import dates, nlp as cnlp, timescales
from pipeline.commentary.reading import attach_completions
from pipeline.commentary.vocabulary import vocabulary

if TYPE_CHECKING:
    from pipeline.commentary.reading import Sentence, FieldReading
    from pipeline.commentary.requirements import Requirement


def _negative_admission(s: Sentence, req: Requirement) -> tuple[str, set[str], bool] | None:
    """A negation that denies something the provision asks for: (cue, shared lemmas, points back)."""
    if s.quoted:
        return None
    vocab = vocabulary()
    skip_spans = [c.span for c in s.cues if c.label in ("ADMIT_PARTIAL", "ADMIT_INCOMPLETE")]
    # "have not yet experienced not reaching ...": the rest of the sentence is about an untested case
    untested_from = min((c.span.start for c in s.cues if c.label in ("ADMIT_UNTESTED", "ADMIT_NOT_APPLICABLE")),
                        default=None)
    toks = list(s.span)
    for i, tok in enumerate(toks):
        if tok.lower_ not in vocab.negation:
            continue
        if i + 1 < len(toks) and toks[i + 1].lower_ in vocab.negation_not_before:
            continue  # "not only", "not just": adds, does not deny
        if any(sp.start <= tok.i < sp.end for sp in skip_spans):
            continue
        if untested_from is not None and tok.i >= untested_from:
            continue
        rest = " ".join(t.lower_ for t in clause_window(s.span, i, size=12))
        if has_marker(rest.replace("by when", ""), vocab.conditional):
            continue  # "will not normally accept a complaint where ...": an exception described
        clause_before = []
        for t in reversed(toks[:i]):
            if t.text in {",", ";", ":", "(", ")"} or reported_that(t):
                break  # "Members were told that ...": the report is the clause
            clause_before.append(t.lower_)
        if vocab.subordinators & set(clause_before):
            continue  # "when a complaint wouldn't be accepted": describes a case, admits nothing
        window = _negated_words(s, toks, i, req)
        first = next((t for t in window if t.is_alpha and not t.is_stop and t.lower_ not in _AUXILIARY), None)
        if first is not None and (first.lemma_ in vocab.problem_words or first.lower_ in vocab.contrary_words):
            continue  # "found no issues with", "is not optional", "not delayed": nothing is wrong
        if any(t.lower_ in vocab.shortfall_words for t in window[:5]):
            continue  # "no case records were missing": two negatives, nothing is wrong
        if any(t.lower_ in vocab.need_words for t in window):
            continue  # "no justification for a third stage is needed": a need denied, not a duty
        shared = relevance(window, req) or _denied_act(window, req)
        back = points_back([toks[i - 1]] + window if i > 0 else window) or points_back(window)
        if (shared or back) and not _agrees_with_provision(s, tok.i, req, shared, back, first):
            cue = " ".join(t.text for t in toks[max(0, i - 1):i + 1 + min(3, len(window))])
            return cue, shared, back
    return None


def _denied_act(window: list, req: Requirement) -> set[str]:
    """ "We don't include the Ombudsman's details", "restrictions are not reviewed": a negated act of
    delivering (include, review, record, say ...) ties to the provision through any of its less
    common words, not only its distinctive ones."""
    content = [t for t in window if t.is_alpha and not t.is_stop and t.lower_ not in _AUXILIARY]
    if not any(t.lemma_ in vocabulary().delivery_verbs for t in content[:2]):
        return set()
    return broad_relevance(window, req)


def _agrees_with_provision(s: Sentence, i: int, req: Requirement, shared: set[str], back: bool, first) -> bool:
    """A negation that answers the provision: it says not done what the provision rules out, or
    says the case the provision is conditioned on did not arise ("no restrictions were needed":
    the negated word itself is the case)."""
    if agrees_with_prohibition(clause_around(s, i), req, shared):
        return True
    return (bool(shared) and not back and first is not None and first.lemma_ in req.conditioned
            and only_conditioned(shared, req))


NEGATED_WINDOW = 10  # words after a negation (past its auxiliaries) that say what it denies


_AUXILIARY = frozenset({"been", "be", "being", "able", "to", "yet", "fully", "currently", "always", "consistently",
                        "presently", "routinely", "at", "present"})


def _negated_words(s: Sentence, toks: list, i: int, req: Requirement) -> list:
    """What a negation denies: the words of its clause after it, not counting the auxiliaries
    ("has not been able to tell residents ..."); in the passive ("X has not been introduced")
    the subject before it is what is denied."""
    k = i + 1
    while k < len(toks) and toks[k].lower_ in _AUXILIARY:
        k += 1
    window = clause_window(s.span, i, size=NEGATED_WINDOW + (k - i - 1))
    content = [t for t in window if t.is_alpha and t.lower_ not in _AUXILIARY]
    # only a verb of doing what is asked ("not been published", or the provision's own verb), not
    # "not been changed / delayed"
    passive = bool(content) and _participle(content[0]) and (
        content[0].lemma_ in vocabulary().delivery_verbs or content[0].lemma_ in req.positive)
    if passive or not content:
        before = []
        for t in reversed(toks[:i]):
            if t.text in {",", ";", ":", "(", ")"} or t.text in cnlp.BULLETS or "\n" in t.text:
                break
            before.append(t)
        window = list(reversed(before)) + window
    return window


def _participle(tok) -> bool:
    return tok.text.lower().endswith(("ed", "en", "wn", "lt", "ught", "pt")) and len(tok.text) > 3


_QUANTIFIERS = frozenset({"any", "all", "every", "each", "anything", "everything", "whatever", "whichever"})
_REDUCED_RELATIVE = frozenset({"still", "yet", "to", "outstanding", "remaining", "awaiting", "pending"})


def _names_a_category(s: Sentence, i: int) -> bool:
    """ "any actions still to be completed", "all works yet to be done": the words after a
    quantified noun name a kind of thing (what a letter lists), they admit nothing."""
    doc = s.span.doc
    if doc[i].lower_ not in _REDUCED_RELATIVE:
        return False  # "all relevant staff could not be ...": a clause of its own, with its verb
    for j in range(i - 1, max(s.span.start, i - 4) - 1, -1):
        if not doc[j].is_alpha:
            return False
        if doc[j].lower_ in _QUANTIFIERS:
            return j < i - 1 or doc[j].lower_.endswith(("thing", "ever"))  # "anything still to be done"
    return False


def _negated(s: Sentence, i: int) -> bool:
    """ "found no gaps in", "raised no concerns about", "no case records were missing": a negation
    shortly before the finding words, in the same clause."""
    doc = s.span.doc
    for j in range(i, max(s.span.start, i - 4) - 1, -1):
        if doc[j].text in {",", ";", ":", "(", ")"}:
            return False
        if doc[j].lower_ in vocabulary().negation:
            return True
    return False


def _reported_shortfall(s: Sentence, req: Requirement | None = None) -> str | None:
    """ "The mock inspection found that the self-assessment had not reached the board", "a survey
    indicated that fewer than half of tenants were aware of ...": an audit, inspection, review or
    survey reporting that something is not done or falls short. Returns the deciding words."""
    vocab = vocabulary()
    toks = list(s.span)
    # "Dip-sample by the QA officer: 4 of 15 letters sent without ...": a colon reports what was found
    who, verb = _reporter(toks, colon=True)
    if verb is None:
        return None
    low = [t.lower_ for t in toks]
    # a relative clause ("people who had complained felt ...") is part of what was found
    clause_openers = (vocab.subordinators - vocab.relative) | {"that", "why", "how"}
    for n in range(verb + 1, len(toks)):
        # "... an explanation of the reasons when a complaint is not accepted was well evidenced": a
        # negation inside a clause the finding describes is the provision's wording, not the finding;
        # "noted that ... and that ...": the report goes on
        if low[n] in clause_openers and not (low[n] == "that" and (n <= verb + 2 or low[n - 1] == "and")):
            return None
        # "only 41%", "just 3 in 10", "outside five working days"; not "only four cases"
        if low[n] in vocab.shortfall_before_figure and n + 2 < len(toks) and toks[n + 1].like_num and (
                low[n] not in ("only", "just") or low[n + 2] in ("%", "per", "of", "in", "out")):
            return f"{toks[who].text} {toks[verb].text} ... {' '.join(t.text for t in toks[n:n + 3])}"  # "only 41%"
        phrase = next((p for p in vocab.shortfall_phrases if low[n:n + len(p)] == list(p)), None)
        if low[n] in vocab.negation and not (n + 1 < len(toks) and low[n + 1] in vocab.negation_not_before):
            # ("no more than 20 working days" is a limit, not a negation)
            if n + 1 < len(toks) and toks[n + 1].lemma_ in vocab.problem_words:
                return None  # "found no issues with ...": the finding is for the claim
            if any(t.lower_ in vocab.contrary_words for t in toks[n + 1:n + 3]):
                return None  # "confirmed that the restructure had not affected ...": nothing went wrong
            if req is not None and set(content_lemmas(toks[n + 1:n + 4])) & req.negated:
                return None  # "explaining that survey comments are not treated as complaints": the Code's own negation
            if any(t.lower_ in vocab.shortfall_words or t.lemma_ in vocab.problem_words for t in toks[n + 1:n + 5]):
                return None  # "concluded that no records were missing": two negatives, for the claim
            return f"{toks[who].text} {toks[verb].text} ... {' '.join(t.text for t in toks[n:n + 3])}"
        if phrase or low[n] in vocab.shortfall_words:
            words = toks[n:n + (len(phrase) if phrase else 1)]
            return f"{toks[who].text} {toks[verb].text} ... {' '.join(t.text for t in words)}"
    return None


def _numbered_dates(s: Sentence, document_date: dt.date) -> list:
    """The ranges of a sentence's dates that give a number ("March 2025", "2023/24", "03/2026"; not "in
    January", which is dated forward from the document only when promised); None where not fixed."""
    return [dates.normalise(span.text, label, document_date) for label, span in s.dates if any(t.like_num for t in span)]


def _dated_before(s: Sentence, document_date: dt.date | None) -> bool:
    """ "Partial in 2023/24 because ...", "Until March 2025 ...": a sentence set at a time already past."""
    if document_date is None:
        return False
    ranges = _numbered_dates(s, document_date)
    return bool(ranges) and all(got is not None and got[1] < document_date for got in ranges)


def _told_as_former(text: str, start: int) -> bool:
    """ "(previously 25 working days)": a timescale the text says was replaced."""
    return bool(has_marker(text[max(0, start - 30):start].lower(), vocabulary().past_state))


def _names_a_date_to_come(s: Sentence, document_date: dt.date | None) -> bool:
    return document_date is not None and any(
        got is not None and got[0] > document_date for got in _numbered_dates(s, document_date))


def _old_practice_left(s: Sentence) -> str | None:
    """ "The repairs partner, however, still operates its own procedure", "Repairs S2 still reviewed by
    the S1 manager in some cases": a practice that goes on against the rest, told with a contrast or
    a hedge. Not "still awaiting" (waiting on others) nor "still to be" (an admission of its own)."""
    toks = list(s.span)
    low = {t.lower_ for t in toks}
    if not (low & vocabulary().contrast_words or s.has("HEDGE")):
        return None
    for n, t in enumerate(toks[:-1]):
        nxt = toks[n + 1]
        if t.lower_ == "still" and nxt.is_alpha and nxt.lower_ not in _NOT_PRACTICE and not subordinate(s, t.i) and (
                nxt.lower_.endswith(("s", "ed")) or nxt.lemma_ != nxt.lower_):
            return " ".join(x.text for x in toks[n:n + 3])
    return None


_NOT_PRACTICE = frozenset({"awaiting", "waiting", "to", "be", "being", "is", "are", "has", "have", "needs", "need",
                           "requires", "pending", "outstanding", "in", "on", "within", "meets", "complies", "uses"})


def _share_below_all(s: Sentence) -> str | None:
    """ "83% on time", "71 per cent within target", "78% complete": a share below all of the cases."""
    toks = list(s.span)
    for n, t in enumerate(toks[:-1]):
        if not t.like_num:
            continue
        unit = toks[n + 1].text
        if unit != "%" and not (unit.lower() == "per" and n + 2 < len(toks) and toks[n + 2].lower_ == "cent"):
            continue
        try:
            value = float(t.text.replace(",", ""))
        except ValueError:
            continue
        after = " ".join(x.lower_ for x in clause_window(s.span, n + 1, size=6))
        # "83% on time", "78% complete", "64% of staff trained": a share below all met what is asked
        if value < 100 and (has_marker(after, vocabulary().timeliness) or has_marker(after, vocabulary().share_words)):
            return " ".join(x.text for x in toks[n:n + 4])
    return None


def _reporter(toks: list, colon: bool = False) -> tuple[int | None, int | None]:
    """Where an audit, inspection, review or survey is named, and the reporting verb after it (or,
    with `colon`, a colon); None for what is not there."""
    vocab = vocabulary()
    who = next((n for n, t in enumerate(toks) if t.lemma_ in vocab.assurance_nouns), None)
    if who is None:
        return None, None
    verb = next((n for n in range(who + 1, len(toks))
                 if toks[n].lemma_ in vocab.reporting_verbs or (colon and toks[n].text == ":")), None)
    return who, verb


def _assured(s: Sentence) -> bool:
    """Does an audit, inspection, review or survey report something in this sentence?"""
    return _reporter(list(s.span))[1] is not None


def _code_timescale(r: Response) -> timescales.Timescale | None:
    p = catalogue_mod.load().get(r.code_version, r.provision_id) if r.provision_id else None
    return timescales.code_timescale(p.requirement_text, p.stage) if p and p.requirement_text else None


def row_signals(r: Response, readings: list[FieldReading], req: Requirement,
                 document_date: dt.date | None) -> tuple[list[dict], Meaning]:
    req_key = match_key(requirement_text(r))
    negation = vocabulary().negation
    assurance = vocabulary().assurance_nouns
    out: list[dict] = []
    meaning = Meaning()

    def add(fr: FieldReading, kind: str, sub_kind: str, text: str, start: int, end: int, **extra) -> dict:
        row = {"doc_id": r.doc_id, "row_no": r.row_no, "field": fr.field, "kind": kind, "sub_kind": sub_kind,
               "text": text, "start": start, "end": end, "value": extra.get("value"),
               "number": extra.get("number"), "unit": extra.get("unit"),
               "date_start": extra.get("date_start"), "date_end": extra.get("date_end"),
               "cue": extra.get("cue"), "source_column": None, "owner": None}
        out.append(row)
        return row

    code = _code_timescale(r)
    for fr in readings:
        if r.comply in ("no", "partial"):
            attach_completions(fr)  # only such a row asks whether its text says the work is done
        for t in timescales.read(fr.doc_text):
            row = add(fr, "timescale", t.sub_kind, fr.doc_text[t.start:t.end], t.start, t.end,
                      value=f"{code.days} working days" if code else None, number=float(t.days), unit=t.unit,
                      cue=timescales.FORMER if _told_as_former(fr.doc_text, t.start) else timescales.verdict(t, code))
            meaning.timescale.append(Finding(row, set()))
        for ref in fr.references:
            add(fr, "reference", ref["sub_kind"], ref["text"], ref["start"], ref["end"], value=ref["value"],
                unit=ref["kind"], cue=ref["detail"])
        for fig in fr.figures:
            add(fr, "figure", fig["sub_kind"], fig["text"], fig["start"], fig["end"], value=fig["value"],
                number=fig.get("number"), unit=fig.get("unit"), date_start=fig.get("date_start"),
                date_end=fig.get("date_end"))
        previous: Sentence | None = None
        past_state = vocabulary().past_state
        for s in fr.sentences:
            marked = bool(has_marker(s.text.lower(), past_state))
            if marked or _dated_before(s, document_date):
                meaning.past.append({"field": fr.field, "start": s.start, "marked": marked})
            if r.comply in ("no", "partial") and _names_a_date_to_come(s, document_date):
                meaning.to_come.append({"field": fr.field, "start": s.start})
            if not s.cues and not s.recommendation and not any(
                    t.lower_ in negation or t.lemma_ in assurance or t.text == "%" or t.lower_ == "still" for t in s.span) \
                    and "per cent" not in s.text.lower():
                previous = s
                continue  # no cue, negation, audit, share or "still": nothing is promised or admitted here
            echo = _echoes_requirement(s, req_key)
            shared = set() if echo else relevance(s.span, req)
            back = points_back(list(s.span))
            com = read_commitment(s)
            if com:
                sub, cue, clause = com
                due = due_date(s, document_date)
                row = add(fr, "commitment", sub, s.text, s.start, s.end, cue=cue, **due)
                c_shared = set() if echo else relevance(what_is_worked_on(clause, cue, list(s.span)), req)
                # "Currently, X is done differently. We will move these to ...": the promise changes
                # the practice just described, so it points back at the requirement.
                c_back = points_back(clause) or aims_at_requirement(list(s.span)) or (
                    previous is not None and opens_with_current_state(previous) and changes_it(clause))
                meaning.commitment.append(Finding(row, c_shared, c_back))
            previous = s
            admissions, neg, reported = _admissions(s, req)
            for sub, cue in admissions:
                row = add(fr, "admission", sub, s.text, s.start, s.end, cue=cue)
                (meaning.finding if sub == "finding" else meaning.admission).append(
                    Finding(row, neg[1] if sub == "negative" and neg else shared, back,
                            reported=sub == "finding" and cue == reported))
            done = _completions(s)
            if done and not s.quoted:
                # a tracker's "Done" / "Action closed" is about its own row: it points back at the requirement
                status = any(c.label == "COMPLETION_STATUS" for c in done)
                meaning.completion.append(Finding({"text": s.text, "cue": "; ".join(dict.fromkeys(c.span.text for c in done)),
                                                   "field": fr.field, "start": s.start}, shared, back or status))
    return out, meaning


_CONDITIONS = frozenset({"if", "where", "wherever", "when", "whenever", "unless", "once", "until", "whether", "should"})
# "due to go live", "will be updated"; "currently logged as separate complaints": the practice now, not a change made
_NOT_DONE_BEFORE = frozenset({"to", "will", "'ll", "would", "should", "could", "may", "might", "must", "shall",
                              "currently", "presently", "still", "usually", "normally", "generally", "sometimes", "often"})


def _completions(s: Sentence) -> list:
    """The words saying something is done: not "due to go live", "will be updated", "should have been"."""
    doc = s.span.doc
    negation = vocabulary().negation
    out = []
    for c in s.cues:
        if c.label not in ("COMPLETION", "COMPLETION_STATUS"):
            continue
        before = [doc[j].lower_ for j in range(max(s.span.start, c.span.start - 2), c.span.start + 1)]
        clause = [t.lower_ for t in clause_around(s, c.span.start) if t.i < c.span.start]
        # "not always logged", "where proceedings have started": not said to be done ("told the panel
        # that ... has since been completed" is: a report, not a condition; "by when" names a date)
        conditional = _CONDITIONS & set(" ".join(clause).replace("by when", "").split())
        if not _NOT_DONE_BEFORE & set(before) and not negation & set(clause) and not conditional:
            out.append(c)
    return out


def _echoes_requirement(s: Sentence, req_key: str) -> bool:
    """A sentence that restates the Code's own wording (quoting the definition) admits nothing."""
    key = match_key(s.text)
    return len(key) >= 40 and bool(req_key) and fuzz.partial_ratio(key, req_key) >= 85


def _admissions(s: Sentence, req: Requirement) -> tuple[list[tuple[str, str]], tuple | None, str | None]:
    """(sub_kind, cue) of every admission a sentence makes, its negative admission (for the terms it
    shares with the requirement), and the cue of a finding an audit or survey is said to report."""
    admissions: list[tuple[str, str]] = []
    if s.has("ADMIT_PARTIAL"):
        admissions.append(("partial", s.cue_text("ADMIT_PARTIAL")))
    elif (share := _share_below_all(s)) is not None:
        admissions.append(("partial", share))
    elif (left := _old_practice_left(s)) is not None:
        admissions.append(("partial", left))
    # "Where works are still outstanding, we ...": a case the procedure describes, not an admission
    untested = [c.span for c in s.cues if c.label == "ADMIT_UNTESTED"]
    # "have not yet had any requests": the case has not arisen, nothing is unfinished
    incomplete = [c for c in s.cues if c.label == "ADMIT_INCOMPLETE" and not subordinate(s, c.span.start)
                  and not any(u.start <= c.span.start and c.span.end <= u.end for u in untested)
                  and not _names_a_category(s, c.span.start)
                  and not (c.span.start > 0 and s.span.doc[c.span.start - 1].lower_ in vocabulary().negation)]
    if incomplete and not s.quoted:
        admissions.append(("incomplete", "; ".join(dict.fromkeys(c.span.text for c in incomplete))))
    neg = _negative_admission(s, req)
    if neg:
        admissions.append(("negative", neg[0]))
    # "When our auditors checked, they found ... missing": only the finding's own clause can make it hypothetical
    findings = [c for c in s.cues if c.label == "ADMIT_FINDING" and not subordinate(s, c.span.start, opener=False)
                and not _negated(s, c.span.start)]
    reported = None if s.quoted else _reported_shortfall(s, req)
    if findings:
        cue = "; ".join(dict.fromkeys(c.span.text for c in findings))
        admissions.append(("finding", cue))
        # "the auditors ... found that call notes were missing": the finding is one an audit reports
        reported = cue if reported or _assured(s) else None
    elif reported:
        admissions.append(("finding", reported))
    if s.has("ADMIT_NOT_APPLICABLE"):
        admissions.append(("not_applicable", s.cue_text("ADMIT_NOT_APPLICABLE")))
    if s.has("ADMIT_UNTESTED"):
        admissions.append(("untested", s.cue_text("ADMIT_UNTESTED")))
    if s.has("HEDGE") and not s.quoted:
        admissions.append(("hedge", s.cue_text("HEDGE")))
    return admissions, neg, reported
