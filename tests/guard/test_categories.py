"""Each category of spec/note-categories.md is found in the wording writers use."""

import pytest

from carnet.guard import CATEGORIES

from .helpers import categories

EXAMPLES = [
    # health: the spec's examples, abbreviations, drugs, pregnancy, addictions
    ("diabétique", "health"),
    ("sous Lévothyrox", "health"),
    ("TS en 2019", "health"),
    ("enceinte de 3 mois", "health"),
    ("fils autiste", "health"),
    ("ALD 30", "health"),
    ("ATCD : HTA, DT2", "health"),
    ("K du sein opéré en 2018", "health"),
    ("IVG en 2020", "health"),
    ("VIH+ connu depuis 2008", "health"),
    ("BPCO sous oxygène", "health"),
    ("SEP diagnostiquée l'an dernier", "health"),
    ("sous Xarelto depuis sa phlébite", "health"),
    ("ancien alcoolique, abstinent depuis 2 ans", "health"),
    ("suivie au CMP", "health"),
    ("hospitalisée en psychiatrie en mars", "health"),
    # sex_life
    ("transgenre, prénom d'usage Léa", "sex_life"),
    ("partenaires multiples", "sex_life"),
    ("M. Durand vit avec son compagnon Paul", "sex_life"),
    ("Elle vit avec sa compagne Nathalie", "sex_life"),
    ("bisexuel d'après ses dires", "sex_life"),
    # religion
    ("catholique non pratiquante", "religion"),
    ("témoin de Jéhovah", "religion"),
    ("ne pas proposer RDV pendant le shabbat", "religion"),
    ("pas de RDV pendant le ramadan", "religion"),
    ("porte la kippa", "religion"),
    # politics
    ("militant LFI", "politics"),
    ("vote RN", "politics"),
    ("gilet jaune très engagé", "politics"),
    ("sympathisante d'extrême gauche", "politics"),
    # union
    ("délégué CGT", "union"),
    ("syndiqué FO", "union"),
    ("adhérente SUD Santé", "union"),
    # ethnic_origin
    ("d'origine maghrébine", "ethnic_origin"),
    ("famille rom", "ethnic_origin"),
    ("type africain", "ethnic_origin"),
    ("gens du voyage", "ethnic_origin"),
    # criminal
    ("sort de prison", "criminal"),
    ("bracelet électronique", "criminal"),
    ("condamné pour vol", "criminal"),
    ("garde à vue le week-end dernier", "criminal"),
    # violence
    ("attouchements à 7 ans", "violence"),
    ("femme battue", "violence"),
    ("harcelée au travail", "violence"),
    ("violences conjugales, ordonnance de protection", "violence"),
    # judgement
    ("patiente pénible", "judgement"),
    ("menteur", "judgement"),
    ("cas social", "judgement"),
    ("sent mauvais", "judgement"),
    ("grosse feignasse", "judgement"),
]


@pytest.mark.parametrize(("text", "category"), EXAMPLES)
def test_it_finds_the_category(text, category):
    assert category in categories(text)


def test_it_covers_every_category_of_the_spec():
    assert {category for _, category in EXAMPLES} == set(CATEGORIES)


def test_it_finds_several_categories_in_one_note():
    found = categories("Fait son coming out récemment / Sinti, vit en caravane / "
                       "Juive pratiquante, IVG en 2024")
    assert found == {"sex_life", "ethnic_origin", "religion", "health"}


@pytest.mark.parametrize("text", [
    "RDV annulé",
    "prévenir sa fille au 06 12 34 56 78",
    "tiers payant",
    "carte vitale pas à jour",
    "parle anglais",
    "mutuelle MGEN",
    "marié, 2 enfants",
    "divorcée, garde alternée",
    "vit avec ses enfants",
    "",
])
def test_it_finds_nothing_in_plain_administrative_notes(text):
    assert categories(text) == set()


@pytest.mark.parametrize("text", ["cholécystectomie en 2019", "polyneuropathie des jambes",
                                  "arthroscopie du genou prévue"])
def test_it_recognises_a_medical_word_by_its_ending(text):
    assert "health" in categories(text)


@pytest.mark.parametrize("text", ["merci pour votre sympathie", "fait des économies",
                                  "prof à l'Académie de musique", "consulte une ostéopathe"])
def test_it_does_not_take_everyday_words_with_those_endings_for_medical_ones(text):
    assert "health" not in categories(text)
