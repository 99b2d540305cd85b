"""A patient just found by a search is a lookup, not a new patient: one per
search or list. Opening every patient of a list, one after the other, is
reading the list, and those openings count."""

import json
from dataclasses import replace
from datetime import timedelta

from carnet.sentinel import MemoryStore, Sentinel, windows
from carnet.sentinel.context import sustained_lookups
from carnet.sentinel.policy import DEFAULT_POLICY

from .helpers import at, event, fresh_sentinel, ordinary_days

OPENED_1H = windows.WINDOW_NAMES.index("opened_1h")


def _opened_in_the_last_hour(sentinel, when) -> int:
    return windows.counts(sentinel.store.load("acct:p01-gp1"), when.timestamp())[OPENED_1H]


def test_it_does_not_count_the_patient_each_search_was_for():
    sentinel = fresh_sentinel()
    start = at(0, 9)
    for k in range(3):
        when = start + timedelta(minutes=5 * k)
        results = [f"p01-{100 * k + j:06d}" for j in range(1, 6)]
        sentinel.decide(event(when, "search", results=results))
        sentinel.decide(event(when + timedelta(seconds=20), "view", results[2]))
    assert _opened_in_the_last_hour(sentinel, start + timedelta(minutes=15)) == 0


def test_it_counts_the_other_patients_of_a_list_opened_one_after_the_other():
    sentinel = fresh_sentinel()
    start = at(0, 9)
    page = [f"p01-{j:06d}" for j in range(1, 21)]
    sentinel.decide(event(start, "list", results=page))
    for k, patient in enumerate(page):
        sentinel.decide(event(start + timedelta(seconds=20 * (k + 1)), "view", patient))
    assert _opened_in_the_last_hour(sentinel, start + timedelta(minutes=8)) == 19


def test_it_does_not_grant_a_lookup_for_a_search_older_than_ten_minutes():
    sentinel = fresh_sentinel()
    start = at(0, 9)
    sentinel.decide(event(start, "search", results=["p01-000001", "p01-000002"]))
    sentinel.decide(event(start + timedelta(minutes=11), "view", "p01-000001"))
    assert _opened_in_the_last_hour(sentinel, start + timedelta(minutes=12)) == 1


def test_it_grants_nothing_for_a_search_that_shows_no_new_patient():
    """A search for one of the account's own patients obtains nothing new: it must
    not buy a lookup for the rest of a page found earlier."""
    sentinel = fresh_sentinel()
    own = "p01-900001"
    sentinel.decide(event(at(0, 8), "view", own))
    sentinel.decide(event(at(0, 8, 60), "update", own))
    start = at(0, 9)
    page = [f"p01-{j:06d}" for j in range(1, 11)]
    sentinel.decide(event(start, "list", results=page))
    for k, patient in enumerate(page):
        when = start + timedelta(seconds=30 * (k + 1))
        sentinel.decide(event(when - timedelta(seconds=5), "search", results=[own]))
        sentinel.decide(event(when, "view", patient))
    assert _opened_in_the_last_hour(sentinel, start + timedelta(minutes=6)) == 9


class _JsonStore(MemoryStore):
    """Stores documents as the shared stores do: through JSON."""

    def save(self, key, value):
        super().save(key, json.loads(json.dumps(value)))

    def remember(self, account, entries):
        super().remember(account, json.loads(json.dumps(entries)))


def test_it_matches_a_lookup_to_its_listing_through_a_json_store():
    sentinel = Sentinel(_JsonStore())
    start = at(0, 9, 0.123)  # a time that is not a whole second
    sentinel.decide(event(start, "search", results=["p01-000001", "p01-000002"]))
    sentinel.decide(event(start + timedelta(seconds=7.5), "view", "p01-000002"))
    assert _opened_in_the_last_hour(sentinel, start + timedelta(minutes=1)) == 0


def _look_up_one_after_the_other(sentinel, count: int, gap_s: int = 180) -> list:
    """A search every ``gap_s`` seconds showing two names never seen, then the first of
    them opened: a reader working through a list of names. The decisions on the openings."""
    decisions = []
    start = at(7, 8)
    for k in range(count):
        when = start + timedelta(seconds=gap_s * k)
        results = [f"p01-{800_000 + 2 * k + j:06d}" for j in range(2)]
        sentinel.decide(event(when, "search", results=results))
        decisions.append(sentinel.decide(event(when + timedelta(seconds=5), "view", results[0])))
    return decisions


def test_it_holds_an_account_that_looks_patients_up_one_after_the_other_for_hours():
    policy = DEFAULT_POLICY
    with_signal = Sentinel(MemoryStore(), policy)
    without = Sentinel(MemoryStore(), replace(policy, sustained_lookups_4h=10_000))
    for sentinel in (with_signal, without):
        ordinary_days(sentinel, 6)
    held = _look_up_one_after_the_other(with_signal, 120)
    free = _look_up_one_after_the_other(without, 120)
    first_held = next(i for i, d in enumerate(held) if d.decision != "allow")
    first_free = next((i for i, d in enumerate(free) if d.decision != "allow"), len(free))
    assert first_held < first_free
    assert first_held >= policy.sustained_lookups_4h - 1  # not before the bar
    assert "cherchés puis ouverts" in held[first_held].reason


def test_it_counts_the_lookups_of_the_last_four_hours_against_the_bar():
    bar = DEFAULT_POLICY.sustained_lookups_4h
    start = at(0, 8)
    account = {"lookups_taken": [(start + timedelta(minutes=6 * k)).timestamp() for k in range(bar - 1)]}
    now = start + timedelta(minutes=6 * (bar - 1))
    assert sustained_lookups(event(now, "view"), account, DEFAULT_POLICY) is None  # a busy phone morning
    account["lookups_taken"].append(now.timestamp())
    hit = sustained_lookups(event(now, "view"), account, DEFAULT_POLICY)
    assert hit is not None and f"{bar} en 4 heures" in hit[1]
    # Four hours later the morning's lookups no longer count.
    later = now + timedelta(hours=4, seconds=1)
    assert sustained_lookups(event(later, "view"), account, DEFAULT_POLICY) is None
