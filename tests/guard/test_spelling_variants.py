"""Accents, capitals, typos and SMS style do not hide a category."""

import pytest

from .helpers import categories


@pytest.mark.parametrize("text", [
    "hospitalisée en psychiatrie",
    "hospitalisee en psychiatrie",
    "HOSPITALISÉE EN PSYCHIATRIE",
    "HOSPITALISEE EN PSYCHIATRIE",
    "Hospitallisée en psychiatrie",
])
def test_it_reads_accent_and_case_variants(text):
    assert "health" in categories(text)


@pytest.mark.parametrize(("text", "category"), [
    ("harccelement au travail", "violence"),
    ("Mussulmane pratiquante", "religion"),
    ("Syndiquuée Sud Éducation", "union"),
    ("sérologiie VIH négative", "health"),
    ("cas sociial !!!", "judgement"),
    ("Grenouuille de bénitier", "religion"),
    ("consomme du canabis", "health"),
])
def test_it_reads_through_a_typo(text, category):
    assert category in categories(text)


@pytest.mark.parametrize(("text", "category"), [
    ("atcd de ts x2", "health"),
    ("ald psy, ancien détenu", "criminal"),
    ("tjs en retard, insupportable", "judgement"),
    ("rdv au cpef pr ivg le 14/07", "health"),
    ("CONDAMNÉE POUR VIOLENCES CONJUGALES", "criminal"),
])
def test_it_reads_sms_style_and_capitals(text, category):
    assert category in categories(text)


def test_it_does_not_correct_a_real_word_into_a_sensitive_one():
    assert categories("facture envoyée, déménagement prévu, internet coupé") == set()


def test_it_reads_ligatures():
    assert "health" in categories("sa sœur est sous chimio, œdème des jambes")


def test_it_does_not_take_everyday_ts_for_a_suicide_attempt():
    assert categories("vient ts les jours à 9h") == set()


@pytest.mark.parametrize("text", ["la fumée du barbecue", "fait de la voile l'été",
                                  "un interne des hôpitaux", "ah bon, rappeler demain",
                                  "t'inquiète, on rappelle", "son PC portable"])
def test_it_does_not_let_letter_collapsing_create_words(text):
    assert categories(text) == set()


def test_it_does_not_correct_a_first_name_into_a_term():
    assert categories("Virginie Dupont, rappeler lundi") == set()
