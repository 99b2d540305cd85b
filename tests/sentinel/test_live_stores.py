"""The sentinel's shared state: Redis (REDIS_URL) and the database, each
honouring the store contract the core relies on."""

import os
import uuid

import pytest

from carnet.sentinel.django_store import DatabaseStore
from carnet.sentinel.redis_store import RedisStore

REDIS_URL = os.environ.get("CARNET_TEST_REDIS_URL", "")


@pytest.fixture
def redis_store():
    if not REDIS_URL:
        pytest.skip("Redis is not reachable (CARNET_TEST_REDIS_URL unset)")
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    prefix = f"carnet-test:{uuid.uuid4().hex}:"
    yield RedisStore(client, prefix=prefix, patient_memory_cap=3)
    for key in client.scan_iter(prefix + "*"):
        client.delete(key)


@pytest.fixture
def database_store(db):
    return DatabaseStore(patient_memory_cap=3)


@pytest.fixture(params=["redis_store", "database_store"])
def store(request):
    return request.getfixturevalue(request.param)


def test_it_saves_and_loads_documents(store):
    assert store.load("acct:1") is None
    store.save("acct:1", {"esc": {"locked": False}, "n": [1, 2]})
    store.save("acct:1", {"esc": {"locked": True}, "n": [3]})
    assert store.load("acct:1") == {"esc": {"locked": True}, "n": [3]}


def test_it_remembers_patients_per_account(store):
    store.remember("a1", {"p1": [1, "2026-01-01", 1, False], "p2": [2, "2026-01-01", 1, True]})
    assert store.recall("a1", ["p1", "p2", "p3"]) == {
        "p1": [1, "2026-01-01", 1, False], "p2": [2, "2026-01-01", 1, True]}
    assert store.recall("a2", ["p1"]) == {}


def test_it_evicts_the_least_recently_used_beyond_the_cap(store):
    import time

    for patient in ("p1", "p2", "p3"):
        store.remember("a1", {patient: [0, "d", 1, False]})
        time.sleep(0.002)
    store.remember("a1", {"p1": [0, "d", 2, False]})  # p1 used again
    time.sleep(0.002)
    store.remember("a1", {"p4": [0, "d", 1, False]})
    assert set(store.recall("a1", ["p1", "p2", "p3", "p4"])) == {"p1", "p3", "p4"}


def test_it_locks_one_account_at_a_time(store):
    with store.lock("a1"):
        store.save("acct:a1", {"x": 1})
    assert store.load("acct:a1") == {"x": 1}


@pytest.mark.sentinel
def test_it_contains_a_scraper_with_state_in_redis(settings, client, doctor, practice):
    if not REDIS_URL:
        pytest.skip("Redis is not reachable (CARNET_TEST_REDIS_URL unset)")
    from carnet.sentinel.live import reset_sentinel
    from tests.conftest import signed_in
    from tests.sentinel.live_helpers import many_patients, scrape

    settings.SENTINEL_REDIS_URL = REDIS_URL
    settings.SENTINEL_REDIS_PREFIX = f"carnet-test:{uuid.uuid4().hex}:"
    reset_sentinel()
    signed_in(client, doctor)
    served, refusal = scrape(client, many_patients(practice, 260))
    assert refusal is not None and len(served) <= 200
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(settings.SENTINEL_REDIS_PREFIX + "*"))
    assert keys  # the state really lives in Redis
    client.delete(*keys)
    reset_sentinel()


def test_it_fetches_what_a_decision_reads_when_it_takes_the_lock(store):
    store.save("acct:a1", {"x": 1})
    store.remember("a1", {"p1": [1, "d", 1, False]})
    with store.lock("a1", reads=(["acct:a1", "peer:7"], ["p1", "p2"])):
        assert store.load("acct:a1") == {"x": 1}
        assert store.load("peer:7") is None
        assert store.recall("a1", ["p1", "p2"]) == {"p1": [1, "d", 1, False]}
        store.save("acct:a1", {"x": 2})
        store.remember("a1", {"p2": [2, "d", 1, False]})
        # Within the decision, its own writes are what it reads back.
        assert store.load("acct:a1") == {"x": 2}
        assert store.recall("a1", ["p2"]) == {"p2": [2, "d", 1, False]}
    assert store.load("acct:a1") == {"x": 2}
    assert store.recall("a1", ["p1", "p2"]) == {"p1": [1, "d", 1, False], "p2": [2, "d", 1, False]}


