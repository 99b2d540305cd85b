from allauth.mfa.models import Authenticator

from tests import factories
from tests.conftest import signed_in


def test_it_sends_an_account_without_second_factor_to_its_setup(client, practice, patient):
    user = factories.make_user(practice, "doctor", with_mfa=False)
    signed_in(client, user)
    response = client.get(f"/patients/{patient.public_id}/")
    assert response.status_code == 302
    assert response["Location"] == "/comptes/2fa/totp/activate/"


def test_it_shows_no_patient_data_before_the_second_factor(client, practice, patient):
    user = factories.make_user(practice, "doctor", with_mfa=False)
    signed_in(client, user)
    for url in ("/patients/", f"/patients/{patient.public_id}/", f"/patients/{patient.public_id}/dossier-medical/"):
        response = client.get(url, follow=True)
        assert patient.family_name not in response.content.decode()


def test_it_lets_an_account_with_a_second_factor_in(doctor_client, patient):
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).exists()
    assert doctor_client.get(f"/patients/{patient.public_id}/").status_code == 200


def test_it_keeps_a_password_only_session_away_from_account_changes(client, practice):
    user = factories.make_user(practice, "doctor", with_mfa=False)
    signed_in(client, user)
    response = client.get("/comptes/password/change/")
    assert response.status_code == 302
    assert response["Location"] == "/comptes/2fa/totp/activate/"
