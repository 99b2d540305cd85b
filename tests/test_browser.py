"""A doctor's session in Debian's chromium, driven by Playwright: log in with
password and TOTP, search, open a record, edit the comment, log out."""

import os
import shutil
from pathlib import Path

import pytest

from carnet.accounts.second_factor import current_code, demo_totp_secret
from tests import factories
from tests.totp import wait_for_a_fresh_code_period

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # made by the live server happen in its own threads.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page(locale="fr-FR", viewport={"width": 1366, "height": 900})
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def sign_in_with_totp(page, base_url, user):
    page.goto(f"{base_url}/comptes/login/")
    page.get_by_label("Nom d'utilisateur").fill(user.username)
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Connexion", exact=True).click()
    wait_for_a_fresh_code_period()
    page.get_by_label("Code").fill(current_code(demo_totp_secret(user.username)))
    page.get_by_role("button", name="Connexion", exact=True).click()


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_doctors_session_in_a_real_browser(live_server, browser_page):
    practice = factories.make_practice("Cabinet du navigateur")
    doctor = factories.make_user(practice, "doctor", username="dr.navigateur")
    patient = factories.make_patient(practice, family_name="Navarre", given_name="Léa")
    page = browser_page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    sign_in_with_totp(page, live_server.url, doctor)

    page.get_by_label("Nom ou prénom (premières lettres)").fill("nav")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="NAVARRE").click()
    assert page.get_by_role("heading", level=1).inner_text() == "NAVARRE Léa"

    page.get_by_role("link", name="Modifier le dossier administratif").click()
    page.get_by_label("Commentaire administratif").fill("Préfère les RDV du mardi")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Préfère les RDV du mardi" in page.content()
    page.screenshot(path=str(ARTIFACTS / "patient_record.png"), full_page=True)

    page.get_by_role("button", name="Se déconnecter").click()
    assert "/comptes/" in page.url
    patient.refresh_from_db()
    assert patient.admin_comment == "Préfère les RDV du mardi"
