import time

from carnet.accounts.middleware import LOGIN_AT, SEEN_AT


def _age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"login": LOGIN_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


def test_it_keeps_an_active_session(doctor_client, patient):
    doctor_client.get("/patients/")
    _age_session(doctor_client, seen=29 * 60)
    assert doctor_client.get(f"/patients/{patient.public_id}/").status_code == 200


def test_it_ends_a_session_idle_for_30_minutes(doctor_client, patient):
    doctor_client.get("/patients/")
    _age_session(doctor_client, seen=31 * 60)
    response = doctor_client.get(f"/patients/{patient.public_id}/")
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert "_auth_user_id" not in doctor_client.session


def test_it_ends_a_session_after_12_hours_even_if_active(doctor_client, patient):
    doctor_client.get("/patients/")
    _age_session(doctor_client, login=12 * 3600 + 1, seen=10)
    response = doctor_client.get(f"/patients/{patient.public_id}/")
    assert response.status_code == 302
    assert doctor_client.get(f"/patients/{patient.public_id}/").status_code == 302


def test_it_ends_the_sessions_of_a_disabled_account_at_once(doctor_client, doctor, patient):
    assert doctor_client.get(f"/patients/{patient.public_id}/").status_code == 200
    doctor.is_active = False
    doctor.save()
    response = doctor_client.get(f"/patients/{patient.public_id}/")
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
