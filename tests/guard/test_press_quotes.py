"""Wording the CNIL found in sanctioned comment fields (the spec's table)."""

import pytest

from .helpers import categories

QUOTES = [
    ("porteuse sida", "health"),
    ("serait homosexuelle d'après sa mère", "sex_life"),
    ("mère musulmane voilée", "religion"),
    ("gros con", "judgement"),
    ("saloperie de gamin", "judgement"),
    ("il pue", "judgement"),
    ("cancer du poumon tant mérité", "health"),
    ("retourné en prison", "criminal"),
    ("liberté surveillée", "criminal"),
    ("cas social", "judgement"),
    ("folle !", "judgement"),
    ("maladie de Parkinson", "health"),
    ("adulte handicapé", "health"),
    ("semble avoir la maladie d'Alzheimer", "health"),
    ("en dépression", "health"),
    ("famille de juifs très pratiquante", "religion"),
    ("prêtre à la retraite", "religion"),
    ("enquête du SRPJ en cours", "criminal"),
    ("locataire indélicat (prison)", "criminal"),
    ("n'a pas de cerveau", "judgement"),
    ("client chiant", "judgement"),
    ("client alcoolique", "health"),
    ("problème cardiaque", "health"),
    ("opéré d'une hernie discale", "health"),
    ("fort accent africain", "ethnic_origin"),
    ("cliente de confession juive", "religion"),
]


@pytest.mark.parametrize(("quote", "category"), QUOTES)
def test_it_catches_the_press_quote(quote, category):
    assert category in categories(quote)


def test_it_finds_both_health_and_judgement_in_a_mocking_remark():
    assert {"health", "judgement"} <= categories("cancer du poumon tant mérité")
