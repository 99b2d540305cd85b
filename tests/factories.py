"""Builds real objects through the same code paths users take."""

import itertools
from datetime import date

from carnet.accounts.models import Practice, Role, User
from carnet.accounts.second_factor import activate_demo_totp
from carnet.records import search
from carnet.records.models import Patient

PASSWORD = "Un-mot-de-passe-solide-42"
_counter = itertools.count(1)


def make_practice(name=None) -> Practice:
    return Practice.objects.create(name=name or f"Cabinet {next(_counter)}")


def make_user(practice, role=Role.DOCTOR, username=None, with_mfa=True) -> User:
    user = User.objects.create_user(
        username=username or f"{role}{next(_counter)}",
        password=PASSWORD,
        practice=practice,
        role=role,
        first_name="Camille",
        last_name="Test",
        email="camille@example.test",
    )
    if with_mfa:
        activate_demo_totp(user)
    return user


def make_patient(practice, **fields) -> Patient:
    values = {
        "family_name": "Dupont",
        "given_name": "Marie",
        "birth_date": date(1980, 5, 17),
        "sex": "F",
        "phone": "06 12 34 56 78",
        "email": "marie.dupont@example.test",
        "admin_comment": "Préfère être appelée le matin",
    }
    values.update(fields)
    patient = Patient.objects.create(practice=practice, **values)
    search.index_patient(patient)
    return patient
