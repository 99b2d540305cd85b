import pytest

from tests import factories


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"carnet: database backend = {engine}"


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Key files and mail land in a per-test folder, never in the repository."""
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _sentinel_off_unless_tested(settings, request):
    """Tests of other behaviours open many records from brand-new accounts,
    which the access sentinel rightly finds unusual; its own tests (marker
    ``sentinel``) switch it on, with a fresh state."""
    settings.SENTINEL_ENABLED = request.node.get_closest_marker("sentinel") is not None
    from carnet.sentinel.live import reset_sentinel

    reset_sentinel()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow by design; tests create many accounts. The production
    hasher is checked in tests/accounts/test_login.py."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def practice(db):
    return factories.make_practice("Cabinet A")


@pytest.fixture
def other_practice(db):
    return factories.make_practice("Cabinet B")


@pytest.fixture
def doctor(practice):
    return factories.make_user(practice, "doctor", username="dr.a")


@pytest.fixture
def secretary(practice):
    return factories.make_user(practice, "secretary", username="sec.a")


@pytest.fixture
def practice_admin(practice):
    return factories.make_user(practice, "admin", username="admin.a")


@pytest.fixture
def foreign_doctor(other_practice):
    return factories.make_user(other_practice, "doctor", username="dr.b")


@pytest.fixture
def patient(practice):
    return factories.make_patient(practice)


def signed_in(client, user):
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def doctor_client(client, doctor):
    return signed_in(client, doctor)


@pytest.fixture
def secretary_client(client, secretary):
    return signed_in(client, secretary)


# Transactional tests (the browser test, the dump test) flush every table
# at the end, which the access log's append-only triggers refuse.
from carnet.audit.testing import audit_tables_flushable  # noqa: E402,F401
