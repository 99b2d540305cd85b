"""Direct identifiers: columns that name a person on their own.

A column is a direct identifier when its name says so (nom, prénom, NIR,
téléphone, email, adresse, identifiant de dossier …) or when most of a sample of its values looks
like a NIR, a French phone number, an email address or a street address.
An export must name each of them in ``drop`` or ``pseudonym``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

import polars as pl

from .hierarchies import name_tokens

# Column-name tokens (accents stripped, lower case) meaning "direct identifier".
_NAME_TOKENS = {
    "name": {"nom", "prenom", "prenoms", "name", "firstname", "lastname", "surname",
             "givenname", "familyname", "fullname", "nomdenaissance", "nomusage",
             "nomnaissance", "patronyme"},
    "NIR": {"nir", "nss", "insee", "secu", "numsecu", "numerosecu", "ins",
            "numerosecuritesociale", "securitesociale", "ssn"},
    "phone": {"tel", "telephone", "phone", "mobile", "portable", "fixe", "fax",
              "telephonemobile", "phonenumber"},
    "email": {"email", "mail", "courriel", "emailaddress", "adressemail", "adresseemail"},
    "address": {"adresse", "address", "rue", "street", "voie", "adressepostale",
                "streetaddress"},
    # A stable record identifier links the export back to the practice's
    # records (the CNIL's point against the MLM-like observatory).
    "record identifier": {"id", "identifiant", "ipp", "patientid", "iddossier", "numdossier",
                          "numerodossier", "uuid", "dossier"},
}

_CONTENT_PATTERNS = {
    "NIR": re.compile(r"^[12]\s?\d{2}\s?(0[1-9]|1[0-2]|[2-9]\d)\s?(\d{2}|2[ABab])\s?\d{3}\s?\d{3}(\s?\d{2})?$"),
    "phone": re.compile(r"^(\+33\s?|0033\s?|0)[1-9]([\s.-]?\d{2}){4}$"),
    "email": re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"),
    "address": re.compile(
        r"^\d+\s*(bis|ter|b|t)?\s*,?\s*(rue|avenue|av\.?|boulevard|bd|chemin|allée|allee|"
        r"impasse|place|route|quai|cours|square|résidence|residence|lotissement|lieu-dit)\b",
        re.IGNORECASE,
    ),
}

_SAMPLE = 500
_SHARE = 0.5


@dataclass(frozen=True)
class DirectIdentifier:
    column: str
    kind: str  # name, NIR, phone, email, address
    reason: str  # "nom de colonne" or "contenu"


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def kind_from_name(column: str) -> str | None:
    tokens = {_plain(t) for t in name_tokens(column)}
    for kind, names in _NAME_TOKENS.items():
        if tokens & names:
            return kind
    return None


def kind_from_content(values: pl.Series) -> str | None:
    if values.dtype != pl.String:
        return None
    sample = [v.strip() for v in values.drop_nulls().head(_SAMPLE).to_list() if v.strip()]
    if not sample:
        return None
    for kind, pattern in _CONTENT_PATTERNS.items():
        if sum(bool(pattern.match(v)) for v in sample) / len(sample) >= _SHARE:
            return kind
    return None


def find_direct_identifiers(df: pl.DataFrame, ignore: Iterable[str] = ()) -> list[DirectIdentifier]:
    """Direct identifiers among the columns of ``df`` not listed in ``ignore``."""
    ignored = set(ignore)
    found = []
    for column in df.columns:
        if column in ignored:
            continue
        kind = kind_from_name(column)
        if kind:
            found.append(DirectIdentifier(column, kind, "nom de colonne"))
            continue
        kind = kind_from_content(df.get_column(column))
        if kind:
            found.append(DirectIdentifier(column, kind, "contenu"))
    return found
