from datetime import timedelta

from carnet.sentinel import ALLOW

from .helpers import at, event, fresh_sentinel, ordinary_days, scrape


def test_it_allows_a_normal_week_of_consultations():
    sentinel = fresh_sentinel()
    decisions = ordinary_days(sentinel, days=5)
    assert {d.decision for d in decisions} == {ALLOW}


def test_it_does_not_count_patients_the_account_already_opened():
    sentinel = fresh_sentinel()
    first = scrape(sentinel, at(0, 9), 10, gap_s=60)
    again = scrape(sentinel, at(0, 9.5), 10, gap_s=60)
    assert all(d.allowed for d in first + again)
    assert again[-1].score < first[-1].score or again[-1].score == first[-1].score
    # Reopening them a hundred times does not move the score.
    scores = {scrape(sentinel, at(0, 10), 10, gap_s=1)[-1].score for _ in range(10)}
    assert len(scores) == 1


def test_it_scores_new_patients_higher_the_more_there_are():
    sentinel = fresh_sentinel()
    decisions = scrape(sentinel, at(0, 9), 15, gap_s=20)
    scores = [d.score for d in decisions]
    assert scores == sorted(scores) and scores[-1] > scores[0]


def test_it_stops_counting_a_patient_once_the_account_writes_in_the_record():
    sentinel = fresh_sentinel()
    opened = scrape(sentinel, at(0, 9), 10, gap_s=30)
    before = opened[-1].score
    for k in range(10):
        pid = f"p01-{500_000 + k * 7:06d}"
        sentinel.decide(event(at(0, 9.2, k), "update", pid))
    after = sentinel.decide(event(at(0, 9.3), "view", "p01-900001"))
    assert after.score < before


def test_it_allows_the_accounts_own_patients_while_new_ones_are_refused():
    sentinel = fresh_sentinel()
    known = "p01-000001"
    sentinel.decide(event(at(0, 8), "view", known))
    sentinel.decide(event(at(0, 8.2), "update", known))  # a consultation: the patient is its own
    refused = [d for d in scrape(sentinel, at(0, 9), 34, gap_s=2) if not d.allowed]
    assert refused and {d.decision for d in refused} <= {"step_up", "throttle"}
    assert sentinel.decide(event(at(0, 9) + timedelta(minutes=3), "view", known)).allowed


def test_it_refuses_a_patient_seen_only_once_while_a_step_up_is_unanswered():
    sentinel = fresh_sentinel()
    glimpsed = "p01-000002"
    sentinel.decide(event(at(0, 8), "view", glimpsed))
    decisions = scrape(sentinel, at(0, 9), 34, gap_s=2)
    assert any(d.decision == "step_up" for d in decisions)
    assert not sentinel.decide(event(at(0, 9) + timedelta(minutes=2), "view", glimpsed)).allowed


def _second_search(names_again: bool, **fields):
    """A doctor with a past lists 30 names at her desk; a minute later a search
    returns the same 30 names or 30 others, from wherever ``fields`` say."""
    sentinel = fresh_sentinel()
    ordinary_days(sentinel, days=6)
    first = [f"p01-{700_000 + k:06d}" for k in range(30)]
    sentinel.decide(event(at(6, 9), "search", results=first))
    second = first if names_again else [f"p01-{800_000 + k:06d}" for k in range(30)]
    return sentinel.decide(event(at(6, 9, 60), "search", results=second, **fields))


def test_it_counts_names_listed_again_from_another_device_as_new():
    """Names the account listed a minute ago are not new to the person at the desk;
    on an address and a browser both new to the account, the session may be
    someone else's, to whom they are."""
    assert _second_search(names_again=True).score < _second_search(names_again=False).score
    elsewhere = {"ip": "203.0.113.9", "agent": "ua-unknown"}
    assert _second_search(names_again=True, **elsewhere).score == _second_search(names_again=False, **elsewhere).score
    # A new address alone (a doctor at home, the same laptop) keeps the account's memory.
    at_home = {"ip": "203.0.113.9"}
    assert _second_search(names_again=True, **at_home).score < _second_search(names_again=False, **at_home).score
