"""Rotation of a Django database's keys and ciphertexts (Django glue).

``rotate()`` does, in order:

1. re-wrap every practice key under the current master key (after a new
   master key was added, the old one can then be removed);
2. unless told not to, give each practice a new data key (old ones stay,
   inactive, to decrypt);
3. re-encrypt every encrypted field of every installed model whose token is
   not under its practice's active data key, batch by batch, each batch in
   one transaction: rows are locked, each value is decrypted, re-encrypted,
   written with ``UPDATE``, read back and decrypted again; any mismatch
   rolls the batch back and stops. A value that does not decrypt before
   rotation is left untouched and reported: rotation never destroys what it
   cannot read. Rows are only ever updated, never deleted or inserted.

Running it again resumes an interrupted rotation (``new_data_keys=False``).
"""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db import router, transaction

from carnet.vault.errors import VaultError
from carnet.vault.fields import SealedValue, Token, vault_fields
from carnet.vault.keys import DATA, newest_active
from carnet.vault.tokens import key_id_of
from carnet.vault.vault import Vault


class RotationError(VaultError):
    """A re-encrypted value did not read back as the original: batch rolled back."""


@dataclass
class FieldReport:
    model: str
    field: str
    rows: int = 0
    values: int = 0
    reencrypted: int = 0
    already_current: int = 0
    undecryptable: int = 0

    def as_dict(self) -> dict:
        return {"kind": "field", **self.__dict__}


@dataclass
class RotationReport:
    rewrapped: int = 0
    new_data_keys: list[dict] = field(default_factory=list)
    fields: list[FieldReport] = field(default_factory=list)

    @property
    def undecryptable(self) -> int:
        return sum(f.undecryptable for f in self.fields)


def models_with_vault_fields(models=None) -> list[tuple[type, list]]:
    found = []
    for model in models if models is not None else apps.get_models():
        if model._meta.proxy or model._meta.abstract:
            continue
        fields = vault_fields(model)
        if fields:
            found.append((model, fields))
    return found


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def reencrypt_model(vault: Vault, model, fields, batch_size: int = 200, progress=_progress):
    reports = {f.attname: FieldReport(model._meta.label_lower, f.name) for f in fields}
    db = router.db_for_write(model)
    manager = model._base_manager.db_manager(db)
    pks = list(manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        _reencrypt_batch(vault, manager, db, pks[start : start + batch_size], fields, reports)
        progress(f"{model._meta.label_lower}: {min(start + batch_size, len(pks))}/{len(pks)} lignes")
    for report in reports.values():
        report.rows = len(pks)
    return list(reports.values())


def _reencrypt_batch(vault, manager, db, pks, fields, reports) -> None:
    with transaction.atomic(using=db):
        rows = list(manager.select_for_update().filter(pk__in=pks).order_by("pk"))
        active_key_ids: dict[str, str] = {}
        written = []  # (pk, attname, context, clear bytes, key id)
        for row in rows:
            updates = {}
            for f in fields:
                sealed = row.__dict__.get(f.attname)
                if not isinstance(sealed, SealedValue):
                    continue
                report = reports[f.attname]
                report.values += 1
                context = f.context_for(row)
                try:
                    clear = vault.decrypt(context, sealed.token)
                except VaultError:
                    report.undecryptable += 1
                    continue
                if context.practice_id not in active_key_ids:
                    active_key_ids[context.practice_id] = vault.active_key(context.practice_id, DATA).key_id
                wanted = active_key_ids[context.practice_id]
                if key_id_of(sealed.token) == wanted:
                    report.already_current += 1
                    continue
                updates[f.attname] = Token(vault.encrypt(context, clear))
                written.append((row.pk, f.attname, context, clear, wanted))
            if updates:
                manager.filter(pk=row.pk).update(**updates)
        if not written:
            return
        reread = {r.pk: r for r in manager.filter(pk__in={w[0] for w in written})}
        for pk, attname, context, clear, wanted in written:
            token = reread[pk].__dict__[attname].token
            if key_id_of(token) != wanted or vault.decrypt(context, token) != clear:
                raise RotationError(f"row {pk}, field {attname}: re-encrypted value does not read back")
            reports[attname].reencrypted += 1


def rotate(
    vault: Vault,
    *,
    new_data_keys: bool = True,
    practice_ids: list[str] | None = None,
    models=None,
    batch_size: int = 200,
    progress=_progress,
) -> RotationReport:
    report = RotationReport()
    # Key changes are all or nothing: either every key is re-wrapped and
    # every practice has its new data key, or nothing changed.
    with _key_transaction(vault):
        report.rewrapped = vault.rewrap_keys().rewrapped
        if new_data_keys:
            for practice_id in practice_ids or vault.practice_ids():
                key = vault.rotate_data_key(practice_id)
                report.new_data_keys.append({"practice": practice_id, "key_id": key.key_id})
    if report.rewrapped:
        progress(f"{report.rewrapped} clés de cabinet rechiffrées sous la clé maîtresse courante")
    for model, fields in models_with_vault_fields(models):
        report.fields.extend(reencrypt_model(vault, model, fields, batch_size, progress))
    return report


def _key_transaction(vault: Vault):
    model = getattr(vault.store, "model", None)
    if model is None:
        return contextlib.nullcontext()
    return transaction.atomic(using=router.db_for_write(model))


def field_status(vault: Vault, models=None) -> list[dict]:
    """Per encrypted field: how many values under each key, how many stale."""
    out = []
    for model, fields in models_with_vault_fields(models):
        manager = model._base_manager.db_manager(router.db_for_read(model))
        by_key = {f.attname: Counter() for f in fields}
        stale = Counter()
        active: dict[str, str] = {}
        rows = 0
        for row in manager.order_by("pk").iterator(chunk_size=500):
            rows += 1
            for f in fields:
                sealed = row.__dict__.get(f.attname)
                if not isinstance(sealed, SealedValue):
                    continue
                practice_id = str(row.vault_practice_id)
                if practice_id not in active:
                    newest = newest_active(vault.store.keys_for(practice_id, DATA))
                    active[practice_id] = newest.key_id if newest else ""
                key_id = key_id_of(sealed.token)
                by_key[f.attname][key_id] += 1
                if key_id != active[practice_id]:
                    stale[f.attname] += 1
        for f in fields:
            out.append(
                {
                    "kind": "field",
                    "model": model._meta.label_lower,
                    "field": f.name,
                    "rows": rows,
                    "by_key": dict(by_key[f.attname]),
                    "stale": stale[f.attname],
                }
            )
    return out
