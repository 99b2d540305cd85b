"""The access log's tables.

- ``AccessEvent``: one row per access (who, which practice and patient, which
  fields, what, from where, when), chained per practice by SHA-256 hashes.
- ``ChainHead``: one row per practice, the lock that serialises appends and
  the last (seq, hash) written; ``verify`` cross-checks it with the rows.
- ``Checkpoint``: Ed25519-signed statements "practice P's chain had hash H at
  seq N", stored here and meant to be copied out of the database.

No foreign key to practices or users: the log must outlive the rows it talks
about, and deleting an account must never be blocked by (or cascade into) the
log. ``AccessEvent`` and ``Checkpoint`` are append-only; database triggers
(migration 0002) refuse UPDATE and DELETE on them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What happened. Kept in Python only (no ``choices`` on the column), so
    adding an action needs no migration; ``record_access`` refuses unknown
    ones so that a typo at a call site fails loudly instead of logging junk."""

    VIEW = "view", _("consultation")
    SEARCH = "search", _("recherche")
    LIST = "list", _("liste")
    CREATE = "create", _("création")
    UPDATE = "update", _("modification")
    DELETE = "delete", _("suppression")
    EXPORT = "export", _("export")
    LOGIN = "login", _("connexion")
    LOGIN_FAILED = "login_failed", _("échec de connexion")
    LOGOUT = "logout", _("déconnexion")
    MFA_CHANGE = "mfa_change", _("second facteur modifié")
    ACCOUNT_CHANGE = "account_change", _("compte modifié")
    STEP_UP = "step_up", _("vérification renforcée")
    THROTTLE = "throttle", _("ralentissement")
    LOCK = "lock", _("verrouillage")
    UNLOCK = "unlock", _("déverrouillage")
    GUARD_CONFIRM = "guard_confirm", _("alerte de la garde confirmée")
    DENIED = "denied", _("accès refusé")


class AccessEvent(models.Model):
    practice_id = models.BigIntegerField(_("cabinet"))
    seq = models.BigIntegerField(_("numéro"))
    ts = models.DateTimeField(_("date"))
    actor_id = models.BigIntegerField(_("compte"), null=True)
    actor_username = models.CharField(_("identifiant"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32)
    patient_ref = models.CharField(_("patient"), max_length=64, null=True)
    fields = models.JSONField(_("champs"), default=list)
    detail = models.JSONField(_("détail"), default=dict)
    ip = models.CharField(_("adresse IP"), max_length=45, null=True)
    user_agent = models.CharField(_("navigateur"), max_length=512, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("accès")
        constraints = [
            models.UniqueConstraint(fields=["practice_id", "seq"], name="audit_event_seq_unique"),
        ]
        indexes = [
            models.Index(fields=["practice_id", "ts"], name="audit_event_practice_ts"),
            models.Index(fields=["practice_id", "patient_ref"], name="audit_event_patient"),
            models.Index(fields=["actor_id", "ts"], name="audit_event_actor_ts"),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id}#{self.seq} {self.action} {self.actor_username}"

    def save(self, *args, **kwargs):
        # The database refuses updates too (triggers); this only makes the
        # mistake obvious in Python before it reaches the database.
        if not self._state.adding:
            raise TypeError("AccessEvent rows are append-only")
        super().save(*args, **kwargs)


class ChainHead(models.Model):
    """Per-practice lock row and the last link written (mutable on purpose)."""

    practice_id = models.BigIntegerField(primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)


class Checkpoint(models.Model):
    practice_id = models.BigIntegerField(_("cabinet"))
    seq = models.BigIntegerField(_("numéro"))
    head_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("date"))
    key_id = models.CharField(max_length=32)
    signature = models.CharField(max_length=128)  # hex, Ed25519 signatures are 64 bytes

    class Meta:
        verbose_name = _("point de contrôle")
        indexes = [models.Index(fields=["practice_id", "seq"], name="audit_checkpoint_seq")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Checkpoint rows are append-only")
        super().save(*args, **kwargs)
