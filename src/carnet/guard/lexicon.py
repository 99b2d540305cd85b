"""The fast first pass: every lexicon term, in one Aho-Corasick automaton.

Why an automaton rather than spaCy: notes are short and the batch audit must
scan millions of them. One pass of pyahocorasick over the folded text finds
every occurrence of about two thousand terms in a few microseconds, whatever
their number; word boundaries are checked in Python on the few hits only.

Lexicons are data files (``lexicons/<category>.txt``, one term a line, see
``lexicons/README.txt``), so that a DPO or a maintainer can extend them
without touching code.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from importlib import resources

import ahocorasick

from carnet.guard.categories import CATEGORIES
from carnet.guard.normalize import fold_term, spaced

# Extra files whose terms belong to a category (generated from edsnlp's
# resources by ``carnet.guard.mine_edsnlp``).
_EXTRA_FILES = {"health": ("health_drugs.txt", "health_diseases.txt")}
# Pseudo-categories (starting with "_"): hits that are not findings but tell
# the context rules where to look (see lexicons/neutral_triggers.txt).
NEUTRAL_TRIGGER = "_neutral"
_TRIGGER_FILES = {NEUTRAL_TRIGGER: "neutral_triggers.txt"}


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon entry. ``prefix`` terms ("diabet*") match any word that
    starts with them."""

    category: str
    text: str
    prefix: bool
    mined: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible finding, on the folded text, before the context rules."""

    start: int
    end: int
    category: str
    term: str


def _read_lines(name: str) -> list[str]:
    path = resources.files("carnet.guard") / "lexicons" / name
    if not path.is_file():
        return []
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@functools.cache
def load_terms() -> tuple[Term, ...]:
    """Every term of every category, folded, without duplicates."""
    terms: dict[tuple[str, str, bool], Term] = {}
    for category in (*CATEGORIES, *_TRIGGER_FILES):
        names = _TRIGGER_FILES.get(category) or (f"{category}.txt", *_EXTRA_FILES.get(category, ()))
        names = (names,) if isinstance(names, str) else names
        for name in names:
            mined = name in _EXTRA_FILES.get(category, ())
            for line in _read_lines(name):
                prefix = line.endswith("*")
                text = fold_term(line.rstrip("*").strip())
                if text and (category, text, prefix) not in terms:
                    terms[(category, text, prefix)] = Term(category, text, prefix, mined)
    return tuple(terms.values())


# Every doubled letter but "e": "ée" is French spelling ("fumée" must not
# become "fume", "voilée" stays apart from "voile").
_DOUBLED = re.compile(r"([a-df-z])\1+")


def collapse_doubles(text: str) -> str:
    """"hospitallisee" -> "hospitalisee", "syndiquuee" -> "syndiquee": the
    commonest typo is a doubled letter, and French spelling hesitates on
    them anyway ("canabis", "agression"); terms and texts are both collapsed."""
    return _DOUBLED.sub(r"\1", text)


def _key(term: Term) -> str:
    """The automaton key: the term's words between spaces (" vih ", " diabet"),
    collapsed, so that hits fall on word boundaries only and need no checking."""
    words = collapse_doubles(" ".join(spaced(term.text).split()))
    return f" {words}" if term.prefix else f" {words} "


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    grouped: dict[str, list[Term]] = {}
    for term in load_terms():
        if spaced(term.text).strip():
            grouped.setdefault(_key(term), []).append(term)
    automaton = ahocorasick.Automaton()
    for key, group in grouped.items():
        entries = tuple(
            (t.category, t.text + "*" if t.prefix else t.text, _short_with_doubles(t)) for t in group
        )
        automaton.add_word(key, (len(key), key.endswith(" "), entries))
    automaton.make_automaton()
    return automaton


def _short_with_doubles(term: Term) -> str | None:
    """For a short term that collapsing shortens ("aah", "ppc", "ttt"), the
    exact spaced form a hit must have: collapsed, it would read "ah", "pc",
    "t". None for every other term."""
    words = " ".join(spaced(term.text).split())
    collapsed = collapse_doubles(words)
    return words if collapsed != words and len(collapsed.replace(" ", "")) <= 4 else None


class _Collapsed:
    """``padded`` with doubled letters collapsed, and the map back: for each
    run of repeated letters, where it starts in the collapsed text and how
    many letters were removed up to and including it."""

    __slots__ = ("text", "_starts", "_removed_before", "_removed_through")

    def __init__(self, padded: str) -> None:
        starts, before, through, pieces = [], [], [], []
        removed = kept_up_to = 0
        for match in _DOUBLED.finditer(padded):
            start, end = match.span()
            starts.append(start - removed)
            before.append(removed)
            removed += end - start - 1
            through.append(removed)
            pieces.append(padded[kept_up_to:start + 1])
            kept_up_to = end
        if starts:
            pieces.append(padded[kept_up_to:])
            self.text = "".join(pieces)
        else:
            self.text = padded
        self._starts, self._removed_before, self._removed_through = starts, before, through

    def start(self, index: int) -> int:
        """Padded index of the character at collapsed ``index``."""
        run = bisect.bisect_right(self._starts, index) - 1
        if run < 0:
            return index
        if self._starts[run] == index:
            return index + self._removed_before[run]
        return index + self._removed_through[run]

    def end(self, index: int) -> int:
        """Padded exclusive end for a span ending at collapsed ``index``
        (exclusive): a doubled last letter stays whole."""
        run = bisect.bisect_right(self._starts, index - 1) - 1
        if run < 0:
            return index
        return index + self._removed_through[run]


def find_candidates(folded: str) -> list[Candidate]:
    """Every lexicon term found in ``folded`` on word boundaries. A prefix
    term's span runs to the end of the word it starts."""
    collapsed = _Collapsed(f" {spaced(folded)} ")
    text = collapsed.text
    found: list[Candidate] = []
    for last, (length, exact, entries) in _automaton().iter(text):
        # In the padded text the key starts with the space before the word;
        # in ``folded`` (one character shorter on the left) that is the word.
        start = collapsed.start(last - length + 2) - 1
        end = collapsed.end(last if exact else text.find(" ", last + 1)) - 1
        for category, term, exact_form in entries:
            if exact_form is not None and " ".join(spaced(folded[start:end]).split()) != exact_form:
                continue
            found.append(Candidate(start, end, category, term))
    return found
