"""Field-level encryption for Carnet: envelope encryption, key rotation, blind indexes.

Pure Python on ``cryptography``; no Django import here. The Django glue lives
in ``fields`` (encrypted model fields), ``models_spec`` (abstract models),
``django_keys`` (key store and the configured vault), ``rotation`` and
``commands`` (``carnet vault rotate|status``). See README.md in this folder.
"""

from carnet.vault.blind_index import matches_name_query, name_words
from carnet.vault.errors import InvalidToken, MasterKeyError, MissingKey, VaultError
from carnet.vault.keys import DATA, INDEX, KeyStore, MemoryKeyStore, StoredKey
from carnet.vault.master import (
    ENV_VAR,
    MasterKey,
    MasterKeyRing,
    add_master_key,
    load_master_keys,
)
from carnet.vault.tokens import FieldContext, key_id_of
from carnet.vault.vault import Vault

__all__ = [
    "DATA",
    "ENV_VAR",
    "INDEX",
    "FieldContext",
    "InvalidToken",
    "KeyStore",
    "MasterKey",
    "MasterKeyError",
    "MasterKeyRing",
    "MemoryKeyStore",
    "MissingKey",
    "StoredKey",
    "Vault",
    "VaultError",
    "add_master_key",
    "key_id_of",
    "load_master_keys",
    "matches_name_query",
    "name_words",
]
