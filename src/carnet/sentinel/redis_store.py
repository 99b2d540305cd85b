"""Sentinel state in Redis, shared by every worker process (``REDIS_URL``).

Documents are JSON strings; an account's patient memory is a hash (patient ->
entry) plus a sorted set of last use, trimmed to the cap. Takes a redis-py
client; no Django import.

A decision costs two round trips: ``lock`` takes the account's lock and
fetches what the decision will read (``Sentinel.reads``) in one pipeline, and
writes what it saved and releases the lock in another. The sentinel runs on
every record view, so round trips are most of its latency. Documents other
accounts also write (shared.py) are written only if unchanged since read;
otherwise merged and written again.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable

from .shared import is_shared

logger = logging.getLogger(__name__)
from .store import PATIENT_MEMORY_CAP, recall_within_decision

# Deletes the lock only if it is still ours (it may have expired and been
# taken by another worker meanwhile).
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
# Sets each KEYS[i] to ARGV[2i] if it still holds ARGV[2i-1] ('' for absent);
# returns the positions that changed meanwhile.
_COMPARE_AND_SET = """
local changed = {}
for i, key in ipairs(KEYS) do
  local current = redis.call('get', key)
  if (current == false and ARGV[2 * i - 1] == '') or current == ARGV[2 * i - 1] then
    redis.call('set', key, ARGV[2 * i])
  else
    table.insert(changed, i)
  end
