"""What an account's past teaches: allowed volume only, a refused day filed as the
usual day, and documents saved by an earlier version still read."""

import json
from dataclasses import replace
from datetime import timedelta

from carnet.sentinel import ALLOW, MemoryStore, Sentinel
from carnet.sentinel.policy import DEFAULT_POLICY

from .helpers import at, event, fresh_sentinel, ordinary_days, scrape


def test_it_files_a_day_with_refusals_as_the_usual_day_not_lower():
    """A refused day says nothing about the account's needs: an owner who cannot
    answer the step-up (a replay, a lost phone) is refused all day, and filing
    that day's few allowed requests would lower the bar for every day after."""
    sentinel = fresh_sentinel()
    ordinary_days(sentinel, 10)
    scrape(sentinel, at(10, 17), 200, gap_s=20)  # refused, then throttled until a proof
    usual = list(sentinel.store.load("acct:p01-gp1")["own_peak"])
    next_day = [sentinel.decide(event(at(11, 9 + k / 6), "view", f"p01-{k + 1:06d}")) for k in range(20)]
    assert not any(d.decision == ALLOW for d in next_day)  # the account's own patients too
    sentinel.decide(event(at(12, 8), "view", "p01-000001"))  # files the refused day
    history = sentinel.store.load("acct:p01-gp1")["history"]
    assert history[-2] == usual and history[-1] == usual  # the scraped day, then the throttled one


def test_it_still_matures_an_account_refused_every_day():
    """Refused days count as days: an account is not held to the defaults for ever."""
    sentinel = fresh_sentinel()
    for day in range(7):
        scrape(sentinel, at(day, 9), 80, gap_s=30, first=100_000 * (day + 1))
    sentinel.decide(event(at(7, 8), "view", "p01-000001"))
    assert len(sentinel.store.load("acct:p01-gp1")["history"]) == 7


def test_it_judges_an_opening_on_records_not_on_the_morning_s_lists():
    """A busy morning of lists must not block the next consultation."""
    sentinel = fresh_sentinel()
    start = at(0, 8)
    for page in range(4):  # 60 patients listed in a few minutes: half the listing allowance
        results = [f"p01-{page * 15 + k + 1:06d}" for k in range(15)]
        sentinel.decide(event(start + timedelta(seconds=40 * page), "list", results=results))
    decision = sentinel.decide(event(start + timedelta(minutes=5), "view", "p01-900001"))
    assert decision.decision == ALLOW
    assert decision.score < 0.1  # one new record against the records allowances


def test_it_reads_documents_saved_before_the_records_windows_existed():
    store = MemoryStore()
    sentinel = Sentinel(store)
    ordinary_days(sentinel, 6)
    account = store.load("acct:p01-gp1")
    # The shape an earlier version saved: 8 windows then the steady count, buckets of two counts.
    for key in ("today", "own_peak"):
        account[key] = account[key][:8] + account[key][-1:]
    account["history"] = [day[:8] + day[-1:] for day in account["history"]]
    account["minutes"] = [bucket[:3] for bucket in account["minutes"]]
    account["hours"] = [bucket[:3] for bucket in account["hours"]]
    store.save("acct:p01-gp1", json.loads(json.dumps(account)))
    peer = store.load("peer:p01")
    peer["p90"] = peer["p90"][:8] + peer["p90"][-1:]
    peer["days"] = [day[:8] + day[-1:] for day in peer["days"]]
    decisions = ordinary_days(sentinel, 2, start_patient=0)
    assert all(d.decision == ALLOW for d in decisions)
    own_peak = store.load("acct:p01-gp1")["own_peak"]
    assert len(own_peak) == 13
    # The records columns start as if they gave the default allowances, not the lowest.
    policy = sentinel.policy
    assert [round(own_peak[i] * policy.own_factors[i]) for i in range(8, 12)] == [
        round(int(policy.default[i] / policy.own_factors[i]) * policy.own_factors[i]) for i in range(8, 12)]


def test_it_learns_nothing_from_refused_attempts_of_a_new_account():
    """A tool on a new account asks for 500 new records a day for days, slowly
    enough never to be locked, with an empty search now and then: its refused
    attempts must not become its baseline, nor its practice's. (Throttles here
    end a day after the last refusal, as step-ups do, so that day 8 measures
    the allowance learnt, not the throttle still held.)"""
    sentinel = Sentinel(MemoryStore(), replace(DEFAULT_POLICY, throttle_until_proof=False))
    for day in range(6):
        scrape(sentinel, at(day, 8), 500, gap_s=31, first=100_000 * (day + 1))
        sentinel.decide(event(at(day, 18), "search", results=()))
    account = sentinel.store.load("acct:p01-gp1")
    assert all(filed[3] <= 60 for filed in account["history"])  # opened in 24 hours: never the 500
    assert (sentinel.store.load("peer:p01") or {"days": []})["days"] == []
    decisions = scrape(sentinel, at(8, 9), 200, gap_s=31, first=900_000)  # the episode is over
    served = next(k for k, d in enumerate(decisions) if d.decision != ALLOW)
    assert served <= 60


def _first_morning(proves: bool) -> list:
    """A new account opens new records faster than the defaults allow, is asked for
    the second factor, proves it (or not), and goes on beyond the doubled allowances.
    Returns the day filed in its past."""
    sentinel = fresh_sentinel()
    first = scrape(sentinel, at(0, 9), 40, gap_s=15)
    asked = next(k for k, d in enumerate(first) if d.decision != ALLOW)
    if proves:
        sentinel.step_up_passed("p01-gp1", (at(0, 9) + timedelta(seconds=15 * asked + 5)).timestamp())
    again = scrape(sentinel, at(0, 10), 80, gap_s=8, first=600_000)
    assert any(d.decision != ALLOW for d in again)
    sentinel.decide(event(at(1, 8), "view", "p01-000001"))
    return sentinel.store.load("acct:p01-gp1")["history"][-1]


def test_it_learns_the_volume_of_a_day_its_owner_vouched_for():
    """The owner proved the factor, then was refused again within the grace: what
    was served that day is what she does (a secretary's first morning), and becomes
    her past. Without the proof the day is filed as the usual one, the defaults."""
    usual_10m = int(DEFAULT_POLICY.default[0] / DEFAULT_POLICY.own_factors[0])
    assert _first_morning(proves=False)[0] == usual_10m
    assert _first_morning(proves=True)[0] >= 2 * DEFAULT_POLICY.default[0] - 1  # served under the doubled bound
