"""When a patient counts as new for an account (memory.py)."""

from datetime import timedelta

from .helpers import at, event, fresh_sentinel


def _score_after(sentinel, *events):
    decision = None
    for item in events:
        decision = sentinel.decide(item)
    return decision.score


def test_it_does_not_count_a_record_opened_right_after_a_search_found_it():
    looked_up, cold = fresh_sentinel(), fresh_sentinel()
    for k in range(10):
        patient = f"p01-{k * 31:06d}"
        when = at(0, 9, k * 120)
        looked_up.decide(event(when, "search", results=[patient], query="durand"))
        looked_up.decide(event(when + timedelta(seconds=20), "view", patient))
        cold.decide(event(when + timedelta(seconds=20), "view", patient))
    probe = event(at(0, 9.5), "view", "p01-999999")
    assert looked_up.decide(probe).score < cold.decide(probe).score


def test_it_counts_again_a_patient_only_listed_days_ago():
    sentinel = fresh_sentinel()
    page = [f"p01-{k:06d}" for k in range(100, 125)]
    sentinel.decide(event(at(0, 9), "list", results=page))
    same_day = sentinel.decide(event(at(0, 15), "list", results=page)).score
    days_later = sentinel.decide(event(at(3, 9), "list", results=page)).score
    assert days_later > same_day


def test_it_never_counts_the_accounts_own_patients():
    sentinel = fresh_sentinel()
    own = [f"p01-{k:06d}" for k in range(200, 230)]
    for k, patient in enumerate(own):
        sentinel.decide(event(at(0, 9, k * 60), "view", patient))
        sentinel.decide(event(at(0, 9, k * 60 + 30), "update", patient))
    for k, patient in enumerate(own):
        decision = sentinel.decide(event(at(5, 9, k * 10), "view", patient))
        assert decision.allowed and decision.score == 0.0


def test_it_makes_a_patient_opened_on_two_days_the_accounts_own():
    sentinel = fresh_sentinel()
    patients = [f"p01-{k * 17:06d}" for k in range(20)]
    for day in (0, 1):
        for k, patient in enumerate(patients):
            sentinel.decide(event(at(day, 9, k * 60), "view", patient))
    third_day = [sentinel.decide(event(at(4, 9, k * 5), "view", p)) for k, p in enumerate(patients)]
    assert all(d.allowed and d.score == 0.0 for d in third_day)
