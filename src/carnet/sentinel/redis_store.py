"""Sentinel state in Redis, shared by every worker process (``REDIS_URL``).

Documents are JSON strings; an account's patient memory is a hash (patient ->
entry) plus a sorted set of last use, trimmed to the cap. Takes a redis-py
client; no Django import.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from typing import Iterable

from .store import PATIENT_MEMORY_CAP


class RedisStore:
    def __init__(self, client, prefix: str = "carnet:sentinel:", patient_memory_cap: int = PATIENT_MEMORY_CAP):
        self.client = client
        self.prefix = prefix
        self.patient_memory_cap = patient_memory_cap
        # Per thread, inside lock(): the documents the decision saves, written
        # in one round trip when it ends (a decision saves several).
        self._local = threading.local()

    def load(self, key: str) -> dict | None:
        pending = getattr(self._local, "pending", None)
        if pending and key in pending:
            return json.loads(pending[key])
        raw = self.client.get(self.prefix + key)
        return None if raw is None else json.loads(raw)

    def save(self, key: str, value: dict) -> None:
        text = json.dumps(value, separators=(",", ":"))
        pending = getattr(self._local, "pending", None)
        if pending is None:
            self.client.set(self.prefix + key, text)
        else:
            pending[key] = text

    def recall(self, account: str, patients: Iterable[str]) -> dict[str, list]:
        patients = list(dict.fromkeys(patients))
        if not patients:
            return {}
        values = self.client.hmget(self._memory(account), patients)
        return {p: json.loads(v) for p, v in zip(patients, values) if v is not None}

    def remember(self, account: str, entries: dict[str, list]) -> None:
        if not entries:
            return
        memory, recency = self._memory(account), self._recency(account)
        now = time.time()
        pipe = self.client.pipeline()
        pipe.hset(memory, mapping={p: json.dumps(e) for p, e in entries.items()})
        pipe.zadd(recency, {p: now for p in entries})
        pipe.zcard(recency)
        size = pipe.execute()[-1]
        excess = size - self.patient_memory_cap
        if excess > 0:
            evicted = [p for p, _ in self.client.zpopmin(recency, excess)]
            if evicted:
                self.client.hdel(memory, *evicted)

    @contextlib.contextmanager
    def lock(self, account: str, timeout: float = 5.0):
        """Held around one decision of an account, across processes; what the
        decision saves is written before the lock is released."""
        with self.client.lock(self.prefix + "lock:" + account, timeout=timeout, blocking_timeout=timeout):
            self._local.pending = {}
            try:
                yield
                pending = self._local.pending
                if pending:
                    self.client.mset({self.prefix + key: text for key, text in pending.items()})
            finally:
                self._local.pending = None

    def _memory(self, account: str) -> str:
        return f"{self.prefix}pm:{account}"

    def _recency(self, account: str) -> str:
        return f"{self.prefix}pmr:{account}"
