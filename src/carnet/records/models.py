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

ADMINISTRATIVE = "administrative"
MEDICAL = "medical"


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


class Sex(models.TextChoices):
    FEMALE = "F", _("Femme")
    MALE = "M", _("Homme")
    OTHER = "X", _("Autre / non précisé")


class Patient(models.Model):
    RECORD_PART = ADMINISTRATIVE

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="patients")
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    family_name = models.CharField(_("nom"), max_length=100)
    given_name = models.CharField(_("prénom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"))
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    nir = models.CharField(_("n° de sécurité sociale (NIR)"), max_length=15, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("commune"), max_length=100, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    insurance = models.CharField(_("mutuelle / complémentaire"), max_length=120, blank=True)
    admin_comment = models.TextField(_("commentaire administratif"), max_length=1000, blank=True)
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


class MedicalEntry(models.Model):
    """Common columns of every item of the medical record."""

    RECORD_PART = MEDICAL

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class Encounter(MedicalEntry):
    date = models.DateField(_("date"))
    reason = models.CharField(_("motif"), max_length=200)
    note = models.TextField(_("observation"), max_length=5000, blank=True)

    class Meta(MedicalEntry.Meta):
        verbose_name = _("consultation")


class ClinicalNote(MedicalEntry):
    """A free-text note of the medical record, e.g. text moved out of the
    administrative comment by the notes guard."""

    text = models.TextField(_("note"), max_length=5000)

    class Meta(MedicalEntry.Meta):
        verbose_name = _("note médicale")


class Allergy(MedicalEntry):
    substance = models.CharField(_("substance"), max_length=200)
    reaction = models.CharField(_("réaction"), max_length=200, blank=True)

    class Meta(MedicalEntry.Meta):
        verbose_name = _("allergie")


class HistoryItem(MedicalEntry):
    label = models.CharField(_("antécédent"), max_length=200)
    cim10 = models.CharField(_("code CIM-10"), max_length=8, blank=True)
    since = models.DateField(_("depuis"), null=True, blank=True)

    class Meta(MedicalEntry.Meta):
        verbose_name = _("antécédent")


class Treatment(MedicalEntry):
    drug = models.CharField(_("médicament"), max_length=200)
    dosage = models.CharField(_("posologie"), max_length=200, blank=True)
    start = models.DateField(_("début"), null=True, blank=True)
    end = models.DateField(_("fin"), null=True, blank=True)

    class Meta(MedicalEntry.Meta):
        verbose_name = _("traitement")


class Result(MedicalEntry):
    label = models.CharField(_("examen"), max_length=200)
    value = models.CharField(_("résultat"), max_length=500)
    date = models.DateField(_("date"))

    class Meta(MedicalEntry.Meta):
        verbose_name = _("résultat")


MEDICAL_MODELS = (Encounter, ClinicalNote, Allergy, HistoryItem, Treatment, Result)


class PatientSearchToken(models.Model):
    """A keyed blind index entry: the HMAC of a name prefix or of the birth
    date, under the practice's index key. Search looks tokens up; the names
    themselves stay encrypted."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["practice", "token"])]
