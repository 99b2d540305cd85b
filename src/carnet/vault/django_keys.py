"""Django glue: the key store over a model, and the configured Vault.

Settings:

- ``VAULT_KEY_MODEL`` (required): "app_label.ModelName" of a subclass of
  ``carnet.vault.models_spec.AbstractPracticeKey``.
- ``VAULT_MASTER_KEY_FILE`` (optional): the master key file; default
  ``DATA_DIR / "vault-master.key"``. The ``CARNET_MASTER_KEY`` environment
  variable, when set, wins over the file.
"""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import connections, router, transaction

from carnet.vault.keys import StoredKey, newest_active
from carnet.vault.master import MasterKeyRing, load_master_keys
from carnet.vault.vault import Vault

_SETTINGS = {"VAULT_KEY_MODEL", "VAULT_MASTER_KEY_FILE", "DATA_DIR"}


class DjangoKeyStore:
    """KeyStore over a subclass of AbstractPracticeKey.

    Reads are cached per thread (a thread is a connection, hence a
    transaction) for ``cache_seconds``, except answers that contain a key this
    thread created or re-wrapped in a transaction not yet committed: if that
    transaction rolls back, the key never existed and must not be reused.
    Keys committed by others are never deleted, so caching them is safe; the
    cost is that after `carnet vault rotate`, a running server may encrypt
    with the previous key for up to ``cache_seconds``. Those values stay
    readable, and `rotate --no-new-data-keys` moves them later.
    """

    def __init__(self, model, cache_seconds: float = 30.0) -> None:
        self.model = model
        self.cache_seconds = cache_seconds
        self._local = threading.local()

    def _thread_state(self):
        state = getattr(self._local, "state", None)
        if state is None:
            # (cache: {(practice, purpose): (expiry, keys)}, pending: {(practice, purpose, key_id)})
            state = self._local.state = ({}, set())
        return state

    def _db_for_read(self) -> str:
        return router.db_for_read(self.model)

    def _db_for_write(self) -> str:
        return router.db_for_write(self.model)

    @staticmethod
    def _stored(row) -> StoredKey:
        return StoredKey(
            practice_id=row.practice_id,
            key_id=row.key_id,
            purpose=row.purpose,
            wrapped=bytes(row.wrapped),
            master_key_id=row.master_key_id,
            created_at=row.created_at,
            active=row.active,
        )

    def keys_for(self, practice_id: str, purpose: str, fresh: bool = False) -> list[StoredKey]:
        cache, pending = self._thread_state()
        ident = (str(practice_id), purpose)
        hit = cache.get(ident)
        if not fresh and hit and hit[0] > time.monotonic():
            return hit[1]
        rows = self.model._base_manager.using(self._db_for_read()).filter(
            practice_id=ident[0], purpose=purpose
        )
        keys = [self._stored(r) for r in rows]
        if not any((k.practice_id, k.purpose, k.key_id) in pending for k in keys):
            cache[ident] = (time.monotonic() + self.cache_seconds, keys)
        return keys

    def _mark_pending(self, db: str, key: StoredKey) -> None:
        """Until the transaction commits, answers containing ``key`` are not cached."""
        cache, pending = self._thread_state()
        ident = (key.practice_id, key.purpose, key.key_id)
        pending.add(ident)
        cache.clear()
        transaction.on_commit(lambda: pending.discard(ident), using=db)

    def add(self, key: StoredKey) -> None:
        db = self._db_for_write()
        manager = self.model._base_manager.using(db)
        with transaction.atomic(using=db):
            if key.active:
                manager.filter(
                    practice_id=key.practice_id, purpose=key.purpose, active=True
                ).update(active=False)
            manager.create(
                practice_id=key.practice_id,
                key_id=key.key_id,
                purpose=key.purpose,
                wrapped=key.wrapped,
                master_key_id=key.master_key_id,
                created_at=key.created_at,
                active=key.active,
            )
            self._mark_pending(db, key)

    def add_first(self, key: StoredKey) -> StoredKey:
        db = self._db_for_write()
        manager = self.model._base_manager.using(db)
        with transaction.atomic(using=db):
            _lock_practice_keys(db, key.practice_id, key.purpose)
            existing = newest_active(
                self._stored(r)
                for r in manager.filter(practice_id=key.practice_id, purpose=key.purpose, active=True)
            )
            if existing is not None:
                return existing
            self.add(key)
        return key

    def rewrap(self, key: StoredKey) -> None:
        db = self._db_for_write()
        with transaction.atomic(using=db):
            updated = self.model._base_manager.using(db).filter(
                practice_id=key.practice_id, purpose=key.purpose, key_id=key.key_id
            ).update(wrapped=key.wrapped, master_key_id=key.master_key_id)
            if updated != 1:
                raise LookupError(f"key {key.key_id} of practice {key.practice_id} not found")
            self._mark_pending(db, key)

    def all_keys(self) -> list[StoredKey]:
        rows = self.model._base_manager.using(self._db_for_read()).order_by("practice_id", "created_at")
        return [self._stored(r) for r in rows]

    def clear_cache(self) -> None:
        self._thread_state()[0].clear()


def _lock_practice_keys(db: str, practice_id: str, purpose: str) -> None:
    """Serialise key creation for one practice and purpose until commit.

    PostgreSQL: a transaction-level advisory lock. SQLite: Carnet opens its
    transactions with BEGIN IMMEDIATE, so writers are already serialised.
    """
    connection = connections[db]
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"carnet-vault:{practice_id}:{purpose}".encode()).digest()
    lock_id = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def master_key_file() -> Path:
    configured = getattr(settings, "VAULT_MASTER_KEY_FILE", None)
    if configured:
        return Path(configured)
    return Path(settings.DATA_DIR) / "vault-master.key"


def key_model():
    label = getattr(settings, "VAULT_KEY_MODEL", None)
    if not label:
        raise ImproperlyConfigured(
            "VAULT_KEY_MODEL must name a subclass of carnet.vault.models_spec.AbstractPracticeKey"
        )
    return apps.get_model(label)


def load_configured_master_keys() -> MasterKeyRing:
    return load_master_keys(master_key_file())


_vault: Vault | None = None
_vault_lock = threading.Lock()


def get_vault() -> Vault:
    """The process's Vault, built from settings on first use."""
    global _vault
    vault = _vault
    if vault is None:
        with _vault_lock:
            if _vault is None:
                _vault = Vault(load_configured_master_keys(), DjangoKeyStore(key_model()))
            vault = _vault
    return vault


def reset_vault() -> None:
    """Forget the configured Vault (after a settings, environment or key file change)."""
    global _vault
    with _vault_lock:
        _vault = None


def _on_setting_changed(setting, **kwargs) -> None:
    if setting in _SETTINGS or setting == "INSTALLED_APPS":
        reset_vault()


setting_changed.connect(_on_setting_changed)
