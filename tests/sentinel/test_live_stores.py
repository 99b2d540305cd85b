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
