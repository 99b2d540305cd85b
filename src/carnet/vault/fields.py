"""Encrypted Django model fields.

The Python value is clear; the column holds a vault token (see tokens.py).

Why a descriptor: AES-GCM's associated data needs the row's practice and
identity, and Django's ``from_db_value``/``get_prep_value`` never see the
model instance. So the field works at the instance level instead:

- reading a row stores each token as a ``SealedValue``; nothing is decrypted;
- reading the attribute decrypts it then (lazily: a list that shows only names
  never decrypts comments) and remembers the clear value with its token;
- assigning stores the clear value;
- ``pre_save`` encrypts what was assigned, with the instance's context, and
  writes unchanged values back as the very token that was read.

Querying by an encrypted value is refused (only ``isnull`` is allowed): use
a blind index. ``QuerySet.update(field="clear")`` is refused too, since
update() has no instance to take the practice from. ``values()`` and
``values_list()`` return ``SealedValue`` objects, never clear text.

A model with encrypted fields derives from ``models_spec.VaultModel`` (or
provides ``vault_practice_id`` and ``vault_row_id`` itself).
"""

from __future__ import annotations

import datetime

from django.core import checks
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from carnet.vault.errors import InvalidToken, VaultError
from carnet.vault.tokens import FieldContext


class SealedValue:
    """A token read from the database, not decrypted (yet)."""

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = str(token)

    def __eq__(self, other) -> bool:
        return isinstance(other, SealedValue) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)

    def __repr__(self) -> str:
        return f"<SealedValue {self.token[:12]}…>"

    def __str__(self) -> str:
        return "[chiffré]"


class Token(str):
    """A token on its way to the database (the only str the field accepts)."""


class _Opened:
    """A decrypted value, with the token and context it came from."""

    __slots__ = ("value", "token", "context")

    def __init__(self, value, token: str, context: FieldContext) -> None:
        self.value, self.token, self.context = value, token, context

    def __reduce__(self):
        # A pickled instance (cache, session) carries the token, not the value.
        return (SealedValue, (self.token,))


