"""Fold French text for matching, keeping a map back to the original offsets.

Writers of administrative comments type "hospitalisée", "HOSPITALISEE" and
"hospitalisee" for the same word. Lexicons are stored folded (lower case, no
accents), and the text is folded the same way before matching. Every folded
character remembers which original character it came from, so that a span
found in the folded text is exact on the original string.

Speed matters (the batch audit scans millions of notes): almost every French
character folds to exactly one character ("É" -> "e"), so the common path is
one ``str.translate`` call with an identity offset map. Only texts holding a
character that folds to several ("œ" -> "oe", "ß" -> "ss") or to none (a
lone combining accent) take the slower per-character path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Typographic variants that French keyboards and word processors produce.
_PUNCTUATION = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"',
}


# Ligatures that Unicode does not decompose but French writes as two letters.
_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}


def _fold_char(char: str) -> str:
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    if char in _LIGATURES:
        return _LIGATURES[char]
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _build_tables() -> tuple[dict[int, str], frozenset[str]]:
    one_to_one: dict[int, str] = {}
    other: set[str] = set()
    for code in [*range(0x80, 0x2500), *range(0xFB00, 0xFB07)]:
        char = chr(code)
        folded = _fold_char(char)
        if len(folded) == 1:
            if folded != char:
                one_to_one[code] = folded
        else:
            other.add(char)
    for char, folded in _PUNCTUATION.items():
        one_to_one[ord(char)] = folded
    return one_to_one, frozenset(other)


_ONE_TO_ONE, _NOT_ONE_TO_ONE = _build_tables()
_NEEDS_SLOW_PATH = re.compile("[" + re.escape("".join(sorted(_NOT_ONE_TO_ONE))) + "]")
_NOT_WORD = re.compile(r"[^a-z0-9]")
_ASCII_TO_SPACE = {code: " " for code in range(128) if not chr(code).isalnum()}
# The same as a bytes table: ``str.translate`` looks each distinct character
# up in the dict (about 1 µs a note), ``bytes.translate`` does not.
_ASCII_TO_SPACE_BYTES = bytes(
    ord(_ASCII_TO_SPACE.get(code, chr(code))) for code in range(128)) + bytes(128)


def _build_latin1_table() -> bytes:
    """What ``translate(_ONE_TO_ONE).lower()`` does to each Latin-1
    character, as a bytes table; 0 for those that fold to several characters
    or outside Latin-1 ("ß", "µ"). Why: ``str.translate`` with a dict looks
    every character up one by one (about 5 µs for a 100-character note with
    accents); ``bytes.translate`` is a C table lookup. Most French notes are
    Latin-1 (accents, "«", no-break space); the others ("’", "œ", "€") take the
    ``str.translate`` path as before."""
    table = bytearray(range(256))
    for code in range(256):
        char = chr(code)
        folded = char.translate(_ONE_TO_ONE).lower()
        ok = len(folded) == 1 and ord(folded) < 256 and char not in _NOT_ONE_TO_ONE
        table[code] = ord(folded) if ok else 0
    return bytes(table)


_LATIN1_FOLD = _build_latin1_table()


@dataclass(frozen=True, slots=True)
class FoldedText:
    """``folded`` is the text to match; ``offsets[i]`` is the index in
    ``original`` of the character that produced ``folded[i]`` (``None``
    means the identity map)."""

    original: str
    folded: str
    offsets: tuple[int, ...] | None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``folded`` back to ``original``."""
        if self.offsets is None:
            return start, end
        if start >= end:
            position = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return position, position
        return self.offsets[start], self.offsets[end - 1] + 1


def fold(text: str) -> FoldedText:
    """Lower-case ``text``, strip its accents and normalise apostrophes,
    dashes and spaces, keeping offsets back to ``text``."""
    if text.isascii():
        return FoldedText(text, text.lower(), None)
    try:
        folded_bytes = text.encode("latin-1").translate(_LATIN1_FOLD)
    except UnicodeEncodeError:
        pass
    else:
        # A 0 byte: a character the table cannot fold alone (or a NUL in the
        # text): the general path below decides, as it always did.
        if 0 not in folded_bytes:
            return FoldedText(text, folded_bytes.decode("latin-1"), None)
    folded = text.translate(_ONE_TO_ONE).lower()
    if len(folded) == len(text) and not _NEEDS_SLOW_PATH.search(text):
        return FoldedText(text, folded, None)
    pieces: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        piece = _fold_char(char) if ord(char) >= 0x80 else char.lower()
        pieces.append(piece)
        offsets.extend([index] * len(piece))
    return FoldedText(text, "".join(pieces), tuple(offsets))


def fold_term(term: str) -> str:
    """Fold a lexicon term exactly as texts are folded."""
    return fold(term).folded


def spaced(folded: str) -> str:
    """``folded`` with every character that is not a-z or 0-9 turned into a
    space, same length: the form the automaton reads, so that a term padded
    with spaces can only match whole words."""
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_TO_SPACE_BYTES).decode("ascii")
    return _NOT_WORD.sub(" ", folded)
