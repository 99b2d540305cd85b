"""The categories the guard detects, with what a secretary is told about each.

The ids and their scope are those of ``spec/note-categories.md``. Labels and
explanations are user-facing, hence in French; they say what the text reveals
and what to do instead, in words a secretary understands.
"""

from __future__ import annotations

from types import MappingProxyType

CATEGORIES: tuple[str, ...] = (
    "criminal",
    "ethnic_origin",
    "health",
    "judgement",
    "politics",
    "religion",
    "sex_life",
    "union",
    "violence",
)

CATEGORY_LABELS = MappingProxyType(
    {
        "health": "Santé",
        "sex_life": "Vie sexuelle ou orientation sexuelle",
        "religion": "Religion ou convictions",
        "politics": "Opinions politiques",
        "union": "Appartenance syndicale",
        "ethnic_origin": "Origine ethnique ou raciale",
        "criminal": "Infractions et condamnations",
        "violence": "Violences subies ou commises",
        "judgement": "Jugement subjectif sur la personne",
    }
)

CATEGORY_EXPLANATIONS = MappingProxyType(
    {
        "health": (
            "Information de santé : à consigner dans le dossier médical, "
            "pas dans le commentaire administratif."
        ),
        "sex_life": (
            "Information sur la vie sexuelle, l'orientation sexuelle ou l'identité "
            "de genre : donnée sensible à ne pas écrire dans le commentaire administratif."
        ),
        "religion": (
            "Information sur la religion ou les convictions : donnée sensible, "
            "sans rapport avec la gestion administrative."
        ),
        "politics": (
            "Opinion ou engagement politique : donnée sensible à ne pas écrire "
            "dans le commentaire administratif."
        ),
        "union": (
            "Appartenance syndicale : donnée sensible à ne pas écrire "
            "dans le commentaire administratif."
        ),
        "ethnic_origin": (
            "Origine ethnique ou raciale supposée : donnée sensible, à ne jamais "
            "écrire (la langue parlée ou le besoin d'un interprète peut être noté)."
        ),
        "criminal": (
            "Information sur une infraction, une condamnation ou la prison : "
            "interdite dans le commentaire administratif."
        ),
        "violence": (
            "Violences, maltraitance ou harcèlement : information de santé et de "
            "vie privée, à consigner dans le dossier médical."
        ),
        "judgement": (
            "Jugement subjectif ou propos désobligeant sur la personne : la CNIL "
            "l'interdit ; s'en tenir à des faits utiles (horaires, contact, paiement)."
        ),
    }
)

# Added to the explanation when the mention is denied or reported by someone
# else: for disclosure it still counts, which surprises writers.
NEGATED_NOTE = " Même formulée à la négative, la mention révèle l'information."
HEARSAY_NOTE = " Même rapportée par un tiers ou au conditionnel, la mention reste sensible."
