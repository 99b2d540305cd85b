"""Holes a review found in the live sentinel, kept shut."""

import pytest

from carnet.audit.models import AccessEvent
from carnet.accounts.second_factor import current_code, demo_totp_secret
from tests.conftest import signed_in
from tests.sentinel.live_helpers import many_patients

pytestmark = pytest.mark.sentinel


def test_it_does_not_count_a_failed_post_as_care(client, doctor, practice):
    """An empty POST used to mark the patient as the account's own."""
    signed_in(client, doctor)
    exposed = 0
    for patient in many_patients(practice, 260):
        client.post(f"/patients/{patient.public_id}/modifier/", {})
        response = client.get(f"/patients/{patient.public_id}/")
        if response.status_code != 200:
            break
        exposed += 1
    assert exposed <= 200


def test_it_logs_the_record_shown_again_on_an_invalid_post(doctor_client, patient):
    response = doctor_client.post(f"/patients/{patient.public_id}/modifier/", {})
    assert response.status_code == 400
    assert AccessEvent.objects.filter(action="view", patient_ref=patient.public_id).exists()


def test_it_logs_the_identity_shown_on_a_medical_entry_form(doctor_client, patient):
    doctor_client.get(f"/patients/{patient.public_id}/dossier-medical/ajouter/note/")
    event = AccessEvent.objects.get(action="view", patient_ref=patient.public_id)
    assert set(event.fields) == {"family_name", "given_name"}


def test_it_fails_closed_when_redis_is_unreachable(settings, doctor_client, patient):
    from carnet.sentinel.live import reset_sentinel

    settings.SENTINEL_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    reset_sentinel()
    response = doctor_client.get(f"/patients/{patient.public_id}/")
    assert response.status_code == 503
    assert patient.family_name not in response.content.decode()
    reset_sentinel()


def test_it_stops_guessing_the_step_up_code(client, doctor):
    signed_in(client, doctor)
    good = current_code(demo_totp_secret(doctor.username))
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert client.post("/comptes/verification/", {"code": wrong}).status_code == 400
    response = client.post("/comptes/verification/", {"code": good})
    assert response.status_code == 400
    assert "réessayez dans 15 minutes" in response.content.decode()


def test_it_accepts_allauths_reauthentication_as_a_step_up(client, doctor, practice):
    """Passkeys and recovery codes go through allauth's own page."""
    from carnet.sentinel.live import STEP_UP_NEXT

    signed_in(client, doctor)
    patients = many_patients(practice, 260)
    for patient in patients:
        if client.get(f"/patients/{patient.public_id}/").status_code == 302:
            stopped_at = patient
            break
    assert client.session[STEP_UP_NEXT] == f"/patients/{stopped_at.public_id}/"
    assert client.get("/comptes/verification/confirmee/")["Location"] == "/comptes/verification/"
    code = current_code(demo_totp_secret(doctor.username))
    response = client.post("/comptes/2fa/reauthenticate/?next=/comptes/verification/confirmee/", {"code": code})
    assert response["Location"] == "/comptes/verification/confirmee/"
    response = client.get(response["Location"])
    assert response["Location"] == f"/patients/{stopped_at.public_id}/"
    assert client.get(response["Location"]).status_code == 200
    assert AccessEvent.objects.filter(action="step_up", detail__proof="totp").exists()
