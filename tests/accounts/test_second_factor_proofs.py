"""What counts as an administrator's (or a stepped-up account's) fresh proof of a
second factor: a TOTP code or a passkey just proven on allauth's re-authentication
page, once. Not the sign-in's own factor, not a recovery code."""

import re

from allauth.mfa.models import Authenticator

from carnet.accounts.second_factor import current_code, demo_totp_secret
from tests.conftest import signed_in
from tests.factories import PASSWORD


def _reset_url(member):
    return f"/cabinet/comptes/{member.pk}/double-authentification/"


def _sign_in_with_totp(client, user):
    response = client.post("/comptes/login/", {"login": user.username, "password": PASSWORD})
    assert response["Location"] == "/comptes/2fa/authenticate/"
    code = current_code(demo_totp_secret(user.username))
    assert client.post("/comptes/2fa/authenticate/", {"code": code}).status_code == 302


def _reauthenticate_with_totp(client, user, next_url):
    code = current_code(demo_totp_secret(user.username))
    response = client.post(f"/comptes/2fa/reauthenticate/?next={next_url}", {"code": code})
    assert response["Location"] == next_url


def test_it_does_not_take_the_sign_in_s_own_factor_for_a_fresh_proof(client, practice_admin, doctor):
    _sign_in_with_totp(client, practice_admin)
    assert "vient d'être vérifié" not in client.get(_reset_url(doctor)).content.decode()
    assert client.post(_reset_url(doctor), {}).status_code == 400
    assert Authenticator.objects.filter(user=doctor).exists()


def test_it_uses_up_a_proof_on_one_reset(client, practice_admin, doctor, secretary):
    signed_in(client, practice_admin)
    _reauthenticate_with_totp(client, practice_admin, _reset_url(doctor))
    assert client.post(_reset_url(doctor), {}).status_code == 302
    assert client.post(_reset_url(secretary), {}).status_code == 400
    assert Authenticator.objects.filter(user=secretary).exists()


def test_it_refuses_a_recovery_code_that_a_session_and_the_password_can_display(
        client, practice_admin, doctor):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(practice_admin)
    signed_in(client, practice_admin)  # a stolen session...
    client.post("/comptes/reauthenticate/", {"password": PASSWORD})  # ...and the phished password
    codes = re.findall(r"\b[0-9a-f]{8}\b", client.get("/comptes/2fa/recovery-codes/").content.decode())
    assert codes
    client.post(f"/comptes/2fa/reauthenticate/?next={_reset_url(doctor)}", {"code": codes[0]})
    assert client.post(_reset_url(doctor), {}).status_code == 400
    assert Authenticator.objects.filter(user=doctor).exists()
