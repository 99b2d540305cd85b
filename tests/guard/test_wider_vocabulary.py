"""Everyday wordings of secretaries and doctors, beyond the press quotes:
one or two representatives per family of the lexicons, and the near-misses
each family must leave alone."""

import pytest

from .helpers import categories


@pytest.mark.parametrize("text", [
    "pas très futée, réexpliquer deux fois",
    "un peu juste intellectuellement",
    "aucune jugeote",
    "crado, aérer après son passage",
    "hygiène déplorable",
    "vraie assistée, vit aux crochets de sa mère",
    "abuse des arrêts de travail",
    "ment comme il respire",
    "se plaint de tout, jamais satisfaite",
    "mauvais coucheur",
    "rouspéteuse au guichet",
    "mère toxique avec ses enfants",
    "HYSTÉRO au téléphone",
    "une furie, fait toujours des histoires",
    "tête de linotte",
    "pénib ++",
])
def test_it_finds_judgements_of_character_intelligence_and_hygiene(text):
    assert "judgement" in categories(text)


def test_it_does_not_read_a_grumpy_sleeper_as_sex_life():
    assert categories("mauvais coucheur, conteste tout") == {"judgement"}


@pytest.mark.parametrize("text", [
    "vit en EHPAD depuis mars",
    "placée en EHPAD",
    "passage aux urgences samedi",
    "passage IDE matin et soir",
    "K sein, suivi onco",
    "PTH droite en janvier",
    "se fait opérer du genou le 12",
    "écho T2 le 14/05",
    "1 paquet par jour",
    "a voulu mettre fin à ses jours",
    "sous calmants depuis le décès de son mari",
    "rentre de l'hôpital, prévoir visite",
    "bilan neuropsy en cours",
    "infiltration du genou prévue",
])
def test_it_finds_care_settings_procedures_and_habits(text):
    assert "health" in categories(text)


@pytest.mark.parametrize("text", [
    "en détention préventive",
    "6 mois ferme",
    "placé sous bracelet",
    "nuit en cellule de dégrisement",
    "revend son Subutex",
    "multirécidiviste",
    "fausse carte vitale",
    "travaux d'intérêt général",
])
def test_it_finds_offences_and_sentences(text):
    assert "criminal" in categories(text)


@pytest.mark.parametrize("text", [
    "aide-soignante à l'EHPAD Saint-Joseph",
    "travaille en prison comme infirmière",
    "surveillant à la prison de Fresnes",
    "ostéopathe de métier, rappeler le soir",
    "kiné de profession",
    "a été cambriolée le mois dernier",
    "penser à scanner la pièce d'identité",
    "sa voiture est tombée en panne",
    "envoyer le compte rendu par MMS",
    "habite place de la Mairie",
    "passage Saint-Roch, 2e étage",
    "infiltration d'eau dans la salle d'attente",
    "revend son appartement, nouvelle adresse en juin",
    "en cellule de crise (pompier)",
    "assistée de sa fille pour les papiers",
])
def test_it_leaves_jobs_places_and_everyday_phrases_alone(text):
    assert categories(text) == set()


def test_it_takes_undeclared_work_for_an_offence_not_an_origin():
    assert categories("travaille au black sur les chantiers") == {"criminal"}


def test_it_takes_a_terminal_prognosis_for_health_not_a_sentence():
    assert categories("condamné par les médecins") == {"health"}


@pytest.mark.parametrize("text", ["interphone en panne (l'ancien numéro ne marche plus)",
                                  "le lecteur de carte marche mal"])
def test_it_does_not_take_a_broken_device_for_a_walking_difficulty(text):
    assert categories(text) == set()
