"""The spec's "examples that do NOT" and their cousins stay clean."""

import pytest

from .helpers import categories

CLEAN = [
    "RDV annulé",
    "vient de l'hôpital Necker",
    "mutuelle MGEN",
    "habite rue de l'Église",
    "se gare rue du Temple",
    "travaille à l'école Sainte-Marie",
    "professeur au lycée Saint-Joseph",
    "bénévole au Secours catholique le mardi",
    "conseiller municipal, préfère RDV le lundi",
    "adjointe au maire, agenda chargé",
    "syndic de copropriété",
    "employée chez un syndic de copropriété",
    "travaille au syndicat des eaux",
    "président du conseil syndical de sa copropriété",
    "né à Alger",
    "née à Casablanca, arrivée en France enfant",
    "parle portugais, prévoir interprète",
    "parle arabe, sa fille traduit",
    "interprète en kurde à réserver",
    "nationalité italienne",
    "double nationalité franco-marocaine",
    "a porté plainte pour cambriolage",
    "victime d'un cambriolage, papiers volés",
    "portefeuille volé dans le bus",
    "accident de voiture le 03/01, véhicule immobilisé",
    "préfère être appelée le matin",
    "souvent en retard : prévoir créneau de fin",
    "surveillant pénitentiaire à la maison d'arrêt de Douai",
    "greffière au tribunal judiciaire",
    "infirmière à l'hôpital Necker, horaires de nuit",
    "carte européenne d'assurance maladie",
    "complémentaire santé solidaire en cours",
    "M. Chrétien, carte vitale à mettre à jour",
    "Mme Malin, courrier retourné",
    "Famille Sauvage : 4 dossiers liés",
    "Monsieur vit avec sa compagne Océane",
    "Madame vit avec son compagnon Jérôme",
    "déménage le 16/05, nouvelle adresse à venir",
    "feuille de soins papier envoyée le 15/07",
    "penser à scanner la pièce d'identité",
    "sous tutelle, contacter l'UDAF",
    "pas de RDV pendant les vacances scolaires (zone sud)",
    "PS : rappeler la veille",
    "attend dans la salle d'attente, salle 2",
    "faute de frappe dans le nom, corriger",
    "vote par procuration, rappeler après les élections",
    "porte de gauche au fond du couloir",
    "prière de rappeler la veille",
    "de bonne foi, a payé le reste",
    "syndic de l'immeuble : Nexity, pour l'accès au local vélos",
    "Travaille au sydnicat des eaux, astreintes certaines semaines",
]


@pytest.mark.parametrize("text", CLEAN)
def test_it_leaves_the_near_miss_alone(text):
    assert categories(text) == set()


def test_it_still_flags_the_sensitive_part_next_to_a_near_miss():
    found = categories("habite rue de l'Église, catholique pratiquante")
    assert found == {"religion"}


def test_it_tells_a_victim_from_an_offender():
    assert "criminal" not in categories("victime d'une escroquerie")
    assert "criminal" in categories("condamnée pour escroquerie")
