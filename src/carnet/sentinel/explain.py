"""French sentences for the practice administrator."""

from __future__ import annotations

from .decision import LOCK, STEP_UP, THROTTLE

_WINDOW_WORDS = {
    "opened_10m": ("dossiers ouverts de patients que ce compte ne suit pas", "en 10 minutes"),
    "opened_1h": ("dossiers ouverts de patients que ce compte ne suit pas", "en 1 heure"),
    "opened_4h": ("dossiers ouverts de patients que ce compte ne suit pas", "en 4 heures"),
    "opened_24h": ("dossiers ouverts de patients que ce compte ne suit pas", "en 24 heures"),
    "listed_10m": ("patients que ce compte ne suit pas affichés par des recherches ou listes", "en 10 minutes"),
    "listed_1h": ("patients que ce compte ne suit pas affichés par des recherches ou listes", "en 1 heure"),
    "listed_4h": ("patients que ce compte ne suit pas affichés par des recherches ou listes", "en 4 heures"),
    "listed_24h": ("patients que ce compte ne suit pas affichés par des recherches ou listes", "en 24 heures"),
    "records_10m": ("dossiers ouverts, patients suivis compris", "en 10 minutes"),
    "records_1h": ("dossiers ouverts, patients suivis compris", "en 1 heure"),
    "records_4h": ("dossiers ouverts, patients suivis compris", "en 4 heures"),
    "records_24h": ("dossiers ouverts, patients suivis compris", "en 24 heures"),
}

_PREFIX = {
    STEP_UP: "Nouvelle vérification du second facteur demandée",
    THROTTLE: "Accès aux dossiers restreint jusqu'à la vérification du second facteur ou un déverrouillage",
    LOCK: "Compte verrouillé et administrateur alerté",
}


def what_is_unusual(window: str, count: int, allowance: float, contexts: list[str],
                    pending: bool = False) -> str:
    things, span = _WINDOW_WORDS[window]
    if pending:
        text = (f"{count} {things} {span} (pour {allowance:.0f} attendus ; une vérification "
                f"demandée plus tôt n'a pas été faite, le seuil est donc abaissé de moitié)")
    else:
        text = f"{count} {things} {span} (au plus {allowance:.0f} attendus pour ce compte)"
    if contexts:
        text += ", " + ", ".join(contexts)
    return text


def reason(decision: str, unusual: str, refusals: int) -> str:
    text = f"{_PREFIX[decision]} : {unusual}"
    if decision in (THROTTLE, LOCK) and refusals > 1:
        text += f" ; {refusals - 1} demandes déjà refusées sans vérification"
    return text + "."


def still_locked(unusual: str) -> str:
    return f"Compte verrouillé en attente de déverrouillage par un administrateur. Motif : {unusual}."


def pending_known(refusals: int) -> str:
    return (f"{refusals} demandes refusées sans que le second facteur ait été vérifié ; en attendant, "
            "seuls les patients suivis par ce compte restent accessibles, puis plus aucun si les "
            "demandes continuent, jusqu'à la vérification ou à l'intervention d'un administrateur")
