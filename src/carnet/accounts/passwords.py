"""Rejects passwords that are a common word dressed up with digits or
symbols ("motdepasse123", "Azerty2025!"), which Django's list of exact
breached passwords lets through. French favourites are added to that list."""

import re
import unicodedata

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FRENCH_COMMON = {
    "motdepasse", "azerty", "azertyuiop", "soleil", "bonjour", "doudou", "chouchou", "loulou",
    "marseille", "paris", "nicolas", "camille", "julien", "coucou", "bisous", "jetaime",
    "amour", "france", "olivier", "celine", "doctolib", "medecin", "docteur", "cabinet",
    "secretaire", "secretariat", "carnet", "sante", "patient", "tilleuls", "qwerty",
}
_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def password_base(password: str) -> str:
    folded = unicodedata.normalize("NFKD", password.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _DECORATION.sub("", plain)


class CommonBasePasswordValidator:
    def __init__(self):
        self.common = CommonPasswordValidator().passwords | FRENCH_COMMON

    def validate(self, password, user=None):
        base = password_base(password)
        if base in self.common or (len(set(base)) <= 2 and len(base) > 0):
            raise ValidationError(
                _("Ce mot de passe n'est qu'un mot courant accompagné de chiffres ou de symboles."),
                code="password_common_base",
            )

    def get_help_text(self):
        return _("Votre mot de passe ne doit pas être un mot courant suivi ou précédé de chiffres.")
