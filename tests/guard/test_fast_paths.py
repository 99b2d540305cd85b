"""The fast paths give what the plain ones give: same folded text, same
offsets back from the collapsed text."""

import random
import re

import pytest

from carnet.guard.lexicon import _DOUBLED, _Collapsed, collapse_doubles
from carnet.guard.normalize import _NEEDS_SLOW_PATH, _ONE_TO_ONE, fold, spaced


def _plain_fold(text: str) -> str:
    """The str.translate path, which non-Latin-1 text still takes."""
    return text.translate(_ONE_TO_ONE).lower()


@pytest.mark.parametrize("code", range(256))
def test_latin1_fold_is_the_plain_fold(code):
    text = f"Éa{chr(code)}B"
    folded = fold(text)
    if _NEEDS_SLOW_PATH.search(text):  # "ß", "½": one character folds to several
        assert folded.offsets is not None
    else:
        assert folded.folded == _plain_fold(text)
        assert folded.offsets is None


def test_fold_of_mixed_latin1_and_other_text_is_the_plain_fold():
    for text in ("Hospitalisée à l’hôpital", "cœur", "12 € — «payé»", "ÀÉÎÕÜ ÿ\u00a0ç"):
        folded = fold(text)
        if folded.offsets is None:
            assert folded.folded == _plain_fold(text)


@pytest.mark.parametrize("text", ["a-b'c d,e\t2f_g.h", "rdv 12h, m. dupont", "", "ü-é n°3"])
def test_spaced_keeps_letters_and_digits_only(text):
    assert spaced(text) == re.sub(r"[^a-z0-9]", " ", text)


def _reference_map(padded: str) -> list[int]:
    """Padded index of each collapsed character (the first of its run)."""
    positions = []
    for match in re.finditer(r"([a-df-z])\1+|.", padded, re.S):
        positions.append(match.start())
    return positions


def test_collapsed_offsets_match_a_plain_walk():
    rng = random.Random(7)
    for _ in range(3_000):
        padded = " " + "".join(rng.choice("aabbe el x") for _ in range(rng.randint(0, 14))) + " "
        collapsed = _Collapsed(padded)
        assert collapsed.text == collapse_doubles(padded) == _DOUBLED.sub(r"\1", padded)
        positions = _reference_map(padded)
        assert len(positions) == len(collapsed.text)
        for index, position in enumerate(positions):
            assert collapsed.start(index) == position
            # the end of a span whose last character is ``index``: past its whole run
            run_end = positions[index + 1] if index + 1 < len(positions) else len(padded)
            assert collapsed.end(index + 1) == run_end
        assert collapsed.end(0) == 0
