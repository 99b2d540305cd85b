from django.apps import AppConfig


class VaultTestAppConfig(AppConfig):
    name = "tests.vault.testapp"
    label = "vault_testapp"
    default_auto_field = "django.db.models.BigAutoField"
