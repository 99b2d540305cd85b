"""Shared by the vault's Django tests."""

import datetime

from django.db import connection

from carnet.vault.django_keys import get_vault
from carnet.vault.search import replace_index_terms

SEEDED = [
    # practice, family, given, birth date, email, comment
    (1, "Dupont", "Hélène", datetime.date(1980, 5, 17), "helene.dupont@example.fr", "Suivi diabète, très ponctuelle"),
    (1, "Durand", "Éric", datetime.date(1975, 1, 2), "eric.durand@example.fr", "Préfère être appelé le soir"),
    (1, "Martin", "Jean-Pierre", datetime.date(1980, 5, 17), "", "Ancien fumeur"),
    (2, "Dupont", "Marc", datetime.date(1990, 9, 30), "marc.dupont@example.fr", "Vient avec sa fille"),
]


def make_patient(practice, family, given, birth_date=None, email="", comment=""):
    from tests.vault.testapp.models import Patient

    vault = get_vault()
    patient = Patient(
        practice=practice,
        family_name=family,
        given_name=given,
        birth_date=birth_date,
        email=email,
        comment=comment,
        birth_date_term=vault.date_term(practice, birth_date) if birth_date else "",
    )
    patient.save()
    terms = vault.name_index_terms(practice, family) | vault.name_index_terms(practice, given)
    replace_index_terms(patient.name_terms, terms)
    return patient


def seed():
    return [make_patient(*row) for row in SEEDED]


def raw_column(model, pk, column):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def set_raw_column(model, pk, column, value):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s", [value, pk]
        )


def dump_tables(*models) -> str:
    """Every stored value of the given tables, as text (a database dump)."""
    out = []
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")
            for row in cursor.fetchall():
                out.extend(bytes(v).hex() if isinstance(v, (bytes, memoryview)) else str(v) for v in row)
    return "\n".join(out)
