from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "carnet.records"
    label = "records"
    verbose_name = "Dossiers patients"
