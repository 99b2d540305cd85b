"""A patient just found by a search is a lookup, not a new patient: one per
search or list. Opening every patient of a list, one after the other, is
reading the list, and those openings count."""

import json
from datetime import timedelta

from carnet.sentinel import MemoryStore, Sentinel, windows

from .helpers import at, event, fresh_sentinel

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
