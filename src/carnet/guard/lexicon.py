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

import functools
from dataclasses import dataclass
from importlib import resources

import ahocorasick

from carnet.guard.categories import CATEGORIES
from carnet.guard.normalize import fold_term

# Extra files whose terms belong to a category (generated from edsnlp's
# resources by ``carnet.guard.mine_edsnlp``).
_EXTRA_FILES = {"health": ("health_drugs.txt", "health_diseases.txt")}


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
    for category in CATEGORIES:
        names = (f"{category}.txt", *_EXTRA_FILES.get(category, ()))
        for name in names:
            mined = name != f"{category}.txt"
            for line in _read_lines(name):
                prefix = line.endswith("*")
                text = fold_term(line.rstrip("*").strip())
                if text and (category, text, prefix) not in terms:
                    terms[(category, text, prefix)] = Term(category, text, prefix, mined)
    return tuple(terms.values())


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    grouped: dict[str, list[Term]] = {}
    for term in load_terms():
        grouped.setdefault(term.text, []).append(term)
    automaton = ahocorasick.Automaton()
    for key, group in grouped.items():
        automaton.add_word(key, (len(key), key[0].isalnum(), key[-1].isalnum(), tuple(group)))
    automaton.make_automaton()
    return automaton


def find_candidates(folded: str) -> list[Candidate]:
    """Every lexicon term found in ``folded`` on word boundaries. A prefix
    term's span runs to the end of the word it starts."""
    found: list[Candidate] = []
    size = len(folded)
    for last, (length, alnum_start, alnum_end, group) in _automaton().iter(folded):
        start = last - length + 1
        if alnum_start and start > 0 and folded[start - 1].isalnum():
            continue
        end = last + 1
        inside_word = alnum_end and end < size and folded[end].isalnum()
        for term in group:
            if term.prefix:
                stop = end
                while stop < size and folded[stop].isalnum():
                    stop += 1
                found.append(Candidate(start, stop, term.category, term.text + "*"))
            elif not inside_word:
                found.append(Candidate(start, end, term.category, term.text))
    return found
