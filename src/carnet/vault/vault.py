"""The Vault: one object that encrypts, decrypts, indexes and rotates.

    vault = Vault(load_master_keys(path), store)
    ctx = FieldContext(practice_id="12", table="records.patient",
                       column="comment", row="0c6e...")
    token = vault.encrypt_text(ctx, "Allergie à la pénicilline")
    vault.decrypt_text(ctx, token)

A practice's first data key and its index key are created on first use
(``KeyStore.add_first`` makes that atomic across processes), or up front with
``ensure_practice_keys``. Unwrapped keys are cached in memory by (practice,
purpose, key id, wrapping). Which key is active is asked of the store each
time: the store decides what it may cache (the Django store never caches an
answer holding a key created in a transaction not yet committed, since a
rollback would make that key vanish).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from carnet.vault import blind_index, tokens
from carnet.vault.errors import InvalidToken, MissingKey
from carnet.vault.keys import (
    DATA,
    INDEX,
    KeyStore,
    StoredKey,
    newest_active,
    new_stored_key,
    unwrap_key,
    wrap_key,
)
from carnet.vault.master import MasterKeyRing
from carnet.vault.tokens import FieldContext


@dataclass(frozen=True)
class RewrapReport:
    rewrapped: int
    already_current: int


class Vault:
    def __init__(self, master_keys: MasterKeyRing, store: KeyStore) -> None:
        self.master_keys = master_keys
        self.store = store
        self._secrets: dict[tuple, bytes] = {}
        self._known: dict[tuple[str, str, str], StoredKey] = {}

    # --- keys -------------------------------------------------------------

    def _secret(self, stored: StoredKey) -> bytes:
        cache_key = (
            stored.practice_id,
            stored.purpose,
            stored.key_id,
            stored.master_key_id,
            bytes(stored.wrapped),
        )
        secret = self._secrets.get(cache_key)
        if secret is None:
            secret = unwrap_key(self.master_keys, stored)
            self._secrets[cache_key] = secret
        return secret

    def active_key(self, practice_id: str, purpose: str) -> StoredKey:
        """The key new values are written with, created on first use."""
        practice_id = str(practice_id)
        key = newest_active(self.store.keys_for(practice_id, purpose))
        if key is not None:
            return key
        candidate, _ = new_stored_key(self.master_keys, practice_id, purpose)
        return self.store.add_first(candidate)

    def ensure_practice_keys(self, practice_id: str) -> None:
        """Create a practice's data and index keys if it has none yet.

        Call it in the transaction that creates the practice: its keys then
        exist before anyone can write a patient of that practice."""
        for purpose in (DATA, INDEX):
            self.active_key(str(practice_id), purpose)

    def _key_by_id(self, practice_id: str, purpose: str, key_id: str, fresh=False) -> StoredKey:
        # Keys seen once are remembered by id, so that reading a page of
        # values costs no key query; ``fresh`` asks the store again.
        ident = (practice_id, purpose, key_id)
        if not fresh and ident in self._known:
            return self._known[ident]
        for attempt_fresh in (fresh, True):
            for key in self.store.keys_for(practice_id, purpose, fresh=attempt_fresh):
                self._known[(key.practice_id, key.purpose, key.key_id)] = key
            if ident in self._known:
                return self._known[ident]
        raise MissingKey(f"practice {practice_id} has no {purpose} key {key_id}")

    def rotate_data_key(self, practice_id: str) -> StoredKey:
        """A new data key becomes active; older ones stay to decrypt old tokens."""
        key, _ = new_stored_key(self.master_keys, str(practice_id), DATA)
        self.store.add(key)
        return key

    def practice_ids(self) -> list[str]:
        return sorted({k.practice_id for k in self.store.all_keys()}, key=_natural)

    def rewrap_keys(self) -> RewrapReport:
        """Wrap every stored key under the current master key.

        Each key is unwrapped with the master key that wrapped it, re-wrapped
        with the current one, and the new wrapping is checked to unwrap to the
        same secret before it replaces the old one.
        """
        current = self.master_keys.current
        rewrapped = already = 0
        for stored in self.store.all_keys():
            if stored.master_key_id == current.key_id:
                already += 1
                continue
            secret = unwrap_key(self.master_keys, stored)
            wrapped = wrap_key(current, stored.practice_id, stored.purpose, stored.key_id, secret)
            new = replace(stored, wrapped=wrapped, master_key_id=current.key_id)
            if unwrap_key(self.master_keys, new) != secret:  # pragma: no cover - AES-GCM bug
                raise InvalidToken(f"re-wrapped key {stored.key_id} does not unwrap")
            self.store.rewrap(new)
            rewrapped += 1
        return RewrapReport(rewrapped, already)

    # --- field encryption -------------------------------------------------

    def encrypt(self, context: FieldContext, plaintext: bytes) -> str:
        key = self.active_key(context.practice_id, DATA)
        return tokens.seal(self._secret(key), key.key_id, context, plaintext)

    def decrypt(self, context: FieldContext, token: str) -> bytes:
        parsed = tokens.parse_token(token)
        key = self._key_by_id(context.practice_id, DATA, parsed.key_id)
        try:
            return tokens.open_sealed(self._secret(key), parsed, context)
        except InvalidToken:
            # The remembered key may be one whose creation was rolled back
            # and whose id was since reused: ask the store once more.
            fresh = self._key_by_id(context.practice_id, DATA, parsed.key_id, fresh=True)
            if fresh == key:
                raise
            return tokens.open_sealed(self._secret(fresh), parsed, context)

    def encrypt_text(self, context: FieldContext, text: str) -> str:
        return self.encrypt(context, text.encode("utf-8"))

    def decrypt_text(self, context: FieldContext, token: str) -> str:
        return self.decrypt(context, token).decode("utf-8")

    def is_current(self, practice_id: str, token: str) -> bool:
        """Whether a token is encrypted with the practice's active data key."""
        return tokens.key_id_of(token) == self.active_key(str(practice_id), DATA).key_id

    def reencrypt(self, context: FieldContext, token: str) -> str:
        """The same value under the active data key (the token itself if it
        already is). The new token is checked to decrypt to the same value."""
        if self.is_current(context.practice_id, token):
            return token
        plaintext = self.decrypt(context, token)
        new_token = self.encrypt(context, plaintext)
        if self.decrypt(context, new_token) != plaintext:  # pragma: no cover - AES-GCM bug
            raise InvalidToken("re-encrypted value does not decrypt to the original")
        return new_token

    # --- blind indexes ----------------------------------------------------

    def _index_key(self, practice_id: str) -> bytes:
        return self._secret(self.active_key(str(practice_id), INDEX))

    def name_index_terms(self, practice_id: str, name: str, scope: str = "name") -> set[str]:
        """Terms to store for a name so that its prefixes can be searched."""
        key = self._index_key(practice_id)
        return {blind_index.term(key, scope, v) for v in blind_index.name_index_values(name)}

    def name_query_terms(self, practice_id: str, query: str, scope: str = "name") -> list[str]:
        """One term per query word; a row matches when it has every term."""
        key = self._index_key(practice_id)
        return [blind_index.term(key, scope, v) for v in blind_index.name_query_values(query)]

    def date_term(self, practice_id: str, value: date, scope: str = "birth_date") -> str:
        """Term for exact search on a date (a birth date)."""
        return blind_index.term(self._index_key(practice_id), scope, blind_index.date_value(value))


def _natural(text: str):
    return (0, int(text), "") if text.isdigit() else (1, 0, text)
