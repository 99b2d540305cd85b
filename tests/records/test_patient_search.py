from datetime import date

from carnet.audit.models import AccessEvent
from tests import factories


def _names(response):
    return [p.family_name for p in response.context["page"].object_list]


def test_it_finds_a_patient_by_the_first_letters_of_the_name(doctor_client, practice):
    factories.make_patient(practice, family_name="Dupont")
    factories.make_patient(practice, family_name="Durand")
    factories.make_patient(practice, family_name="Martin")
    assert sorted(_names(doctor_client.post("/patients/", {"q": "du"}))) == ["Dupont", "Durand"]
    assert _names(doctor_client.post("/patients/", {"q": "dup"})) == ["Dupont"]


def test_it_ignores_case_and_accents(doctor_client, practice):
    factories.make_patient(practice, family_name="Lefèvre", given_name="Élodie")
    assert _names(doctor_client.post("/patients/", {"q": "LEFEV"})) == ["Lefèvre"]
    assert _names(doctor_client.post("/patients/", {"q": "elo"})) == ["Lefèvre"]


def test_it_combines_name_and_birth_date(doctor_client, practice):
    factories.make_patient(practice, family_name="Dupont", birth_date=date(1980, 5, 17))
    factories.make_patient(practice, family_name="Dupuis", birth_date=date(1990, 1, 2))
    response = doctor_client.post("/patients/", {"q": "dup", "born": "1990-01-02"})
    assert _names(response) == ["Dupuis"]
    assert _names(doctor_client.post("/patients/", {"born": "1980-05-17"})) == ["Dupont"]


def test_it_never_finds_another_practices_patients(doctor_client, other_practice):
    factories.make_patient(other_practice, family_name="Dupont")
    assert _names(doctor_client.post("/patients/", {"q": "dup"})) == []


def test_it_pages_by_fifty_and_shows_no_contact_details(doctor_client, practice):
    for i in range(55):
        factories.make_patient(practice, family_name=f"Dupont{i:02d}", phone="06 99 88 77 66")
    response = doctor_client.post("/patients/", {"q": "dupont"})
    assert len(response.context["page"].object_list) == 50
    assert "06 99 88 77 66" not in response.content.decode()
    second = doctor_client.post("/patients/", {"q": "dupont", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_it_logs_the_patients_a_search_returned(doctor_client, doctor, practice):
    found = factories.make_patient(practice, family_name="Dupont")
    doctor_client.post("/patients/", {"q": "dup"})
    event = AccessEvent.objects.get(action="search")
    assert event.actor_id == doctor.pk
    assert found.public_id in str(event.detail)


def test_it_lists_nobody_without_a_search(doctor_client, practice):
    factories.make_patient(practice, family_name="Dupont")
    response = doctor_client.get("/patients/")
    assert response.context["page"] is None
    assert "Dupont".upper() not in response.content.decode()
