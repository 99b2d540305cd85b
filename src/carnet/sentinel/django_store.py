"""Sentinel state in the database, for installs without Redis (Django glue).

Runs inside the request's transaction: the account's document row is locked
(``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's write transactions are
exclusive already), so two workers decide for one account one at a time.
"""

from __future__ import annotations

import contextlib
import time
from typing import Iterable

from django.db import connection, transaction

from carnet.accounts.models import SentinelDocument, SentinelPatientMemory

from .store import PATIENT_MEMORY_CAP


class DatabaseStore:
    def __init__(self, patient_memory_cap: int = PATIENT_MEMORY_CAP):
        self.patient_memory_cap = patient_memory_cap

    def load(self, key: str) -> dict | None:
        row = SentinelDocument.objects.filter(key=key).values_list("value", flat=True).first()
        return row

    def save(self, key: str, value: dict) -> None:
        SentinelDocument.objects.bulk_create(
            [SentinelDocument(key=key, value=value)],
            update_conflicts=True, unique_fields=["key"], update_fields=["value"],
        )

    def recall(self, account: str, patients: Iterable[str]) -> dict[str, list]:
        patients = list(dict.fromkeys(patients))
        if not patients:
            return {}
        rows = SentinelPatientMemory.objects.filter(account=account, patient__in=patients)
        return {patient: entry for patient, entry in rows.values_list("patient", "entry")}

    def remember(self, account: str, entries: dict[str, list]) -> None:
        if not entries:
            return
        now = time.time()
        SentinelPatientMemory.objects.bulk_create(
            [SentinelPatientMemory(account=account, patient=p, entry=e, last_use=now) for p, e in entries.items()],
            update_conflicts=True,
            unique_fields=["account", "patient"],
            update_fields=["entry", "last_use"],
        )
        memory = SentinelPatientMemory.objects.filter(account=account)
        excess = memory.count() - self.patient_memory_cap
        if excess > 0:
            oldest = memory.order_by("last_use").values_list("pk", flat=True)[:excess]
            SentinelPatientMemory.objects.filter(pk__in=list(oldest)).delete()

    @contextlib.contextmanager
    def lock(self, account: str, timeout: float = 5.0):
        with transaction.atomic():
            if connection.vendor != "sqlite":  # SQLite's write transactions are exclusive already
                key = f"lock:{account}"
                SentinelDocument.objects.bulk_create(
                    [SentinelDocument(key=key, value={})], ignore_conflicts=True
                )
                list(SentinelDocument.objects.select_for_update().filter(key=key).values_list("key"))
            yield
