import re

from allauth.mfa.models import Authenticator
from django.core import mail

from carnet.accounts.models import User
from carnet.accounts.second_factor import current_code, demo_totp_secret
from carnet.audit.models import AccessEvent
from tests.conftest import signed_in


def test_it_invites_a_member_who_then_chooses_a_password(client, practice_admin):
    signed_in(client, practice_admin)
    response = client.post("/cabinet/comptes/inviter/", {
        "username": "dr.nouveau", "first_name": "Inès", "last_name": "Nouveau",
        "email": "ines@example.test", "role": "doctor",
    })
    assert response.status_code == 302
    member = User.objects.get(username="dr.nouveau")
    assert member.practice_id == practice_admin.practice_id and not member.has_usable_password()
    link = re.search(r"http://testserver(/comptes/invitation/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    assert client.post(link, {"password1": "azerty", "password2": "azerty"}).status_code == 400
    strong = "Un-autre-mot-de-passe-solide-7"
    assert client.post(link, {"password1": strong, "password2": strong}).status_code == 302
    member.refresh_from_db()
    assert member.check_password(strong)
    assert client.get(link).status_code == 404  # used once


def test_it_disables_and_reenables_a_member(client, practice_admin, doctor):
    signed_in(client, practice_admin)
    client.post(f"/cabinet/comptes/{doctor.pk}/activation/")
    doctor.refresh_from_db()
    assert not doctor.is_active
    assert AccessEvent.objects.filter(action="account_change", detail__change="disable").exists()
    client.post(f"/cabinet/comptes/{doctor.pk}/activation/")
    doctor.refresh_from_db()
    assert doctor.is_active


def test_it_resets_a_second_factor_only_with_the_admins_own_code(client, practice_admin, doctor):
    signed_in(client, practice_admin)
    url = f"/cabinet/comptes/{doctor.pk}/double-authentification/"
    assert client.post(url, {"code": "000000"}).status_code == 400
    assert Authenticator.objects.filter(user=doctor).exists()
    code = current_code(demo_totp_secret(practice_admin.username))
    assert client.post(url, {"code": code}).status_code == 302
    assert not Authenticator.objects.filter(user=doctor).exists()
    assert any("réinitialisé" in m.body for m in mail.outbox)


def test_it_voids_the_password_on_a_reset_and_mails_a_link_to_choose_another(
        client, practice_admin, doctor):
    """Whoever phished the password and talked the administrator into a reset
    ("I lost my phone") must not be the one who enrols the new factor."""
    from django.test import Client

    from tests.factories import PASSWORD

    thief = Client()
    signed_in(thief, doctor)
    assert thief.get("/patients/").status_code == 200
    signed_in(client, practice_admin)
    code = current_code(demo_totp_secret(practice_admin.username))
    client.post(f"/cabinet/comptes/{doctor.pk}/double-authentification/", {"code": code})
    doctor.refresh_from_db()
    assert not doctor.has_usable_password() and not doctor.check_password(PASSWORD)
    assert thief.get("/patients/").status_code == 302  # the session in hand ended
    message = next(m for m in mail.outbox if "réinitialisé" in m.body)
    assert message.to == [doctor.email]
    link = re.search(r"http://testserver(/comptes/invitation/\S+)", message.body).group(1)
    client.logout()
    strong = "Un-nouveau-mot-de-passe-solide-4"
    assert client.post(link, {"password1": strong, "password2": strong}).status_code == 302
    doctor.refresh_from_db()
    assert doctor.check_password(strong)


def test_it_accepts_a_second_factor_just_proven_on_allauths_page_for_a_reset(
        client, practice_admin, doctor):
    """An administrator with a passkey only proves it on allauth's re-authentication
    page (passkey, TOTP or recovery code), then confirms without typing a code."""
    signed_in(client, practice_admin)
    url = f"/cabinet/comptes/{doctor.pk}/double-authentification/"
    page = client.get(url).content.decode()
    assert "/comptes/2fa/reauthenticate/?next=" in page
    assert client.post(url, {}).status_code == 400  # nothing proven yet
    code = current_code(demo_totp_secret(practice_admin.username))
    response = client.post(f"/comptes/2fa/reauthenticate/?next={url}", {"code": code})
    assert response["Location"] == url
    assert "vient d'être vérifié" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 302
    assert not Authenticator.objects.filter(user=doctor).exists()


def test_it_refuses_a_reset_for_a_member_without_an_email_address(client, practice_admin, doctor):
    User.objects.filter(pk=doctor.pk).update(email="")
    signed_in(client, practice_admin)
    code = current_code(demo_totp_secret(practice_admin.username))
    response = client.post(f"/cabinet/comptes/{doctor.pk}/double-authentification/", {"code": code})
    assert response.status_code == 400
    assert "adresse électronique" in response.content.decode()
    doctor.refresh_from_db()
    assert doctor.has_usable_password() and Authenticator.objects.filter(user=doctor).exists()


def test_it_refuses_to_reset_the_admins_own_second_factor(client, practice_admin):
    signed_in(client, practice_admin)
    assert client.get(f"/cabinet/comptes/{practice_admin.pk}/double-authentification/").status_code == 404


def test_it_shows_the_practice_access_log(client, practice_admin, doctor_client, patient):
    doctor_client.get(f"/patients/{patient.public_id}/")
    signed_in(client, practice_admin)
    response = client.get("/cabinet/journal/", {"patient": patient.public_id})
    events = list(response.context["page"].object_list)
    assert [e.action for e in events] == ["view"]
    assert events[0].actor_username == "dr.a"


def test_it_filters_the_access_log_by_date(client, practice_admin, doctor_client, patient):
    from django.utils import timezone

    doctor_client.get(f"/patients/{patient.public_id}/")
    signed_in(client, practice_admin)
    today = timezone.localdate()
    same_day = client.get("/cabinet/journal/", {"since": today, "until": today, "action": "view"})
    assert len(same_day.context["page"].object_list) == 1
    tomorrow = today + timezone.timedelta(days=1)
    assert len(client.get("/cabinet/journal/", {"since": tomorrow}).context["page"].object_list) == 0
