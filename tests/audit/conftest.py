import pytest
from django.db import connection
from django.test import RequestFactory

from carnet.accounts.models import Practice, Role, User
from carnet.audit import triggers
from carnet.audit.chain import HASHED_COLUMNS, row_hash
from carnet.audit.models import AccessEvent, ChainHead
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

    def rechain(self, practice_id, from_seq):
        """Recompute every hash from ``from_seq`` on, as someone who knows the
        (public) algorithm would, and fix the chain head to match."""
        prev_hash = None
        for row in AccessEvent.objects.filter(practice_id=practice_id).order_by("seq"):
            if row.seq >= from_seq:
                columns = {name: getattr(row, name) for name in HASHED_COLUMNS}
                columns["prev_hash"] = prev_hash or columns["prev_hash"]
                row.hash = row_hash(columns)
                self.sql(
                    "UPDATE audit_accessevent SET prev_hash = %s, hash = %s WHERE id = %s",
                    [columns["prev_hash"], row.hash, row.pk],
                )
            prev_hash = row.hash
        ChainHead.objects.filter(pk=practice_id).update(hash=prev_hash)


@pytest.fixture
def attacker(db):
    return Attacker()
