"""The sentinel on the real views: a scraping account is contained, in steps,
and the practice administrator is alerted and can unlock."""

import pytest
from django.core import mail

from carnet.accounts.models import SentinelAlert
from carnet.audit.models import AccessEvent
from tests.conftest import signed_in
from tests.sentinel.live_helpers import many_patients, open_until, prove_second_factor, scrape

pytestmark = pytest.mark.sentinel


def test_it_lets_a_doctor_open_a_few_records(doctor_client, practice):
    served, refusal = scrape(doctor_client, many_patients(practice, 5))
    assert refusal is None and len(served) == 5


def test_it_contains_a_scraping_account_within_200_patients(client, doctor, practice, practice_admin):
    signed_in(client, doctor)
    patients = many_patients(practice, 260)
    exposed = set()
    refusals = []
    for patient in patients:
        response = client.get(f"/patients/{patient.public_id}/")
        if response.status_code == 200:
            exposed.add(patient.public_id)
            continue
        refusals.append(response.status_code)
        if response.status_code == 403:
            break
    assert len(exposed) <= 200
    assert refusals and refusals[-1] == 403, refusals  # locked in the end
    doctor.refresh_from_db()
    assert not doctor.is_active
    alert = SentinelAlert.objects.get(user=doctor, kind="lock")
    assert alert.reason and alert.resolved_at is None
    assert AccessEvent.objects.filter(action="lock", actor_id=doctor.pk).exists()
    assert any(doctor.username in m.subject for m in mail.outbox)
    assert client.get(f"/patients/{patients[0].public_id}/").status_code == 302  # signed out


def test_it_asks_for_the_second_factor_before_anything_harsher(client, doctor, practice):
    signed_in(client, doctor)
    served, refusal = scrape(client, many_patients(practice, 260))
    assert refusal is not None
    assert refusal.status_code == 302 and refusal["Location"] == "/comptes/verification/"
    assert AccessEvent.objects.filter(action="step_up", actor_id=doctor.pk).exists()


def test_it_goes_on_after_the_second_factor_is_proven(client, doctor, practice):
    signed_in(client, doctor)
    patients = many_patients(practice, 260)
    served, refusal = scrape(client, patients)
    assert refusal["Location"] == "/comptes/verification/"
    stopped_at = patients[len(served)]
    response = prove_second_factor(client, doctor)
    assert response.status_code == 302 and response["Location"] == f"/patients/{stopped_at.public_id}/"
    assert client.get(response["Location"]).status_code == 200


def test_it_answers_a_throttled_request_with_a_french_429(client, doctor, practice):
    signed_in(client, doctor)
    response = open_until(client, many_patients(practice, 260), 429)
    assert "Merci de patienter" in response.content.decode()


def test_it_lifts_a_throttle_once_the_owner_proves_the_second_factor(client, doctor, practice):
    """A step-up left unanswered throttles the next refusal; the 429 page offers
    the same proof, which lifts the throttle and comes back to the record."""
    signed_in(client, doctor)
    patients = many_patients(practice, 260)
    served, step_up = scrape(client, patients)
    assert step_up["Location"] == "/comptes/verification/"
    waiting = patients[len(served) + 1]
    throttled = client.get(f"/patients/{waiting.public_id}/")
    assert throttled.status_code == 429
    assert 'href="/comptes/verification/"' in throttled.content.decode()
    response = prove_second_factor(client, doctor)
    assert response["Location"] == f"/patients/{waiting.public_id}/"
    assert client.get(response["Location"]).status_code == 200


def test_it_lets_the_administrator_unlock(client, doctor, practice, practice_admin):
    signed_in(client, doctor)
    open_until(client, many_patients(practice, 260), 403)
    alert = SentinelAlert.objects.get(user=doctor, kind="lock")
    signed_in(client, practice_admin)
    page = client.get("/cabinet/alertes/").content.decode()
    assert alert.reason in page
    assert client.post(f"/cabinet/alertes/{alert.pk}/deverrouiller/").status_code == 302
    doctor.refresh_from_db()
    alert.refresh_from_db()
    assert doctor.is_active and alert.resolved_by == practice_admin
    assert not SentinelAlert.objects.filter(user=doctor, resolved_at__isnull=True).exists()
    assert AccessEvent.objects.filter(action="unlock").exists()
    signed_in(client, doctor)
    assert client.get("/patients/").status_code == 200


def test_it_tells_the_administrators_once_when_an_account_is_throttled(client, doctor, practice, practice_admin):
    signed_in(client, doctor)
    open_until(client, many_patients(practice, 260), 429)
    throttle_alerts = SentinelAlert.objects.filter(user=doctor, kind="throttle")
    assert throttle_alerts.count() == 1
    assert [m.to for m in mail.outbox if "ralenti" in m.subject] == [[practice_admin.email]]


def test_it_does_not_offer_a_proof_that_cannot_help(client, doctor, practice):
    """Throttled again soon after a proof: the allowances are doubled already, so
    the 429 page sends to the administrator instead of to another proof."""
    signed_in(client, doctor)
    patients = many_patients(practice, 400)
    served, step_up = scrape(client, patients)
    assert step_up["Location"] == "/comptes/verification/"
    prove_second_factor(client, doctor)
    throttled = open_until(client, patients[len(served):], 429)
    page = throttled.content.decode()
    assert 'href="/comptes/verification/"' not in page
    assert "administrateur" in page
