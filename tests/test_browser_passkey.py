"""Passkeys, really: in Debian's chromium with a virtual authenticator (the
DevTools WebAuthn domain), a doctor registers a passkey, then signs in with
it alone, neither password nor code."""

import os

import pytest
from allauth.mfa.models import Authenticator

from tests import factories
from tests.test_browser import ARTIFACTS, CHROMIUM, browser_page, sign_in_with_totp  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_it_registers_a_passkey_and_signs_in_with_it(live_server, browser_page):  # noqa: F811
    practice = factories.make_practice("Cabinet des clés")
    doctor = factories.make_user(practice, "doctor", username="dr.cle")
    page = browser_page
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True,
    }})
    base = live_server.url.replace("127.0.0.1", "localhost")  # an RP ID must be a domain

    sign_in_with_totp(page, base, doctor)

    page.goto(f"{base}/comptes/2fa/webauthn/add/?passwordless")
    if "/reauthenticate/" in page.url:  # allauth asks for the password again before adding a key
        page.get_by_label("Mot de passe").fill(factories.PASSWORD)
        page.get_by_role("button", name="Confirmer").click()
    page.get_by_label("Name").fill("Ordinateur du cabinet")
    passwordless = page.get_by_label("Sans mot de passe")
    if passwordless.count():
        passwordless.check()
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url, timeout=10_000)
    assert Authenticator.objects.filter(user=doctor, type=Authenticator.Type.WEBAUTHN).count() == 1

    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(f"{base}/comptes/login/")
    page.get_by_role("button", name="Se connecter avec une clé d'accès").click()
    page.wait_for_url(lambda url: "/comptes/" not in url, timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / "passkey_signed_in.png"))
    assert "Camille Test" in page.content()
