"""Fixtures for the vault's Django tests.

The test app is installed with override_settings (which reloads the app
registry) and its tables are created with the schema editor, once per test
module, outside any transaction: this works on SQLite and PostgreSQL alike,
and leaves the project's INSTALLED_APPS and migrations untouched.
"""

import pytest

from carnet.vault.master import ENV_VAR

TESTAPP = "tests.vault.testapp"


@pytest.fixture(scope="module")
def vault_testapp(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    from carnet.vault import django_keys

    key_file = tmp_path_factory.mktemp("vault") / "vault-master.key"
    # If a settings file ever installs the test app, its tables already exist.
    already_installed = TESTAPP in settings.INSTALLED_APPS
    overrides = override_settings(
        INSTALLED_APPS=list(settings.INSTALLED_APPS) + ([] if already_installed else [TESTAPP]),
        VAULT_KEY_MODEL="vault_testapp.PracticeKey",
        VAULT_MASTER_KEY_FILE=key_file,
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(ENV_VAR, raising=False)
        overrides.enable()
        from tests.vault.testapp.models import TEST_MODELS

        created = [] if already_installed else TEST_MODELS
        try:
            with django_db_blocker.unblock():
                with connection.schema_editor() as editor:
                    for model in created:
                        editor.create_model(model)
            django_keys.reset_vault()
            yield key_file
        finally:
            with django_db_blocker.unblock():
                with connection.schema_editor() as editor:
                    for model in reversed(created):
                        editor.delete_model(model)
            overrides.disable()
            django_keys.reset_vault()
