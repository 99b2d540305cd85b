"""Shared by the tests of the sentinel in the live application."""

from carnet.accounts.second_factor import current_code, demo_totp_secret
from tests import factories


def many_patients(practice, count, prefix="Scrap"):
    return [factories.make_patient(practice, family_name=f"{prefix}{i:04d}") for i in range(count)]


def scrape(client, patients):
    """Opens records as fast as possible; returns (patients served, first refusal)."""
    served = []
    for patient in patients:
        response = client.get(f"/patients/{patient.public_id}/")
        if response.status_code != 200:
            return served, response
        served.append(patient.public_id)
    return served, None


def open_until(client, patients, status):
    """Opens records until one answers ``status``; returns that response."""
    for patient in patients:
        response = client.get(f"/patients/{patient.public_id}/")
        if response.status_code == status:
            return response
    raise AssertionError(f"no response with status {status}")


def prove_second_factor(client, user):
    return client.post("/comptes/verification/", {"code": current_code(demo_totp_secret(user.username))})
