import pytest


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"carnet: database backend = {engine}"


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Key files and mail land in a per-test folder, never in the repository."""
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
