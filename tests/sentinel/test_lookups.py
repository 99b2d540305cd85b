"""A patient just found by a search is a lookup, not a new patient: one per
search or list. Opening every patient of a list, one after the other, is
reading the list, and those openings count."""

from datetime import timedelta

from carnet.sentinel import windows

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
