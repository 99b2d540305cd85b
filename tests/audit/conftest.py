import pytest
from django.db import connection
from django.test import RequestFactory

from carnet.accounts.models import Practice, Role, User
from carnet.audit import triggers
from carnet.audit.testing import audit_tables_flushable  # noqa: F401  (flushable test DB)


@pytest.fixture(autouse=True)
def signing_key_in_tmp(settings, tmp_path, monkeypatch):
    """Each test gets its own audit signing key file, never the repository's."""
    monkeypatch.delenv("CARNET_AUDIT_SIGNING_KEY", raising=False)
    settings.DATA_DIR = tmp_path / "data"
    settings.AUDIT_SIGNING_KEY_FILE = None
    return settings.DATA_DIR / "audit-signing.key"


@pytest.fixture
def practice(db):
    return Practice.objects.create(name="Cabinet des Lilas")


@pytest.fixture
def other_practice(db):
    return Practice.objects.create(name="Maison de santé du Port")


@pytest.fixture
def doctor(practice):
    return User.objects.create_user("dr.martin", practice=practice, role=Role.DOCTOR)


@pytest.fixture
def secretary(practice):
    return User.objects.create_user("sec.durand", practice=practice, role=Role.SECRETARY)


@pytest.fixture
def doctor_request(doctor):
    request = RequestFactory().get(
        "/patients/", REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT="Firefox/140.0"
    )
    request.user = doctor
    return request


class Attacker:
    """Someone with the database owner's rights: can drop the triggers and
    run any SQL on the log tables (changes are rolled back with the test)."""

    def disable_triggers(self):
        triggers.drop_triggers(connection)

    def sql(self, statement, params=()):
        with connection.cursor() as cursor:
            cursor.execute(statement, params)


@pytest.fixture
def attacker(db):
    return Attacker()
