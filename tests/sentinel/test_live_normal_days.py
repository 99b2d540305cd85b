"""Two working weeks of a general practitioner, through the real views, with
the sentinel on: none of it is stepped up, throttled or locked.

The sentinel's clock is replaced so that each request happens at the time of
day it would in a practice (the code path is otherwise the live one)."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from carnet.audit.models import AccessEvent
from carnet.sentinel import live
from tests import factories
from tests.conftest import signed_in

pytestmark = [pytest.mark.sentinel, pytest.mark.slow]
PARIS = ZoneInfo("Europe/Paris")


class FakeClock:
    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now


def test_it_leaves_two_normal_weeks_of_a_doctor_untouched(client, practice, doctor, monkeypatch):
    rng = random.Random(7)
    patients = [
        factories.make_patient(practice, family_name=f"Patient{i:03d}", attending_doctor=doctor)
        for i in range(400)
    ]
    clock = FakeClock(datetime(2026, 3, 2, 8, 30, tzinfo=PARIS))  # a Monday
    monkeypatch.setattr(live, "clock", clock)
    signed_in(client, doctor)

    refused = []
    for day in range(14):
        date = datetime(2026, 3, 2, tzinfo=PARIS) + timedelta(days=day)
        if date.weekday() >= 5:
            continue
        clock.now = date.replace(hour=8, minute=30)
        for _ in range(22):  # consultations, about every 20 minutes
            clock.now += timedelta(minutes=rng.randint(12, 28))
            patient = rng.choice(patients)
            responses = [
                client.post("/patients/", {"q": patient.family_name}),
                client.get(f"/patients/{patient.public_id}/"),
                client.get(f"/patients/{patient.public_id}/dossier-medical/"),
                client.post(
                    f"/patients/{patient.public_id}/dossier-medical/ajouter/consultation/",
                    {"date": clock.now.date().isoformat(), "reason": "Consultation", "note": ""},
                ),
            ]
            refused += [(clock.now, r.status_code) for r in responses if r.status_code not in (200, 302)
                        or r.get("Location", "").startswith("/comptes/")]
        clock.now = date.replace(hour=20, minute=15)  # results read in the evening
        for patient in rng.sample(patients, 5):
            clock.now += timedelta(minutes=3)
            response = client.get(f"/patients/{patient.public_id}/dossier-medical/")
            if response.status_code != 200:
                refused.append((clock.now, response.status_code))

    assert refused == []
    assert not AccessEvent.objects.filter(action__in=["step_up", "throttle", "lock"]).exists()
