"""Practices and the people who work in them.

Every account belongs to exactly one practice and has exactly one role. The
role decides which parts of a patient record the account may see:

- ``doctor``: everything of the practice's patients, medical record included;
- ``secretary``: the administrative record only, never a medical field;
- ``admin``: the practice's accounts and access log, no patient data.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from carnet.vault.models_spec import AbstractPracticeKey


class Practice(models.Model):
    class GuardMode(models.TextChoices):
        WARN = "warn", _("Avertir")
        BLOCK = "block", _("Bloquer")

    name = models.CharField(_("nom"), max_length=200)
    guard_mode = models.CharField(
        _("garde des notes"), max_length=5, choices=GuardMode.choices, default=GuardMode.WARN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cabinet")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        creating = self._state.adding
        super().save(*args, **kwargs)
        if creating:
            # The practice's keys exist before anyone can write a patient of it.
            from carnet.vault.django_keys import get_vault

            get_vault().ensure_practice_keys(self.pk)


class Role(models.TextChoices):
    DOCTOR = "doctor", _("Médecin")
    SECRETARY = "secretary", _("Secrétaire")
    ADMIN = "admin", _("Administrateur du cabinet")


CLINICAL_ROLES = frozenset({Role.DOCTOR})
PATIENT_ROLES = frozenset({Role.DOCTOR, Role.SECRETARY})


class User(AbstractUser):
    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, null=True, related_name="members"
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.SECRETARY)

    @property
    def is_clinician(self) -> bool:
        return self.is_active and self.practice_id is not None and self.role in CLINICAL_ROLES

    @property
    def sees_patients(self) -> bool:
        return self.is_active and self.practice_id is not None and self.role in PATIENT_ROLES

    @property
    def is_practice_admin(self) -> bool:
        return self.is_active and self.practice_id is not None and self.role == Role.ADMIN

    @property
    def display_name(self) -> str:
        full = self.get_full_name()
        return full or self.username


class PracticeKey(AbstractPracticeKey):
    """A practice's data or index key, wrapped under the master key (``carnet.vault``)."""


class SentinelDocument(models.Model):
    """The access sentinel's state, one JSON document per key (an account, a
    practice's peer baseline, a network address), when Redis is not used."""

    key = models.CharField(max_length=200, primary_key=True)
    value = models.JSONField()


class SentinelPatientMemory(models.Model):
    """Which patients an account already obtained (bounded, least recently used first out)."""

    account = models.CharField(max_length=64)
    patient = models.CharField(max_length=64)
    entry = models.JSONField()
    last_use = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "patient"], name="sentinel_memory_unique")
        ]
        indexes = [models.Index(fields=["account", "last_use"])]


class SentinelAlert(models.Model):
    """An account the sentinel locked (until the practice administrator
    unlocks it) or slowed down (until the administrator has looked)."""

    class Kind(models.TextChoices):
        LOCK = "lock", _("Verrouillage")
        THROTTLE = "throttle", _("Ralentissement")

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.LOCK)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="alerts")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="alerts")
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    score = models.FloatField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
