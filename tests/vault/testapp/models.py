"""Models shaped like the records app's: what the vault's Django glue is tested on."""

from django.db import models

from carnet.vault.fields import (
    EncryptedCharField,
    EncryptedDateField,
    EncryptedEmailField,
    EncryptedTextField,
)
from carnet.vault.models_spec import AbstractBlindIndexTerm, AbstractPracticeKey, VaultModel


class PracticeKey(AbstractPracticeKey):
    class Meta(AbstractPracticeKey.Meta):
        app_label = "vault_testapp"


class Patient(VaultModel):
    practice = models.IntegerField()
    family_name = EncryptedCharField(max_length=100)
    given_name = EncryptedCharField(max_length=100)
    birth_date = EncryptedDateField(null=True, blank=True)
    email = EncryptedEmailField(blank=True)
    comment = EncryptedTextField(blank=True)
    birth_date_term = models.CharField(max_length=16, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    vault_practice_field = "practice"

    class Meta:
        app_label = "vault_testapp"


class Note(VaultModel):
    """A row whose practice is its patient's."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField()

    class Meta:
        app_label = "vault_testapp"

    @property
    def vault_practice_id(self):
        return self.patient.practice


class PatientNameTerm(AbstractBlindIndexTerm):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="name_terms")

    class Meta(AbstractBlindIndexTerm.Meta):
        app_label = "vault_testapp"


TEST_MODELS = [PracticeKey, Patient, Note, PatientNameTerm]
