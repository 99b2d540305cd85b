"""A copy of the database (a dump, a backup) shows no identity, contact
detail, comment or medical text in clear."""

import subprocess
from datetime import date

import pytest
from django.db import connection

from carnet.records.models import ClinicalNote, Encounter
from tests import factories

SECRETS = {
    "family_name": "Zyxquoravski",
    "given_name": "Philomène",
    "phone": "06 47 58 69 70",
    "email": "philomene.zyx@exemple.fr",
    "address": "17 impasse des Glycines",
    "admin_comment": "Rappeler sa nièce Bérénice",
}
MEDICAL = ["Lombosciatique gauche hyperalgique", "Sous Lévothyrox 88 microgrammes"]


def _dump() -> str:
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    settings = connection.settings_dict
    result = subprocess.run(
        ["pg_dump", "-h", settings["HOST"] or "localhost", "-p", str(settings["PORT"] or 5432),
         "-U", settings["USER"] or "postgres", "--data-only", settings["NAME"]],
        capture_output=True, text=True, check=True,
    )
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_it_keeps_seeded_identities_and_notes_out_of_a_dump(practice, doctor):
    patient = factories.make_patient(practice, birth_date=date(1961, 2, 3), **SECRETS)
    Encounter.objects.create(patient=patient, author=doctor, date=date(2026, 1, 2), reason=MEDICAL[0])
    ClinicalNote.objects.create(patient=patient, author=doctor, text=MEDICAL[1])

    dump = _dump()

    assert "Dupont" not in dump  # nothing of the factory defaults either
    for value in [*SECRETS.values(), *MEDICAL, "0647586970"]:
        assert value not in dump, value
    assert "Zyxquo" not in dump.replace(" ", "")
    assert "1961-02-03" not in dump
    # Still readable through the application:
    patient.refresh_from_db()
    assert patient.family_name == SECRETS["family_name"]