def test_it_writes_nothing_of_a_decision_that_fails(redis_store):
    redis_store.save("acct:a1", {"x": 1})
    with pytest.raises(RuntimeError):
        with redis_store.lock("a1", reads=(["acct:a1"], [])):
            redis_store.save("acct:a1", {"x": 2})
            raise RuntimeError("the decision failed")
    assert redis_store.load("acct:a1") == {"x": 1}
    with redis_store.lock("a1"):  # and the lock was released
        pass


def _second_worker_reads_what_the_first_wrote(first, second, after_second=lambda: None) -> list:
    """Worker 1 holds account a1's lock and increments a counter; worker 2, in a
    thread, asks for the same lock meanwhile. Returns what worker 2 read."""
    import threading
    import time

    first.save("acct:a1", {"n": 0})
    first_holds = threading.Event()
    seen = []

    def second_worker():
        try:
            first_holds.wait()
            with second.lock("a1", reads=(["acct:a1"], [])):
                seen.append(second.load("acct:a1")["n"])
        finally:
            after_second()

    worker = threading.Thread(target=second_worker)
    worker.start()
    with first.lock("a1", reads=(["acct:a1"], [])):
        first_holds.set()
        time.sleep(0.1)
        first.save("acct:a1", {"n": first.load("acct:a1")["n"] + 1})
    worker.join(5)
    return seen


def test_it_makes_a_second_worker_wait_for_the_first(redis_store):
    """Two workers deciding for one account: the second reads what the first wrote."""
    import redis

    other = RedisStore(redis.Redis.from_url(REDIS_URL), prefix=redis_store.prefix)
    assert _second_worker_reads_what_the_first_wrote(redis_store, other) == [1]


def test_it_costs_two_round_trips_to_redis_per_decision(redis_store):
    """The sentinel runs on every record view: lock and reads in one round trip,
    writes and release in another."""
    from datetime import datetime, timezone

    from carnet.sentinel import AccessEvent, Sentinel

    sentinel = Sentinel(redis_store)
    trips = []
    client = redis_store.client
    original_pipeline, original_execute = client.pipeline, client.execute_command

    def counted_pipeline(*args, **kwargs):
        pipe = original_pipeline(*args, **kwargs)
        pipe_execute = pipe.execute
        pipe.execute = lambda *a, **k: (trips.append("pipeline"), pipe_execute(*a, **k))[1]
        return pipe

    client.pipeline = counted_pipeline
    client.execute_command = lambda *a, **k: (trips.append(a[0]), original_execute(*a, **k))[1]
    event = AccessEvent(ts=datetime(2026, 1, 5, 9, tzinfo=timezone.utc), account="a1", practice="7",
                        action="view", patient="p1", ip="10.0.0.1", agent="ua")
    with redis_store.lock(event.account, reads=sentinel.reads(event), merge=sentinel.merge):
        decision = sentinel.decide(event)
    assert decision.allowed
    assert trips == ["pipeline", "pipeline"]


@pytest.mark.django_db(transaction=True)
def test_it_makes_a_second_worker_wait_for_the_first_in_postgresql():
    """The database store's lock holds across connections (an advisory lock)."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite's IMMEDIATE transactions serialise writers already")
    store = DatabaseStore()  # one per process in live; threads keep their own connection
    assert _second_worker_reads_what_the_first_wrote(store, store, after_second=connections.close_all) == [1]


def test_it_keeps_both_changes_when_two_accounts_write_an_address_at_once(store):
    """Two stolen accounts of different practices, one address, two workers: the
    address counts both practices (else the shared-address signal loses one)."""
    import redis
    from django.db import connection

    from carnet.sentinel import MemoryStore, Sentinel

    if isinstance(store, DatabaseStore):
        if connection.vendor != "postgresql":
            pytest.skip("SQLite runs one write transaction at a time: decisions cannot interleave")
        other_worker = DatabaseStore()
    else:
        other_worker = RedisStore(redis.Redis.from_url(REDIS_URL), prefix=store.prefix)
    merge = Sentinel(MemoryStore()).merge
    store.save("ip:203.0.113.9", {"practices": {"p1": 100.0}})
    with store.lock("a1", reads=(["ip:203.0.113.9"], []), merge=merge):
        first = store.load("ip:203.0.113.9")
        # Meanwhile another worker decides for an account of another practice.
        with other_worker.lock("a2", reads=(["ip:203.0.113.9"], []), merge=merge):
            second = other_worker.load("ip:203.0.113.9")
            second["practices"]["p3"] = 120.0
            other_worker.save("ip:203.0.113.9", second)
        first["practices"]["p2"] = 110.0
        store.save("ip:203.0.113.9", first)
    assert store.load("ip:203.0.113.9") == {"practices": {"p1": 100.0, "p2": 110.0, "p3": 120.0}}
