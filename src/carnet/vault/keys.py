"""Per-practice keys and where they are stored.

Each practice has its own keys, for two purposes:

- ``data``: AES-256-GCM keys that encrypt field values;
- ``index``: HMAC-SHA-256 keys that compute blind indexes for search.

A key is 32 random bytes. It is stored only wrapped: encrypted with AES-GCM
under the current master key, with the master key id, the practice id, the
purpose and the key id as associated data, so a wrapped key moved to another
practice or purpose does not unwrap.

Storage is behind the ``KeyStore`` protocol: ``MemoryKeyStore`` below for
scripts and tests, ``carnet.vault.django_keys.DjangoKeyStore`` for Carnet.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Iterable, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from carnet.vault._framing import frame
from carnet.vault.errors import MissingKey, VaultError
from carnet.vault.master import MasterKey, MasterKeyRing

DATA = "data"
INDEX = "index"
PURPOSES = (DATA, INDEX)
KEY_BYTES = 32
NONCE_BYTES = 12


def new_key_id() -> str:
    """Short random id, unique within a practice (8 hex characters)."""
    return secrets.token_hex(4)


@dataclass(frozen=True)
class StoredKey:
    """A practice key as it lies in storage: wrapped, never in clear."""

    practice_id: str
    key_id: str
    purpose: str
    wrapped: bytes = field(repr=False)
    master_key_id: str
    created_at: datetime
    active: bool = True


def _wrap_ad(master_key_id: str, practice_id: str, purpose: str, key_id: str) -> bytes:
    return frame("carnet-vault wrap", "v1", master_key_id, practice_id, purpose, key_id)


def wrap_key(master: MasterKey, practice_id: str, purpose: str, key_id: str, secret: bytes) -> bytes:
    if purpose not in PURPOSES:
        raise VaultError(f"unknown key purpose {purpose!r}")
    nonce = secrets.token_bytes(NONCE_BYTES)
    ad = _wrap_ad(master.key_id, practice_id, purpose, key_id)
    return nonce + AESGCM(master.secret).encrypt(nonce, secret, ad)


def unwrap_key(masters: MasterKeyRing, stored: StoredKey) -> bytes:
    master = masters.get(stored.master_key_id)
    if master is None:
        raise MissingKey(
            f"key {stored.key_id} of practice {stored.practice_id} is wrapped by master key "
            f"{stored.master_key_id}, which is not configured"
        )
    wrapped = bytes(stored.wrapped)
    ad = _wrap_ad(master.key_id, stored.practice_id, stored.purpose, stored.key_id)
    try:
        secret = AESGCM(master.secret).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], ad)
    except InvalidTag:
        raise VaultError(
            f"key {stored.key_id} of practice {stored.practice_id} does not unwrap "
            f"under master key {stored.master_key_id}"
        ) from None
    if len(secret) != KEY_BYTES:
        raise VaultError(f"key {stored.key_id} has a wrong length")
    return secret


def new_stored_key(masters: MasterKeyRing, practice_id: str, purpose: str) -> tuple[StoredKey, bytes]:
    """A fresh random key, wrapped under the current master key."""
    secret = secrets.token_bytes(KEY_BYTES)
    key_id = new_key_id()
    wrapped = wrap_key(masters.current, practice_id, purpose, key_id, secret)
    stored = StoredKey(
        practice_id=practice_id,
        key_id=key_id,
        purpose=purpose,
        wrapped=wrapped,
        master_key_id=masters.current.key_id,
        created_at=datetime.now(timezone.utc),
        active=True,
    )
    return stored, secret


def newest_active(keys: Iterable[StoredKey]) -> StoredKey | None:
    """The key new data is encrypted with: the newest active one.

    Two processes creating a practice's first key at the same moment leave two
    active keys; choosing by (created_at, key_id) makes every process agree,
    and both stay usable for decryption.
    """
    active = [k for k in keys if k.active]
    return max(active, key=lambda k: (k.created_at, k.key_id), default=None)


class KeyStore(Protocol):
    """Where wrapped practice keys live (a database table in Carnet)."""

    def keys_for(self, practice_id: str, purpose: str, fresh: bool = False) -> list[StoredKey]:
        """Every key of a practice for a purpose, active or not; the store may
        answer from a cache unless ``fresh``."""

    def add(self, key: StoredKey) -> None:
        """Store a new key; if it is active, the practice's other keys of the
        same purpose become inactive (kept for decryption)."""

    def add_first(self, key: StoredKey) -> StoredKey:
        """Store ``key`` unless the practice already has an active key of that
        purpose, and return the active key. Atomic across processes: two
        processes encrypting a practice's first value must agree on one key
        (for index keys this is essential: terms made with a key that later
        loses would never be found)."""

    def rewrap(self, key: StoredKey) -> None:
        """Replace ``wrapped`` and ``master_key_id`` of an existing key."""

    def all_keys(self) -> list[StoredKey]:
        """Every key of every practice (rotation and status)."""


class MemoryKeyStore:
    """A KeyStore in a dict: for scripts, batch jobs and tests."""

    def __init__(self) -> None:
        self._keys: dict[tuple[str, str, str], StoredKey] = {}
        self._lock = threading.Lock()

    def keys_for(self, practice_id: str, purpose: str, fresh: bool = False) -> list[StoredKey]:
        with self._lock:
            return [
                k for (p, u, _), k in self._keys.items() if p == practice_id and u == purpose
            ]

    def add(self, key: StoredKey) -> None:
        with self._lock:
            ident = (key.practice_id, key.purpose, key.key_id)
            if ident in self._keys:
                raise VaultError(f"key {key.key_id} already exists")
            if key.active:
                for other, stored in list(self._keys.items()):
                    if other[:2] == ident[:2] and stored.active:
                        self._keys[other] = replace(stored, active=False)
            self._keys[ident] = key

    def add_first(self, key: StoredKey) -> StoredKey:
        with self._lock:
            existing = newest_active(
                k for (p, u, _), k in self._keys.items() if p == key.practice_id and u == key.purpose
            )
            if existing is not None:
                return existing
            self._keys[(key.practice_id, key.purpose, key.key_id)] = key
            return key

    def rewrap(self, key: StoredKey) -> None:
        with self._lock:
            ident = (key.practice_id, key.purpose, key.key_id)
            old = self._keys[ident]
            self._keys[ident] = replace(old, wrapped=key.wrapped, master_key_id=key.master_key_id)

    def all_keys(self) -> list[StoredKey]:
        with self._lock:
            return list(self._keys.values())
