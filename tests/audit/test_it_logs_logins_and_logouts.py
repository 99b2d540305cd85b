"""Logins, failed logins and logouts reach the log through Django's signals."""

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from carnet.audit.log import SYSTEM_PRACTICE_ID
from carnet.audit.models import AccessEvent


def web_request():
    request = RequestFactory().post("/login/", REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Safari")
    request.session = SessionStore()
    request.user = AnonymousUser()
    return request


def test_it_logs_a_login_and_a_logout(doctor, practice):
    request = web_request()
    login(request, doctor, backend="django.contrib.auth.backends.ModelBackend")
    logout(request)
    events = list(AccessEvent.objects.order_by("seq").values_list("practice_id", "action", "actor_id", "ip"))
    assert events == [
        (practice.pk, "login", doctor.pk, "198.51.100.7"),
        (practice.pk, "logout", doctor.pk, "198.51.100.7"),
    ]


def test_it_logs_a_failed_login_on_the_named_accounts_practice(doctor, practice):
    doctor.set_password("un mot de passe correct 2025")
    doctor.save()
    assert authenticate(web_request(), username="dr.martin", password="faux mot de passe") is None
    event = AccessEvent.objects.get()
    assert (event.practice_id, event.action, event.actor_id, event.actor_username) == (
        practice.pk, "login_failed", None, "dr.martin",
    )
    assert "faux" not in str(event.detail)


def test_it_logs_a_failed_login_for_an_unknown_name_on_the_system_chain(db):
    assert authenticate(web_request(), username="personne", password="x") is None
    event = AccessEvent.objects.get()
    assert (event.practice_id, event.actor_username) == (SYSTEM_PRACTICE_ID, "personne")
