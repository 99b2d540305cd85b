from datetime import date

from carnet.audit.models import AccessEvent
from carnet.records.models import Allergy, Encounter, HistoryItem, Result, Treatment

VALID_PATIENT = {
    "family_name": "Bernard", "given_name": "Louise", "birth_date": "1975-03-04", "sex": "F",
    "nir": "", "address": "3 rue des Lilas", "postcode": "75011", "city": "Paris",
    "phone": "06 11 22 33 44", "email": "", "insurance": "MGEN", "attending_doctor": "",
    "admin_comment": "Tiers payant",
}


def test_it_creates_a_patient_and_logs_it(doctor_client):
    response = doctor_client.post("/patients/nouveau/", VALID_PATIENT)
    assert response.status_code == 302
    event = AccessEvent.objects.get(action="create")
    assert response["Location"] == f"/patients/{event.patient_ref}/"


def test_it_shows_and_logs_the_administrative_record(doctor_client, patient):
    response = doctor_client.get(f"/patients/{patient.public_id}/")
    assert "DUPONT Marie" in response.content.decode()
    event = AccessEvent.objects.get(action="view", patient_ref=patient.public_id)
    assert "admin_comment" in event.fields and "phone" in event.fields


def test_it_lets_a_secretary_edit_the_administrative_record(secretary_client, patient):
    data = {**VALID_PATIENT, "family_name": "Dupont", "given_name": "Marie", "admin_comment": "Nouveau numéro"}
    response = secretary_client.post(f"/patients/{patient.public_id}/modifier/", data)
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.admin_comment == "Nouveau numéro"
    event = AccessEvent.objects.get(action="update")
    assert "admin_comment" in event.fields


def test_it_hides_the_medical_record_link_from_a_secretary(secretary_client, patient):
    page = secretary_client.get(f"/patients/{patient.public_id}/").content.decode()
    assert "dossier-medical" not in page


def test_it_adds_every_kind_of_medical_entry_and_shows_a_timeline(doctor_client, patient):
    base = f"/patients/{patient.public_id}/dossier-medical/ajouter"
    posts = {
        "consultation": {"date": "2026-01-10", "reason": "Toux", "note": "Auscultation normale"},
        "allergie": {"substance": "Pénicilline", "reaction": "urticaire"},
        "antecedent": {"label": "Diabète de type 2", "cim10": "E11", "since": "2015-06-01"},
        "traitement": {"drug": "Metformine", "dosage": "1000 mg x2", "start": "2015-06-01", "end": ""},
        "resultat": {"label": "HbA1c", "value": "6,9 %", "date": "2026-01-05"},
    }
    for kind, data in posts.items():
        assert doctor_client.post(f"{base}/{kind}/", data).status_code == 302, kind
    assert (Encounter.objects.count(), Allergy.objects.count(), HistoryItem.objects.count(),
            Treatment.objects.count(), Result.objects.count()) == (1, 1, 1, 1, 1)
    timeline = doctor_client.get(f"/patients/{patient.public_id}/dossier-medical/").context["timeline"]
    dates = [getattr(e, "date", None) or getattr(e, "start", None) or getattr(e, "since", None) for e in timeline]
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True)
    assert date(2026, 1, 10) == known[0]


def test_it_rejects_an_invalid_cim10_code(doctor_client, patient):
    url = f"/patients/{patient.public_id}/dossier-medical/ajouter/antecedent/"
    response = doctor_client.post(url, {"label": "HTA", "cim10": "12X", "since": ""})
    assert response.status_code == 400
    assert "CIM-10" in response.content.decode()
