"""Garbage posted to every form is a 4xx with a French message, and leaves no
half-written record."""

import pytest

from carnet.records.models import Encounter, Patient
from tests.conftest import signed_in

GARBAGE = [
    {},
    {"family_name": "x" * 5000, "given_name": "\x00", "birth_date": "32/13/2020"},
    {"birth_date": "2999-01-01", "family_name": "A", "given_name": "B", "sex": "F"},
    {"family_name": "A", "given_name": "B", "birth_date": "1980-01-01", "sex": "Z", "phone": "12"},
    {"date": "not a date", "reason": ["a", "b"], "substance": "é" * 10_000},
    {"unknown_field": "1", "family_name": "A", "given_name": "B", "birth_date": "1980-01-01", "sex": "F"},
]


@pytest.mark.parametrize("data", GARBAGE)
def test_it_rejects_garbage_on_the_patient_forms(doctor_client, patient, data):
    before = Patient.objects.count()
    for url in ("/patients/nouveau/", f"/patients/{patient.public_id}/modifier/"):
        response = doctor_client.post(url, data)
        assert response.status_code == 400, url
    assert Patient.objects.count() == before
    patient.refresh_from_db()
    assert patient.family_name == "Dupont"


@pytest.mark.parametrize("kind", ["consultation", "note", "allergie", "antecedent", "traitement", "resultat"])
@pytest.mark.parametrize("data", GARBAGE)
def test_it_rejects_garbage_on_the_medical_forms(doctor_client, patient, kind, data):
    response = doctor_client.post(f"/patients/{patient.public_id}/dossier-medical/ajouter/{kind}/", data)
    assert response.status_code == 400
    assert Encounter.objects.count() == 0


def test_it_explains_errors_in_french(doctor_client):
    response = doctor_client.post(
        "/patients/nouveau/",
        {"family_name": "A", "given_name": "B", "birth_date": "1980-01-01", "sex": "F", "phone": "12"},
    )
    assert "Numéro de téléphone invalide" in response.content.decode()


def test_it_names_unknown_fields(doctor_client):
    response = doctor_client.post(
        "/patients/nouveau/",
        {"family_name": "A", "given_name": "B", "birth_date": "1980-01-01", "sex": "F", "is_admin": "1"},
    )
    assert response.status_code == 400
    assert "Champs inconnus : is_admin" in response.content.decode()


def test_it_rejects_garbage_on_the_search(doctor_client):
    assert doctor_client.post("/patients/", {"born": "yesterday"}).status_code == 400
    assert doctor_client.post("/patients/", {"page": "-3", "q": "a"}).status_code == 400
    assert doctor_client.post("/patients/", {"q": "a" * 500}).status_code == 400


def test_it_rejects_garbage_on_the_admin_forms(client, practice_admin, doctor):
    signed_in(client, practice_admin)
    assert client.post("/cabinet/comptes/inviter/", {"username": "A B", "role": "god"}).status_code == 400
    assert client.post(f"/cabinet/comptes/{doctor.pk}/double-authentification/", {"code": "abc"}).status_code == 400
    assert client.get("/cabinet/journal/", {"since": "hier"}).status_code == 400
