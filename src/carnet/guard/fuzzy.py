"""Typo tolerance: "hospitallisée", "harccelement", "Mussulmane", "Syndiquuée".

Notes are typed fast. A word of eight letters or more that is one edit
(insertion, deletion, substitution or swap of neighbours) away from a
lexicon word, with the same first letter, is taken for that word. The lookup
uses a deletion index (the SymSpell idea): the word and each of its
one-letter deletions are looked up in a dict built from the lexicon words and
their deletions, so no edit distance is computed against the whole lexicon.

Real words are never "corrected": tokens that are lexicon words themselves,
French verb forms (from edsnlp's conjugation table, see ``mine_edsnlp``) or
everyday words that sit one edit from a term ("facture"/"fracture") are left
alone. Results are cached per token: in a batch most tokens repeat.
"""

from __future__ import annotations

import functools
import re

from carnet.guard.lexicon import Candidate, _read_lines, load_terms

MIN_TOKEN = 8
_TOKEN = re.compile(r"(?<![a-z0-9])[a-z]{8,}(?![a-z0-9])")
# Everyday words one edit away from a lexicon word.
_EVERYDAY = frozenset(
    """facture factures fracturer menage menages emmenage demenage violette violettes
    religieusement maternelle maternel paternelle paternel patientes patiente
    presente presentee presenter presentes traitant traitants militaire militaires
    sympathique sympathiques dependant depend dependent pratique pratiques pratiquer
    assurance assurances delegation delegations syndrome confession confessions
    institut institution controle controlee controler prevenir prevenue prevenu
    origine originale original origines bouddhiste communion attestation attestations
    internet internets solidaire nationalite nationalites prochaine prochain salpetriere immobilise
    cambriole cambriolee cambrioles cambriolees cambrioler podologue podologues anesthesiste anesthesistes""".split()
)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance of exactly one (adjacent swap counts one)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1:] == short:
            return True
    return False


@functools.cache
def _index() -> tuple[dict[str, list[tuple[str, str, bool]]], frozenset[str], frozenset[int]]:
    index: dict[str, list[tuple[str, str, bool]]] = {}
    stem_lengths = set()
    exact_words = set()
    for term in load_terms():
        if term.mined or term.category.startswith("_"):
            continue  # only hand-written findings: mined names are too many to guess at
        if " " in term.text or "'" in term.text or not term.text.isalpha():
            continue
        exact_words.add(term.text)
        if len(term.text) < (8 if term.prefix else MIN_TOKEN - 1):
            continue
        if term.prefix:
            stem_lengths.add(len(term.text))
        for key in _deletions(term.text) | {term.text}:
            index.setdefault(key, []).append((term.text, term.category, term.prefix))
    not_typos = _read_lines("not_typos.txt")
    known = (frozenset(_read_lines("known_words.txt")) | _EVERYDAY | frozenset(exact_words)
             | frozenset(w for w in not_typos if not w.endswith("*")))
    global _NOT_TYPO_STEMS
    _NOT_TYPO_STEMS = tuple(w[:-1] for w in not_typos if w.endswith("*"))
    return index, known, frozenset(stem_lengths)


# Beginnings of real words that are never typos (lexicons/not_typos.txt).
_NOT_TYPO_STEMS: tuple[str, ...] = ()


@functools.lru_cache(maxsize=200_000)
def correct(token: str) -> tuple[tuple[str, str], ...]:
    """(category, term) pairs a misspelt token stands for; empty for a word
    spelt right, unknown or too far from every term."""
    index, known, stem_lengths = _index()
    if token in known or token.startswith(_NOT_TYPO_STEMS):
        return ()
    matches = set()
    # Whole-word terms.
    for key in _deletions(token) | {token}:
        for text, category, prefix in index.get(key, ()):
            if not prefix and text[0] == token[0] and _one_edit(token, text):
                matches.add((category, text))
    # Prefix terms ("hospitalis*"): compare the token's beginning with the stem.
    for length in stem_lengths:
        # Same length (substitution, swap) or one more (insertion): a shorter
        # head would only be a shorter prefix ("demen" is not "dement").
        for size in (length, length + 1):
            if size > len(token) or size < 5:
                continue
            head = token[:size]
            for key in _deletions(head) | {head}:
                for text, category, prefix in index.get(key, ()):
                    if prefix and len(text) == length and text[0] == token[0] and (
                        head == text or _one_edit(head, text)
                    ):
                        if not token.startswith(text):
                            matches.add((category, text + "*"))
    return tuple(sorted(matches))


def fuzzy_candidates(folded: str, exact: list[Candidate]) -> list[Candidate]:
    """Candidates for misspelt words not already matched exactly."""
    cache = _CACHE
    # Most notes hold no misspelt word: tell that from the tokens alone
    # (``findall`` makes no match objects), and only then locate them.
    for token in _TOKEN.findall(folded):
        corrections = cache.get(token)
        if corrections is None:
            corrections = correct(token)
            if len(cache) < _CACHE_SIZE:
                cache[token] = corrections
        if corrections:
            break
    else:
        return []
    found = []
    for match in _TOKEN.finditer(folded):
        token = match.group(0)
        corrections = cache.get(token)
        if corrections is None:
            corrections = correct(token)
            if len(cache) < _CACHE_SIZE:
                cache[token] = corrections
        if not corrections:
            continue
        start = match.start()
        if any(c.start <= start < c.end for c in exact):
            continue
        for category, term in corrections:
            found.append(Candidate(start, start + len(token), category, term))
    return found


# A plain dict in front of correct(): the lookup is on the hot path.
_CACHE: dict[str, tuple[tuple[str, str], ...]] = {}
_CACHE_SIZE = 500_000
