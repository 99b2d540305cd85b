from carnet.sentinel import ALLOW, STEP_UP

from .helpers import at, fresh_sentinel, ordinary_days, scrape


def _first_refusal(decisions) -> int:
    return next(i for i, d in enumerate(decisions) if d.decision != ALLOW)


def test_it_steps_up_a_burst_of_new_patients_within_minutes():
    decisions = scrape(fresh_sentinel(), at(0, 10), 200, gap_s=2)
    first = _first_refusal(decisions)
    assert decisions[first].decision == STEP_UP
    assert 10 <= first <= 40
    assert "10 minutes" in decisions[first].reason


def test_it_steps_up_a_steady_pace_that_no_burst_reveals():
    # One new patient every 70 s: never more than 9 in 10 minutes, 52 in an hour.
    decisions = scrape(fresh_sentinel(), at(0, 9), 200, gap_s=70)
    first = _first_refusal(decisions)
    assert 30 <= first <= 100
    assert "heures" in decisions[first].reason


def test_it_steps_up_a_slow_pace_over_the_day():
    # One new patient every 6 minutes from 8 a.m.: caught by the 24-hour window the same day.
    decisions = scrape(fresh_sentinel(), at(0, 8), 200, gap_s=360)
    first = _first_refusal(decisions)
    assert first <= 140
    assert "heures" in decisions[first].reason


def test_it_learns_a_quiet_account_and_holds_it_to_its_own_habits():
    quiet = fresh_sentinel()
    ordinary_days(quiet, days=8, per_day=10)
    fresh = fresh_sentinel()
    caught_quiet = _first_refusal(scrape(quiet, at(9, 9), 200, gap_s=360))
    caught_fresh = _first_refusal(scrape(fresh, at(9, 9), 200, gap_s=360))
    assert caught_quiet < caught_fresh


def test_it_steps_up_a_reader_of_one_record_every_two_minutes_on_a_first_afternoon():
    # A fresh installation: no past anywhere, the default bounds. Thirty new records
    # an hour stay under the hour's bound (60); the 4-hour bound (60) stops the
    # reader after two hours, before steadiness (3 hours for a young account) would.
    decisions = scrape(fresh_sentinel(), at(0, 15), 200, gap_s=120)
    first = _first_refusal(decisions)
    assert first <= 61
    assert "4 heures" in decisions[first].reason
