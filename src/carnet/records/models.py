"""The patient record: an administrative part and a medical part.

The administrative record (identity, contact, insurance, administrative
comment) is what a secretary works with. Everything else here is medical and
only clinicians read it. Each model says which part it belongs to in
``RECORD_PART``, and the views check that against the role.

Patients are addressed in URLs by ``public_id``, a random opaque token: the
primary key and anything identifying stay out of URLs and logs.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carnet.accounts.models import Practice
from carnet.vault.fields import (
    EncryptedCharField,
    EncryptedDateField,
    EncryptedEmailField,
    EncryptedTextField,
)
from carnet.vault.models_spec import AbstractBlindIndexTerm, VaultModel

ADMINISTRATIVE = "administrative"
MEDICAL = "medical"


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


class Sex(models.TextChoices):
    FEMALE = "F", _("Femme")
    MALE = "M", _("Homme")
    OTHER = "X", _("Autre / non précisé")


class Patient(VaultModel):
    """Identity, contact details, NIR and comment are encrypted (``carnet.vault``);
    search goes through the blind index terms of ``PatientSearchTerm``."""

    RECORD_PART = ADMINISTRATIVE

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="patients")
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    family_name = EncryptedCharField(_("nom"), max_length=100)
    given_name = EncryptedCharField(_("prénom"), max_length=100)
    birth_date = EncryptedDateField(_("date de naissance"))
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    nir = EncryptedCharField(_("n° de sécurité sociale (NIR)"), max_length=15, blank=True)
    address = EncryptedCharField(_("adresse"), max_length=200, blank=True)
    postcode = EncryptedCharField(_("code postal"), max_length=5, blank=True)
    city = EncryptedCharField(_("commune"), max_length=100, blank=True)
    phone = EncryptedCharField(_("téléphone"), max_length=20, blank=True)
    email = EncryptedEmailField(_("courriel"), blank=True)
    insurance = EncryptedCharField(_("mutuelle / complémentaire"), max_length=120, blank=True)
    admin_comment = EncryptedTextField(_("commentaire administratif"), max_length=1000, blank=True)
    attending_doctor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attended_patients",
        verbose_name=_("médecin traitant"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("patient")

    def __str__(self) -> str:
        return f"{self.family_name.upper()} {self.given_name}"


class MedicalEntry(VaultModel):
    """Common columns of every item of the medical record. Its texts are
    encrypted under the practice's keys; the practice is copied from the
    patient so that the row can be encrypted and filtered without a join."""

    RECORD_PART = MEDICAL

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def save(self, *args, **kwargs):
        if self.practice_id is None:
            self.practice_id = self.patient.practice_id
        if self.practice_id != self.patient.practice_id:
            raise ValueError("a medical entry belongs to its patient's practice")
        super().save(*args, **kwargs)


class Encounter(MedicalEntry):
    date = models.DateField(_("date"))
    reason = EncryptedCharField(_("motif"), max_length=200)
    note = EncryptedTextField(_("observation"), max_length=5000, blank=True)

    class Meta(MedicalEntry.Meta):
        verbose_name = _("consultation")


class ClinicalNote(MedicalEntry):
    """A free-text note of the medical record, e.g. text moved out of the
    administrative comment by the notes guard."""

    text = EncryptedTextField(_("note"), max_length=5000)

    class Meta(MedicalEntry.Meta):
        verbose_name = _("note médicale")


class Allergy(MedicalEntry):
    substance = EncryptedCharField(_("substance"), max_length=200)
    reaction = EncryptedCharField(_("réaction"), max_length=200, blank=True)

    class Meta(MedicalEntry.Meta):
        verbose_name = _("allergie")


class HistoryItem(MedicalEntry):
    label = EncryptedCharField(_("antécédent"), max_length=200)
    cim10 = EncryptedCharField(_("code CIM-10"), max_length=8, blank=True)
    since = models.DateField(_("depuis"), null=True, blank=True)

    class Meta(MedicalEntry.Meta):
        verbose_name = _("antécédent")


class Treatment(MedicalEntry):
    drug = EncryptedCharField(_("médicament"), max_length=200)
    dosage = EncryptedCharField(_("posologie"), max_length=200, blank=True)
    start = models.DateField(_("début"), null=True, blank=True)
    end = models.DateField(_("fin"), null=True, blank=True)

    class Meta(MedicalEntry.Meta):
        verbose_name = _("traitement")


class Result(MedicalEntry):
    label = EncryptedCharField(_("examen"), max_length=200)
    value = EncryptedCharField(_("résultat"), max_length=500)
    date = models.DateField(_("date"))

    class Meta(MedicalEntry.Meta):
        verbose_name = _("résultat")


MEDICAL_MODELS = (Encounter, ClinicalNote, Allergy, HistoryItem, Treatment, Result)


class PatientSearchTerm(AbstractBlindIndexTerm):
    """A keyed blind index term of a patient: the HMAC of a name prefix or of
    the birth date under the practice's index key (``carnet.vault``). Search
    looks terms up; the names themselves stay encrypted."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="search_terms")
