"""Checks of French administrative identifiers, with messages in French."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_NIR_RE = re.compile(r"^[12378]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2[AB])\d{6}\d{2}$")
_PHONE_RE = re.compile(r"^(?:0|\+33|0033)[1-9]\d{8}$")
_POSTCODE_RE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$")


def compact(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "").upper()


def nir_key(nir13: str) -> int:
    """The two-digit control key of a 13-character NIR (Corsica's 2A/2B count as 19/18)."""
    digits = nir13.replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97


def validate_nir(value: str) -> None:
    nir = compact(value)
    if not _NIR_RE.match(nir):
        raise ValidationError(
            _("Le NIR doit compter 15 caractères : 13 chiffres (2A/2B pour la Corse) et une clé."),
            code="nir_format",
        )
    if nir_key(nir[:13]) != int(nir[13:]):
        raise ValidationError(
            _("La clé du NIR ne correspond pas : vérifiez le numéro saisi."), code="nir_key"
        )


def validate_phone(value: str) -> None:
    if not _PHONE_RE.match(compact(value)):
        raise ValidationError(
            _("Numéro de téléphone invalide : 10 chiffres commençant par 0, ou +33 suivi de 9 chiffres."),
            code="phone",
        )


def validate_postcode(value: str) -> None:
    if not _POSTCODE_RE.match(value or ""):
        raise ValidationError(_("Code postal invalide : 5 chiffres."), code="postcode")


def validate_birth_date(value: date) -> None:
    today = date.today()
    if value > today:
        raise ValidationError(_("La date de naissance est dans le futur."), code="future")
    if value.year < today.year - 125:
        raise ValidationError(_("La date de naissance est trop ancienne."), code="too_old")
