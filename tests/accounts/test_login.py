"""Password, then second factor; failures are logged and throttled."""

from allauth.mfa.models import Authenticator

from carnet.accounts.second_factor import current_code, demo_totp_secret
from carnet.audit.models import AccessEvent
from tests.factories import PASSWORD


def _password_step(client, username, password=PASSWORD):
    return client.post("/comptes/login/", {"login": username, "password": password})


def test_it_asks_for_the_second_factor_after_the_password(client, doctor):
    response = _password_step(client, doctor.username)
    assert response.status_code == 302
    assert response["Location"] == "/comptes/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


def test_it_signs_in_with_password_and_totp_code(client, doctor):
    _password_step(client, doctor.username)
    code = current_code(demo_totp_secret(doctor.username))
    response = client.post("/comptes/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(doctor.pk)
    assert AccessEvent.objects.filter(action="login", actor_id=doctor.pk).count() == 1


def test_it_refuses_a_wrong_totp_code(client, doctor):
    _password_step(client, doctor.username)
    good = current_code(demo_totp_secret(doctor.username))
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post("/comptes/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_logs_failed_logins(client, doctor):
    _password_step(client, doctor.username, "not the password")
    event = AccessEvent.objects.get(action="login_failed")
    assert event.actor_username == doctor.username
    assert event.practice_id == doctor.practice_id


def test_it_throttles_repeated_failures(client, doctor):
    statuses = [_password_step(client, doctor.username, "wrong").status_code for _ in range(5)]
    assert statuses[-1] == 429
    response = _password_step(client, doctor.username)  # the right password, too late
    assert response.status_code in (200, 429)
    assert response.get("Location") != "/comptes/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


def test_it_hashes_passwords_with_argon2(settings, practice):
    from carnet import settings as project_settings
    from tests import factories

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = factories.make_user(practice, "doctor", username="dr.argon")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(factories.PASSWORD)


def test_it_rejects_common_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    import pytest

    for weak in ("motdepasse123", "Azertyuiop2025!", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak)


def test_it_offers_passkeys(doctor):
    from django.conf import settings

    assert "webauthn" in settings.MFA_SUPPORTED_TYPES
    assert Authenticator.Type.WEBAUTHN == "webauthn"


def test_it_stores_totp_secrets_encrypted(doctor):
    stored = Authenticator.objects.get(user=doctor, type=Authenticator.Type.TOTP).data["secret"]
    secret = demo_totp_secret(doctor.username)
    assert secret not in stored
    from allauth.mfa.utils import decrypt

    assert decrypt(stored) == secret
