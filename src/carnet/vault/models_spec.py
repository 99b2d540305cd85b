"""Abstract Django models for the vault; an app subclasses them.

The vault is not a Django app (it owns no table): the accounts app stores
the practice keys and each records model carries its own row id. Typical use::

    # carnet/accounts/models.py
    from carnet.vault.models_spec import AbstractPracticeKey

    class PracticeKey(AbstractPracticeKey):
        pass                            # settings.VAULT_KEY_MODEL = "accounts.PracticeKey"

    # carnet/records/models.py
    from carnet.vault.fields import EncryptedCharField, EncryptedDateField
    from carnet.vault.models_spec import AbstractBlindIndexTerm, VaultModel

    class Patient(VaultModel):
        practice = models.ForeignKey("accounts.Practice", on_delete=models.PROTECT)
        family_name = EncryptedCharField(max_length=150)
        ...

    class PatientNameTerm(AbstractBlindIndexTerm):
        patient = models.ForeignKey(Patient, on_delete=models.CASCADE,
                                    related_name="name_terms")
"""

import uuid

from django.db import models
from django.utils import timezone


class AbstractPracticeKey(models.Model):
    """A practice's data or index key, stored wrapped under a master key."""

    practice_id = models.CharField(max_length=64, db_index=True)
    key_id = models.CharField(max_length=16)
    purpose = models.CharField(max_length=8, choices=[("data", "data"), ("index", "index")])
    wrapped = models.BinaryField()
    master_key_id = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["practice_id", "purpose", "key_id"],
                name="%(app_label)s_%(class)s_unique_key",
            )
        ]

    def __str__(self) -> str:
        state = "active" if self.active else "retired"
        return f"practice {self.practice_id} {self.purpose} key {self.key_id} ({state})"


class VaultModel(models.Model):
    """Base of every model with encrypted fields.

    ``vault_id`` is the row's identity in the ciphertexts' associated data: a
    random UUID known before the first save (an auto-increment key is not),
    and never changed. ``vault_practice_id`` names the practice whose keys
    encrypt the row; by default the ``practice_id`` attribute (a ForeignKey
    named ``practice``). Set ``vault_practice_field`` to another attribute
    name, or override the property, e.g. for a note whose practice is its
    patient's. A row cannot move to another practice: its values would not
    decrypt there.
    """

    vault_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    vault_practice_field = "practice_id"

    class Meta:
        abstract = True

    @property
    def vault_practice_id(self):
        return getattr(self, self.vault_practice_field)

    @property
    def vault_row_id(self) -> str:
        return str(self.vault_id)


class AbstractBlindIndexTerm(models.Model):
    """One blind index term of a row (a name prefix, a birth date...).

    Subclass it with a ForeignKey to the indexed model, and keep filtering
    the indexed model by practice as every query does: terms are computed
    with the practice's own key, so they never match across practices anyway.
    """

    term = models.CharField(max_length=16, db_index=True)

    class Meta:
        abstract = True
