from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "carnet.accounts"
    label = "accounts"
    verbose_name = "Comptes et cabinets"

    def ready(self):
        from carnet.accounts import signals  # noqa: F401  (connects the receivers)
