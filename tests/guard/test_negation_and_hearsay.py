"""A denied or reported mention still discloses: it counts, and says so."""

import pytest

from carnet.guard import scan

from .helpers import categories


@pytest.mark.parametrize(("text", "category"), [
    ("pas de VIH", "health"),
    ("pas d'allergie connue", "health"),
    ("aucune ALD", "health"),
    ("n'est pas homosexuel", "sex_life"),
    ("sans antécédent de prison", "criminal"),
])
def test_it_counts_a_negated_mention(text, category):
    assert category in categories(text)


@pytest.mark.parametrize(("text", "category"), [
    ("serait homosexuelle d'après sa mère", "sex_life"),
    ("son mari la battrait d'après la voisine", "violence"),
    ("antifa d'après sa mère", "politics"),
    ("serait syndiquée à la CGT d'après un collègue", "union"),
])
def test_it_counts_hearsay(text, category):
    assert category in categories(text)


def test_it_says_in_the_explanation_that_a_negation_still_discloses():
    finding = next(iter(scan("pas de VIH")))
    assert finding.negated
    assert "négative" in finding.explanation


def test_it_says_in_the_explanation_that_hearsay_still_counts():
    finding = next(iter(scan("serait homosexuelle d'après sa mère")))
    assert finding.hearsay
    assert "tiers" in finding.explanation


def test_it_does_not_mark_a_plain_statement_as_negated_or_hearsay():
    finding = next(iter(scan("diabétique depuis 2010")))
    assert not finding.negated and not finding.hearsay