end
return changed
"""
_RETRY_S = 0.002
_MERGE_ATTEMPTS = 5


@dataclass
class _Held:
    """What one decision has fetched and is about to write, while it holds the lock."""

    account: str
    documents: dict[str, bytes | None]  # as read: the base of a merge
    memory: dict[str, bytes | None]
    saved: dict[str, str] = field(default_factory=dict)
    remembered: dict[str, list] = field(default_factory=dict)


class RedisStore:
    def __init__(self, client, prefix: str = "carnet:sentinel:", patient_memory_cap: int = PATIENT_MEMORY_CAP):
        self.client = client
        self.prefix = prefix
        self.patient_memory_cap = patient_memory_cap
        self._local = threading.local()

    @property
    def _held(self) -> _Held | None:
        return getattr(self._local, "held", None)

    def load(self, key: str) -> dict | None:
        held = self._held
        if held is not None:
            if key in held.saved:
                return json.loads(held.saved[key])
            if key in held.documents:
                raw = held.documents[key]
                return None if raw is None else json.loads(raw)
        raw = self.client.get(self.prefix + key)
        if held is not None:
            held.documents[key] = raw
        return None if raw is None else json.loads(raw)

    def save(self, key: str, value: dict) -> None:
        text = json.dumps(value, separators=(",", ":"))
        if self._held is None:
            self.client.set(self.prefix + key, text)
        else:
            self._held.saved[key] = text

    def recall(self, account: str, patients: Iterable[str]) -> dict[str, list]:
        held = self._held if self._held is not None and self._held.account == account else None
        if held is None:
            found, missing = {}, list(dict.fromkeys(patients))
        else:
            found, missing = recall_within_decision(patients, held.remembered, held.memory, json.loads)
        if missing:
            values = self.client.hmget(self._memory(account), missing)
            found.update({p: json.loads(v) for p, v in zip(missing, values) if v is not None})
        return found

    def remember(self, account: str, entries: dict[str, list]) -> None:
        if not entries:
            return
        held = self._held
        if held is not None and held.account == account:
            held.remembered.update(entries)
            return
        pipe = self.client.pipeline(transaction=False)
        self._queue_remember(pipe, account, entries)
        self._trim(account, pipe.execute()[-1])

    @contextlib.contextmanager
    def lock(self, account: str, reads: tuple[Iterable[str], Iterable[str]] = ((), ()), merge=None,
             timeout: float = 5.0):
        """Held around one decision of an account, across processes.

        ``reads``: (document keys, patients) the decision will read, fetched in
        the round trip that takes the lock. What the decision saves is written,
        and the lock released, in one round trip when it ends without error.
        ``merge(key, base, ours, theirs)`` (``Sentinel.merge``) reconciles a shared
        document another account's decision changed meanwhile; without it the
        last writer wins.
        """
        keys, patients = (list(dict.fromkeys(names)) for names in reads)
        lock_key, token = self.prefix + "lock:" + account, secrets.token_hex(8)
        held = self._acquire(account, lock_key, token, keys, patients, timeout)
        self._local.held = held
        try:
            yield
        except BaseException:
            self._local.held = None
            self.client.eval(_RELEASE, 1, lock_key, token)
            raise
        self._local.held = None
        self._write_and_release(held, lock_key, token, merge)

    def _acquire(self, account, lock_key, token, keys, patients, timeout) -> _Held:
        # The lock expires on its own if the worker dies while holding it.
        acquired, held = self._lock_and_read(account, lock_key, token, keys, patients, timeout)
        deadline = time.monotonic() + timeout
        while not acquired:
            # Contended (two requests of one account at once): wait with the
            # lock alone, then read once it is ours.
            if time.monotonic() > deadline:
                import redis

                raise redis.exceptions.LockError(f"sentinel lock of account {account} not acquired in {timeout} s")
            time.sleep(_RETRY_S)
            acquired = self.client.set(lock_key, token, nx=True, px=int(timeout * 1000))
            if acquired:
                held = self._lock_and_read(account, lock_key, token, keys, patients, timeout, locked=True)[1]
        return held

    def _lock_and_read(self, account, lock_key, token, keys, patients, timeout, locked=False):
        pipe = self.client.pipeline(transaction=False)
        if not locked:
            pipe.set(lock_key, token, nx=True, px=int(timeout * 1000))
        if keys:
            pipe.mget([self.prefix + key for key in keys])
        if patients:
            pipe.hmget(self._memory(account), patients)
        values = pipe.execute()
        acquired = True if locked else values.pop(0)
        # Read after the lock was set, in the same ordered pipeline: current.
        memory = values.pop() if patients else []
        documents = values.pop() if keys else []
        return acquired, _Held(account, dict(zip(keys, documents)), dict(zip(patients, memory)))

    def _write_and_release(self, held: _Held, lock_key: str, token: str, merge) -> None:
        checked = {key: text for key, text in held.saved.items()
                   if merge is not None and is_shared(key) and key in held.documents}
        plain = {key: text for key, text in held.saved.items() if key not in checked}
        pipe = self.client.pipeline(transaction=False)
        if plain:
            pipe.mset({self.prefix + key: text for key, text in plain.items()})
        if held.remembered:
            self._queue_remember(pipe, held.account, held.remembered)
        if checked:
            self._queue_compare_and_set(pipe, checked, {key: held.documents[key] for key in checked})
        pipe.eval(_RELEASE, 1, lock_key, token)
        results = pipe.execute()
        if not results[-1]:
            # The decision outlived its lock (a stall of several seconds): another
            # worker may have decided meanwhile and this one's account document
            # overwrote it. Rare enough to report rather than to prevent.
            logger.warning("sentinel lock of account %s expired before the decision was written", held.account)
        if held.remembered:
            self._trim(held.account, results[-3 if checked else -2])
        if checked:
            changed = [list(checked)[i - 1] for i in results[-2]]
            self._merge_changed(changed, {key: held.documents[key] for key in changed}, checked, merge)

    def _queue_compare_and_set(self, pipe, new: dict[str, str], expected: dict[str, bytes | None]) -> None:
        keys = list(new)
        args = []
        for key in keys:
            args += [expected[key] or b"", new[key]]
        pipe.eval(_COMPARE_AND_SET, len(keys), *(self.prefix + key for key in keys), *args)

    def _merge_changed(self, keys: list[str], bases: dict, ours: dict[str, str], merge) -> None:
        """Shared documents another decision wrote since this one read them: merge, write again."""
        for _ in range(_MERGE_ATTEMPTS):
            if not keys:
                return
            current = dict(zip(keys, self.client.mget([self.prefix + key for key in keys])))
            merged = {}
            for key in keys:
                theirs = None if current[key] is None else json.loads(current[key])
                base = None if bases[key] is None else json.loads(bases[key])
                merged[key] = json.dumps(merge(key, base, json.loads(ours[key]), theirs), separators=(",", ":"))
            pipe = self.client.pipeline(transaction=False)
            self._queue_compare_and_set(pipe, merged, current)
            changed = pipe.execute()[0]
            keys = [keys[i - 1] for i in changed]
            bases, ours = current, merged
        if keys:  # still contended after several merges: ours wins, the next decision corrects
            self.client.mset({self.prefix + key: ours[key] for key in keys})

    def _queue_remember(self, pipe, account: str, entries: dict[str, list]) -> None:
        recency = self._recency(account)
        now = time.time()
        pipe.hset(self._memory(account), mapping={p: json.dumps(e) for p, e in entries.items()})
        pipe.zadd(recency, {p: now for p in entries})
        pipe.zcard(recency)

    def _trim(self, account: str, size: int) -> None:
        """Least recently used patients beyond the cap are forgotten (rare: a
        round trip more only when the memory is full)."""
        excess = size - self.patient_memory_cap
        if excess > 0:
            evicted = [p for p, _ in self.client.zpopmin(self._recency(account), excess)]
            if evicted:
                self.client.hdel(self._memory(account), *evicted)

    def _memory(self, account: str) -> str:
        return f"{self.prefix}pm:{account}"

    def _recency(self, account: str) -> str:
        return f"{self.prefix}pmr:{account}"