class EncryptedAttribute(DeferredAttribute):
    """Decrypts on first read; loads only the token when the field was deferred."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        data = instance.__dict__
        name = self.field.attname
        if name not in data:
            data[name] = self.field.load_sealed(instance)
        raw = data[name]
        if isinstance(raw, SealedValue):
            context = self.field.context_for(instance)
            value = self.field.decrypt(context, raw.token)
            data[name] = _Opened(value, raw.token, context)
            return value
        if isinstance(raw, _Opened):
            return raw.value
        return raw

    def __set__(self, instance, value) -> None:
        current = instance.__dict__.get(self.field.attname)
        if (
            isinstance(current, _Opened)
            and type(value) is type(current.value)
            and value == current.value
        ):
            return  # unchanged (a form or full_clean() re-assigning it): keep the token
        instance.__dict__[self.field.attname] = value


class EncryptedFieldMixin:
    """What every encrypted field shares; combine with a Django field class."""

    descriptor_class = EncryptedAttribute

    def __init__(self, *args, vault_column: str | None = None, **kwargs):
        # vault_column: the column name bound into the ciphertexts; set it
        # to the old name when renaming a field, so existing values decrypt.
        self.vault_column = vault_column
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.vault_column:
            kwargs["vault_column"] = self.vault_column
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        for option in ("primary_key", "unique", "db_index"):
            if getattr(self, option, False):
                errors.append(
                    checks.Error(
                        f"An encrypted field cannot have {option}=True: its ciphertexts are "
                        "random; use a blind index to search it.",
                        obj=self,
                        id="carnet_vault.E001",
                    )
                )
        if getattr(self, "auto_now", False) or getattr(self, "auto_now_add", False):
            errors.append(
                checks.Error("An encrypted date cannot be auto_now.", obj=self, id="carnet_vault.E002")
            )
        return errors

    # --- storage ------------------------------------------------------------

    def get_internal_type(self) -> str:
        return "TextField"  # the column holds a token, whatever the clear type

    def from_db_value(self, value, expression, connection):
        return None if value is None else SealedValue(value)

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, Token):
            return str(value)
        if isinstance(value, SealedValue):
            return value.token
        raise TypeError(
            f"{self.model._meta.label}.{self.name} is encrypted: it is written by "
            "Model.save() (which knows the practice), and searched with a blind index"
        )

    def get_db_prep_value(self, value, connection, prepared=False):
        return value if prepared else self.get_prep_value(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def get_transform(self, lookup_name):
        return None

    def value_to_string(self, obj):
        # Serialisers (dumpdata) get the token, never the clear value.
        token = self.pre_save(obj, add=False)
        return None if token is None else str(token)

    # --- encryption ---------------------------------------------------------

    def context_for(self, instance) -> FieldContext:
        practice_id = getattr(instance, "vault_practice_id", None)
        row_id = getattr(instance, "vault_row_id", None)
        if practice_id in (None, "") or row_id in (None, ""):
            raise VaultError(
                f"{self.model._meta.label}.{self.name}: the row needs vault_practice_id "
                "and vault_row_id before its encrypted fields are read or written"
            )
        return FieldContext(
            practice_id=str(practice_id),
            table=self.model._meta.label_lower,
            column=self.vault_column or self.name,
            row=str(row_id),
        )

    def to_plaintext(self, value) -> bytes:
        return str(value).encode("utf-8")

    def from_plaintext(self, data: bytes):
        return data.decode("utf-8")

    def encrypt(self, context: FieldContext, value) -> str:
        from carnet.vault.django_keys import get_vault

        return get_vault().encrypt(context, self.to_plaintext(value))

    def decrypt(self, context: FieldContext, token: str):
        from carnet.vault.django_keys import get_vault

        return self.from_plaintext(get_vault().decrypt(context, token))

    def load_sealed(self, instance):
        """The token of a deferred field, without decrypting anything else."""
        if instance.pk is None:
            return None
        manager = type(instance)._base_manager.db_manager(instance._state.db)
        return manager.filter(pk=instance.pk).values_list(self.attname, flat=True).get()

    def pre_save(self, model_instance, add):
        data = model_instance.__dict__
        raw = data.get(self.attname)
        if raw is None:
            return None
        context = self.context_for(model_instance)
        if isinstance(raw, SealedValue):
            if add:
                # A loaded row saved as a new one (obj.pk = None; obj.save()):
                # its tokens are bound to the original row and would not decrypt.
                try:
                    self.decrypt(context, raw.token)
                except InvalidToken:
                    raise VaultError(
                        f"{self.model._meta.label}.{self.name}: read the encrypted values "
                        "of a row before saving it as a copy"
                    ) from None
            return Token(raw.token)
        if isinstance(raw, _Opened):
            if raw.context == context:
                return Token(raw.token)
            value = raw.value  # the row's context changed (a copy): encrypt anew
        else:
            value = self.to_python(raw)
        token = self.encrypt(context, value)
        data[self.attname] = _Opened(value, token, context)
        return Token(token)


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    """Free text (comments, notes)."""


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    """Short text; max_length applies to the clear value (the column is text)."""


class EncryptedEmailField(EncryptedFieldMixin, models.EmailField):
    """An e-mail address, validated in clear, stored encrypted."""


class EncryptedDateField(EncryptedFieldMixin, models.DateField):
    """A date (a birth date); search it through ``Vault.date_term``."""

    def to_plaintext(self, value) -> bytes:
        return value.isoformat().encode("ascii")

    def from_plaintext(self, data: bytes):
        return datetime.date.fromisoformat(data.decode("ascii"))


def vault_fields(model) -> list[EncryptedFieldMixin]:
    """The encrypted fields a model's own table holds."""
    return [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedFieldMixin)]
