"""The notes guard on the administrative record: findings shown, moved to the
medical record in one click, or saved after a logged confirmation."""

import pytest

from carnet.audit.models import AccessEvent
from carnet.guard import scan
from carnet.records.comment_guard import segments, split_flagged
from carnet.records.models import ClinicalNote

FORM = {
    "family_name": "Dupont", "given_name": "Marie", "birth_date": "1980-05-17", "sex": "F",
    "nir": "", "address": "", "postcode": "", "city": "", "phone": "", "email": "",
    "insurance": "", "attending_doctor": "",
}
SENSITIVE = "Tiers payant / porteuse VIH, ne pas en parler devant son mari / rappeler le matin"


def test_it_cuts_a_comment_into_segments():
    text = "Tiers payant. Diabétique ; rappeler - 06 11"
    assert [text[s:e] for s, e in segments(text)] == ["Tiers payant", "Diabétique", "rappeler", "06 11"]


def test_it_separates_flagged_segments_from_the_others():
    kept, moved = split_flagged(SENSITIVE, scan(SENSITIVE))
    assert kept == "Tiers payant / rappeler le matin"
    assert moved == "porteuse VIH, ne pas en parler devant son mari"


def test_it_shows_findings_and_saves_nothing_without_a_choice(secretary_client, patient):
    response = secretary_client.post(f"/patients/{patient.public_id}/modifier/", {**FORM, "admin_comment": SENSITIVE})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<mark" in page and "Santé" in page
    patient.refresh_from_db()
    assert "VIH" not in patient.admin_comment


def test_it_saves_after_an_explicit_confirmation_and_logs_it(secretary_client, patient):
    url = f"/patients/{patient.public_id}/modifier/"
    response = secretary_client.post(url, {**FORM, "admin_comment": SENSITIVE, "guard_action": "confirm"})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.admin_comment == SENSITIVE
    event = AccessEvent.objects.get(action="guard_confirm")
    assert event.detail["admin_comment"] == ["health"]
    assert "VIH" not in str(event.detail)


def test_it_moves_the_flagged_part_into_the_medical_record(secretary_client, patient):
    url = f"/patients/{patient.public_id}/modifier/"
    response = secretary_client.post(url, {**FORM, "admin_comment": SENSITIVE, "guard_action": "move"})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.admin_comment == "Tiers payant / rappeler le matin"
    note = ClinicalNote.objects.get(patient=patient)
    assert "porteuse VIH" in note.text and note.author.role == "secretary"
    assert not AccessEvent.objects.filter(action="guard_confirm").exists()


def test_it_blocks_when_the_practice_says_so(secretary_client, patient, practice):
    practice.guard_mode = "block"
    practice.save()
    url = f"/patients/{patient.public_id}/modifier/"
    response = secretary_client.post(url, {**FORM, "admin_comment": SENSITIVE, "guard_action": "confirm"})
    assert response.status_code == 400
    assert "Enregistrer quand même" not in response.content.decode()
    moved = secretary_client.post(url, {**FORM, "admin_comment": SENSITIVE, "guard_action": "move"})
    assert moved.status_code == 302


def test_it_checks_a_new_patient_too(doctor_client):
    response = doctor_client.post("/patients/nouveau/", {**FORM, "admin_comment": "Patient pénible, menteur"})
    assert response.status_code == 400
    assert "Jugement" in response.content.decode() or "jugement" in response.content.decode()


def test_it_previews_findings_as_json(secretary_client):
    response = secretary_client.post("/patients/garde/", {"text": "mère musulmane voilée"})
    assert response.status_code == 200
    data = response.json()
    assert data["categories"] == ["religion"]
    assert data["findings"][0]["text"] in "mère musulmane voilée"


@pytest.mark.parametrize("text", ["", "Tiers payant, carte vitale pas à jour"])
def test_it_previews_clean_text_as_empty(secretary_client, text):
    assert secretary_client.post("/patients/garde/", {"text": text}).json()["findings"] == []


def test_it_refuses_a_get_on_the_preview(secretary_client):
    assert secretary_client.get("/patients/garde/").status_code == 405
