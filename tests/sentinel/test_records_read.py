"""Records read at all, the account's own patients included: an attacker who keeps
to the victim's own patients is contained by volume, a doctor's day is not."""

from datetime import timedelta

from carnet.sentinel import ALLOW

from .helpers import at, event, fresh_sentinel, ordinary_days


def _own_patients(days: int = 10, per_day: int = 20):
    """A doctor's past: ``days`` consultation days; returns the sentinel and its patients."""
    sentinel = fresh_sentinel()
    decisions = ordinary_days(sentinel, days, per_day=per_day)
    assert all(d.decision == ALLOW for d in decisions)
    # Every patient the doctor wrote in is its own (ids p01-000001 upwards).
    return sentinel, [f"p01-{n:06d}" for n in range(1, days * per_day // 2)]


def _read_until_refused(sentinel, patients, start, gap_s: float):
    """Opens the patients one after the other; returns how many were served and
    the decision that stopped the reader (the last one if none did)."""
    for served, patient in enumerate(patients):
        decision = sentinel.decide(event(start + timedelta(seconds=gap_s * served), "view", patient))
        if decision.decision != ALLOW:
            return served, decision
    return len(patients), decision


def test_it_contains_a_reader_of_the_accounts_own_patients():
    sentinel, own = _own_patients()
    served, decision = _read_until_refused(sentinel, own, at(14, 9), gap_s=30)
    assert decision.decision != ALLOW
    assert "patients suivis compris" in decision.reason
    assert served <= 60


def test_it_lets_a_doctor_reread_the_day_s_patients():
    """A consultation opens a record several times (view, note, prescription): read once."""
    sentinel, own = _own_patients()
    start = at(14, 9)
    for k, patient in enumerate(own[:20]):
        for minutes in (0, 5, 15, 40):
            decision = sentinel.decide(event(start + timedelta(minutes=25 * k + minutes), "view", patient))
            assert decision.decision == ALLOW


def test_it_lets_the_evening_preparation_of_tomorrow_pass():
    """Thirty of its own patients' records opened in an evening hour, once."""
    sentinel, own = _own_patients()
    start = at(14, 20.5)
    decisions = [sentinel.decide(event(start + timedelta(minutes=2 * k), "view", patient))
                 for k, patient in enumerate(own[:30])]
    assert all(d.decision == ALLOW for d in decisions)


def test_it_contains_a_slow_reader_of_the_accounts_own_patients_within_four_hours():
    """One of the doctor's own patients every two and a half minutes: never 50 in an
    hour, but 80 in four hours is just above a doctor's busiest four hours."""
    sentinel, own = _own_patients()
    served, decision = _read_until_refused(sentinel, own, at(14, 8), gap_s=150)
    assert decision.decision != ALLOW
    assert "patients suivis compris en 4 heures" in decision.reason
    assert served <= 80


def test_it_contains_a_reader_who_never_writes_sooner_than_one_who_writes():
    """One of the doctor's own patients every two and a half minutes, as above:
    without a word written, 80 in four hours become 53."""
    sentinel, own = _own_patients()
    served, decision = _read_until_refused(sentinel, own, at(14, 8), gap_s=150)
    assert decision.decision != ALLOW and served <= 54
    assert "sans aucune écriture" in decision.reason

    writing, own = _own_patients()
    start = at(14, 8)
    for k, patient in enumerate(own[:60]):
        when = start + timedelta(seconds=150 * k)
        assert writing.decide(event(when, "view", patient)).decision == ALLOW
        if k % 5 == 0:  # a note in one record in five
            assert writing.decide(event(when + timedelta(seconds=60), "update", patient)).decision == ALLOW


def test_it_judges_reading_without_writing_against_the_account_s_own_mornings():
    """A doctor who reads 40 results every morning without writing: reading without
    writing is her habit, and only the usual bounds apply."""
    sentinel, own = _own_patients()
    for day in range(14, 21):
        for k, patient in enumerate(own[:40]):
            decision = sentinel.decide(event(at(day, 7) + timedelta(seconds=80 * k), "view", patient))
            assert decision.decision == ALLOW
    served, decision = _read_until_refused(sentinel, own, at(21, 8), gap_s=150)
    assert decision.decision != ALLOW and served > 54  # the 4-hour bound of 80, as for any doctor
    assert "sans aucune écriture" not in decision.reason


def test_it_never_refuses_a_note_for_not_writing():
    """53 records read without writing, just under the tighter bound: the doctor
    then writes in a 54th patient's record, and the note goes through."""
    sentinel, own = _own_patients()
    start = at(14, 8)
    for k, patient in enumerate(own[:53]):
        assert sentinel.decide(event(start + timedelta(seconds=150 * k), "view", patient)).decision == ALLOW
    note = sentinel.decide(event(start + timedelta(seconds=150 * 53), "update", own[53]))
    assert note.decision == ALLOW


def test_it_waits_for_days_of_its_own_before_judging_an_older_account_s_reading():
    """An account saved before this signal existed has no such days filed: its
    usual bounds apply until it has."""
    sentinel, own = _own_patients()
    account = sentinel.store.load("acct:p01-gp1")
    for key in ("unwritten_days", "unwritten_today", "last_write"):
        account.pop(key, None)
    sentinel.store.save("acct:p01-gp1", account)
    served, decision = _read_until_refused(sentinel, own, at(14, 8), gap_s=150)
    assert decision.decision != ALLOW and served > 54
