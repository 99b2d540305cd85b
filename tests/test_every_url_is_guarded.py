"""Walks every URL pattern of the project and proves, for each, practice
isolation and roles. A new URL is covered without editing this file: its view
must declare an access level (``carnet.records.access``) or come from the
authentication libraries, and the checks below then apply to it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from carnet.records.access import Access
from tests import factories
from tests.conftest import signed_in

# Views that hold no patient or practice data: sign-in, second factor, and
# the invitation link (which only sets a password).
AUTH_MODULES = ("allauth.", "django.")
PUBLIC = "public"


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def access_of(pattern: URLPattern):
    view = pattern.callback
    access = getattr(view, "carnet_access", None)
    if access is None:
        view_class = getattr(view, "view_class", None)
        module = (view_class or view).__module__
        assert module.startswith(AUTH_MODULES), f"{pattern.pattern} declares no access level"
        return PUBLIC
    return access


def guarded_patterns():
    return [(route, p) for route, p in all_patterns() if access_of(p) != PUBLIC]


def url_for(route: str, values: dict) -> str:
    """Fills a route such as 'patients/<str:public_id>/' with test values."""
    import re

    def fill(match):
        name = match.group(2)
        assert name in values, f"no test value for URL parameter {name!r} in {route}"
        return str(values[name])

    return "/" + re.sub(r"<(\w+:)?(\w+)>", fill, route)


@pytest.fixture
def world(practice, other_practice, doctor, secretary, practice_admin, foreign_doctor):
    patient = factories.make_patient(practice, family_name="Zarkovitch")
    return {
        "foreign_doctor": foreign_doctor,
        "values": {"public_id": patient.public_id, "kind": "consultation", "user_id": doctor.pk,
                   "alert_id": _alert(practice, doctor).pk},
        "foreign_admin": factories.make_user(other_practice, "admin", username="admin.b"),
        "foreign_secretary": factories.make_user(other_practice, "secretary", username="sec.b"),
    }


def test_it_finds_the_guarded_urls():
    accesses = {access_of(p) for _, p in guarded_patterns()}
    assert accesses == {a.value for a in Access}


@pytest.mark.parametrize("route,pattern", guarded_patterns(), ids=lambda v: str(v))
def test_it_hides_everything_from_another_practice(client, world, route, pattern):
    """An object of practice A addressed by a member of practice B is a 404;
    a page without object (a list, a search) shows B's own data only."""
    url = url_for(route, world["values"])
    if access_of(pattern) == Access.PRACTICE_ADMIN:
        outsiders = [world["foreign_admin"]]
    else:
        outsiders = [world["foreign_doctor"], world["foreign_secretary"]]
    for outsider in outsiders:
        signed_in(client, outsider)
        if "<" in route:
            assert client.get(url).status_code == 404, (url, outsider.username)
            assert client.post(url, {"x": "1"}).status_code == 404, (url, outsider.username)
        else:
            for response in (client.get(url), client.post(url, {"q": "Zark"}), client.post(url, {"x": "1"})):
                assert response.status_code < 500
                page = response.content.decode()
                assert "Zarkovitch" not in page and "dr.a" not in page, (url, outsider.username)


@pytest.mark.parametrize("route,pattern", guarded_patterns(), ids=lambda v: str(v))
def test_it_enforces_roles_inside_the_practice(client, world, route, pattern, secretary, practice_admin, doctor):
    url = url_for(route, world["values"])
    access = access_of(pattern)
    refused = {
        Access.PATIENT_LIST: [practice_admin],
        Access.ADMINISTRATIVE: [practice_admin],
        Access.MEDICAL: [secretary, practice_admin],
        Access.PRACTICE_ADMIN: [secretary, doctor],
    }[Access(access)]
    for user in refused:
        signed_in(client, user)
        assert client.get(url).status_code == 404, (url, user.role)
        assert client.post(url, {"x": "1"}).status_code == 404, (url, user.role)


@pytest.mark.parametrize("route,pattern", guarded_patterns(), ids=lambda v: str(v))
def test_it_sends_anonymous_visitors_to_the_login(client, world, route, pattern):
    response = client.get(url_for(route, world["values"]))
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


@pytest.mark.parametrize("route,pattern", guarded_patterns(), ids=lambda v: str(v))
def test_it_forbids_caching_of_guarded_pages(client, world, route, pattern, doctor, practice_admin):
    access = access_of(pattern)
    user = practice_admin if access == Access.PRACTICE_ADMIN else doctor
    signed_in(client, user)
    response = client.get(url_for(route, world["values"]))
    if response.status_code == 200:
        assert response["Cache-Control"] == "no-store"


def _alert(practice, user):
    from carnet.accounts.models import SentinelAlert

    return SentinelAlert.objects.create(practice=practice, user=user, reason="test", score=1.0)


GARBAGE_POSTS = [
    {},
    {"q": "\x00" * 10, "page": "-1", "born": "32/13/2020", "k": "abc", "quasi": ["nom"], "code": "x" * 5000},
    {"family_name": "x" * 10_000, "birth_date": "2999-99-99", "guard_action": "move", "action": "download"},
]


@pytest.mark.parametrize("route,pattern", guarded_patterns(), ids=lambda v: str(v))
def test_it_never_answers_garbage_with_a_server_error(client, world, route, pattern, doctor, practice_admin):
    """A malformed request gets a 4xx (or a redirect), never a 500."""
    user = practice_admin if access_of(pattern) == Access.PRACTICE_ADMIN else doctor
    signed_in(client, user)
    url = url_for(route, world["values"])
    for data in GARBAGE_POSTS:
        assert client.post(url, data).status_code < 500, (url, data)
        assert client.get(url, data).status_code < 500, (url, data)


def public_patterns():
    return [(route, p) for route, p in all_patterns() if access_of(p) == PUBLIC]


@pytest.mark.parametrize("route,pattern", public_patterns(), ids=lambda v: str(v))
def test_it_answers_garbage_on_public_pages_without_a_server_error(client, db, route, pattern, practice):
    import re

    url = "/" + re.sub(r"<(\w+:)?(\w+)>", lambda m: "1" if m.group(1) == "int:" else "x1", route)
    for data in GARBAGE_POSTS:
        assert client.post(url, data).status_code < 500, (url, data)
    signed_in(client, factories.make_user(practice, "doctor", username="dr.garbage"))
    for data in GARBAGE_POSTS:
        assert client.post(url, data).status_code < 500, (url, data)
