from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "carnet.audit"
    label = "audit"
    verbose_name = "Journal des accès"

    def ready(self):
        from carnet.audit import signals

        signals.connect()
