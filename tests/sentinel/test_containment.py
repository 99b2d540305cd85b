"""The containment ladder on its own: the state dict, without the engine's judgement."""

from datetime import timedelta

from carnet.sentinel import DEFAULT_POLICY, LOCK, STEP_UP, THROTTLE, containment

from .helpers import at, event

POLICY = DEFAULT_POLICY
HOUR = 3600


def _refuse(esc, when, times=1, gap_s=1.0):
    decisions = []
    for k in range(times):
        request = event(when + timedelta(seconds=k * gap_s), "view", "p01-9")
        decisions.append(containment.contain(esc, request, "trop de dossiers", 2.0, False, POLICY))
    return decisions


def test_it_asks_for_the_second_factor_first_then_throttles():
    esc = containment.new_state()
    first, second = _refuse(esc, at(0, 10), times=2, gap_s=60)
    assert (first.decision, second.decision) == (STEP_UP, THROTTLE)
    assert not first.alert and "trop de dossiers" in first.reason


def test_it_locks_only_refusals_that_keep_coming_at_a_machine_s_pace():
    esc = containment.new_state()
    decisions = _refuse(esc, at(0, 10), times=POLICY.lock_fast_refusals + 1, gap_s=1)
    assert decisions[-1].decision == LOCK and decisions[-1].alert and esc["locked"]
    # As many refusals within the window, but with a person's pause in the middle.
    paused = containment.new_state()
    half = POLICY.lock_fast_refusals // 2 + 1
    decisions = _refuse(paused, at(0, 10), times=half, gap_s=1)
    decisions += _refuse(paused, at(0, 10, seconds=half + POLICY.lock_fast_gap_s + 1), times=half, gap_s=1)
    assert len(decisions) > POLICY.lock_fast_refusals and LOCK not in {d.decision for d in decisions}


def test_it_does_not_lock_a_throttled_secretary_s_morning_burst():
    """Independent seed 11: throttled since an earlier day (a replay never proves),
    a secretary lists the day's agendas every few seconds at 8:00, then types
    names letter by letter: 22 requests without a 15-second pause. A person."""
    esc = containment.new_state()
    decisions = _refuse(esc, at(0, 7.99), times=13, gap_s=8)
    decisions += _refuse(esc, at(0, 7.99, seconds=13 * 8), times=9, gap_s=1.5)
    assert decisions[-1].decision == THROTTLE and not esc["locked"]


def test_it_forgets_a_lone_step_up_after_a_day_but_holds_a_throttle():
    asked = containment.new_state()
    _refuse(asked, at(0, 10))
    assert not containment.in_episode(asked, at(1, 11).timestamp(), POLICY)
    throttled = containment.new_state()
    _refuse(throttled, at(0, 10), times=2, gap_s=60)
    assert containment.in_episode(throttled, at(7, 11).timestamp(), POLICY)
    assert containment.refusal_score(throttled, at(7, 11).timestamp(), POLICY) == POLICY.pending_refusal_score


def test_it_doubles_every_allowance_after_a_proof():
    esc = containment.new_state()
    containment.pass_step_up(esc, at(0, 10).timestamp(), POLICY)
    now = at(0, 11).timestamp()
    assert all(containment.doubled(esc, now, new_device=True, kind=kind, window_s=600)
               for kind in ("opened", "listed", "records"))
    assert not containment.doubled(esc, now + POLICY.proven_grace_s, new_device=False, kind="listed", window_s=600)


def test_it_doubles_only_the_searches_of_known_devices_after_an_unlock():
    esc = containment.new_state()
    _refuse(esc, at(5, 3), times=2, gap_s=60)
    containment.unlock(esc, at(6, 8).timestamp(), POLICY)  # a Sunday
    monday = at(7, 9).timestamp()
    containment.start_pending_grace(esc, monday, POLICY)
    assert not containment.in_episode(esc, monday, POLICY)
    assert containment.doubled(esc, monday + 7 * HOUR, new_device=False, kind="listed", window_s=600)
    assert not containment.doubled(esc, monday, new_device=True, kind="listed", window_s=600)
    assert not containment.doubled(esc, monday, new_device=False, kind="opened", window_s=600)
    assert not containment.doubled(esc, monday, new_device=False, kind="records", window_s=600)


def test_it_keeps_a_window_doubled_while_it_holds_what_the_grace_served():
    # Unlocked at 8:00, a secretary's grace ends at 16:00; her day's searches were
    # served under the doubled bounds and stay in the 24-hour window until 16:00 the
    # next day, in the 4-hour one until 20:00, in the 10-minute one until 16:10.
    esc = containment.new_state()
    containment.unlock(esc, at(0, 8).timestamp(), POLICY)
    containment.start_pending_grace(esc, at(0, 8).timestamp(), POLICY)
    evening, next_afternoon = at(0, 19).timestamp(), at(1, 15).timestamp()
    assert containment.doubled(esc, evening, new_device=False, kind="listed", window_s=24 * HOUR)
    assert containment.doubled(esc, evening, new_device=False, kind="listed", window_s=4 * HOUR)
    assert not containment.doubled(esc, evening, new_device=False, kind="listed", window_s=600)
    assert containment.doubled(esc, next_afternoon, new_device=False, kind="listed", window_s=24 * HOUR)
    assert not containment.doubled(esc, at(1, 16, 1).timestamp(), new_device=False, kind="listed", window_s=24 * HOUR)
    # What the unlock's grace never covered stays uncovered after it.
    assert not containment.doubled(esc, evening, new_device=False, kind="opened", window_s=24 * HOUR)


def test_it_offers_the_proof_only_where_the_grace_did_not_apply_to_the_refusal():
    esc = containment.new_state()
    containment.unlock(esc, at(6, 8).timestamp(), POLICY)
    when = at(6, 9)
    containment.contain(esc, event(when, "search"), "trop de patients", 2.0, True, POLICY)
    assert not containment.proof_would_lift(esc, when.timestamp())
    containment.contain(esc, event(when, "view", "p01-1"), "trop de dossiers", 2.0, False, POLICY)
    assert containment.proof_would_lift(esc, when.timestamp())


def test_it_offers_no_proof_while_the_refused_window_is_still_doubled_after_the_grace():
    esc = containment.new_state()
    containment.unlock(esc, at(0, 8).timestamp(), POLICY)
    containment.start_pending_grace(esc, at(0, 8).timestamp(), POLICY)
    evening = at(0, 19)
    containment.contain(esc, event(evening, "search"), "trop de patients", 2.0, True, POLICY, window_s=24 * HOUR)
    assert not containment.proof_would_lift(esc, evening.timestamp())
    assert containment.proof_would_lift(esc, at(1, 16, 1).timestamp())
