"""``scan``: one note in, its findings out.

The pipeline, each step with one job:

1. ``normalize.fold``: lower case, no accents, offsets back to the original.
2. ``lexicon.find_candidates``: the Aho-Corasick pass over every lexicon,
   on whole words, doubled letters collapsed; it also reports where words
   that open an address or a name stand (the neutral-region triggers).
3. ``fuzzy.fuzzy_candidates``: misspelt lexicon words.
4. ``context``: findings no term list can make (medical word endings,
   origin phrases, a man and "son compagnon") and the rules that drop
   near-misses (addresses, employers, surnames, languages, victims, office
   holders), chosen once per term.
5. overlapping spans of one category are merged, qualifiers (negated,
   hearsay) adapt the explanation, spans are mapped back to the original.

Why not edsnlp or spaCy here: the decision the guard makes does not depend
on what their qualifiers add. A negated, hypothetical, family or past
mention of a disease is still health data in an administrative comment ("pas
de VIH", "mère diabétique", "ATCD de TS"), so eds.negation/hypothesis/family
would not change a single label; and a spaCy pipeline costs several times
the whole scan (see bench/bench_guard.py). What edsnlp does add is its
terminologies, which ``mine_edsnlp`` turns into lexicon files once, offline.
The cheap regex qualifiers in ``context.qualifiers`` run only on findings,
to word the explanation.
"""

from __future__ import annotations

from carnet.guard import context
from carnet.guard.categories import (
    CATEGORY_EXPLANATIONS,
    HEARSAY_NOTE,
    NEGATED_NOTE,
)
from carnet.guard.findings import Finding, Findings
from carnet.guard.fuzzy import fuzzy_candidates
from carnet.guard.lexicon import ENDING_TRIGGER, NEUTRAL_TRIGGER, Candidate, find_candidates
from carnet.guard.normalize import FoldedText, fold


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """One span per stretch of text and category: overlapping candidates of
    the same category become their union ("atcd de ts" is one finding)."""
    merged: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.category, c.start, -c.end)):
        last = merged[-1] if merged else None
        if last and last.category == candidate.category and candidate.start < last.end:
            if candidate.end > last.end:
                merged[-1] = Candidate(last.start, candidate.end, last.category, last.term)
            continue
        merged.append(candidate)
    return merged


def _explanation(category: str, negated: bool, hearsay: bool) -> str:
    text = CATEGORY_EXPLANATIONS[category]
    if negated:
        text += NEGATED_NOTE
    elif hearsay:
        text += HEARSAY_NOTE
    return text


def _candidates(text: FoldedText) -> tuple[list[Candidate], list[int]]:
    """Candidate findings, and where the neutral-region triggers are."""
    folded = text.folded
    exact, triggers, word_ends = [], [], []
    for candidate in find_candidates(folded):
        if candidate.category == NEUTRAL_TRIGGER:
            triggers.append(candidate.start)
        elif candidate.category == ENDING_TRIGGER:
            word_ends.append(candidate.end)
        else:
            exact.append(candidate)
    found = exact + fuzzy_candidates(folded, exact)
    if word_ends:
        found += context.medical_word_candidates(folded, word_ends)
    if context.may_name_an_origin(folded):
        found += context.origin_candidates(folded)
    if context.PARTNER_TRIGGER.search(folded):
        found += context.partner_candidates(text)
    return found, triggers


def scan(text: str) -> Findings:
    """Find every sensitive category in one French free-text note.

    ``text`` must be a ``str`` (an empty one has no findings). The result
    lists the categories (sorted ids) and, for each finding, its exact span
    on ``text`` with a plain-French explanation.
    """
    if not isinstance(text, str):
        raise TypeError(f"scan() expects a str, not {type(text).__name__}")
    folded = fold(text)
    candidates, triggers = _candidates(folded)
    if not candidates:
        return Findings(text=text, findings=())
    masks = context.Masks(folded, candidates, triggers)
    kept = _merge([c for c in candidates if context.keep(c, folded, masks)])
    findings = []
    for candidate, (negated, hearsay) in zip(kept, context.qualifiers(kept, folded.folded)):
        start, end = folded.original_span(candidate.start, candidate.end)
        findings.append(
            Finding(
                start=start,
                end=end,
                category=candidate.category,
                text=text[start:end],
                explanation=_explanation(candidate.category, negated, hearsay),
                negated=negated,
                hearsay=hearsay,
            )
        )
    findings.sort(key=lambda f: (f.start, f.end, f.category))
    return Findings(text=text, findings=tuple(findings))
