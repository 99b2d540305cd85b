"""Building blocks shared by the vault's core tests (no Django)."""

import uuid

from carnet.vault import FieldContext, MasterKey, MasterKeyRing, MemoryKeyStore, Vault


def new_vault(*master_keys: MasterKey) -> Vault:
    keys = master_keys or (MasterKey.generate(),)
    return Vault(MasterKeyRing(tuple(keys), "test"), MemoryKeyStore())


def context(practice_id="1", table="records.patient", column="comment", row=None) -> FieldContext:
    return FieldContext(practice_id, table, column, row or str(uuid.uuid4()))
