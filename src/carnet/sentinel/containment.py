"""Containment of one account: step-up, then throttle, then lock, and what lifts them.

The engine judges each request (engine.py); this module keeps the account's
containment state, a JSON dict (``account["esc"]``, saved with the account's
document), and decides which step a refused request reaches:

- the first refusal of an episode asks for the second factor again (step-up);
- the next one, the step-up unanswered, throttles (HTTP 429): the
  administrators are alerted, and the throttle lasts until the owner proves
  the factor (the 429 page offers it) or an administrator unlocks;
- refusals still coming at a machine's pace lock the account, which ends its
  sessions; only an administrator's unlock lifts it.

A proof opens a grace: allowances are doubled for a while. An unlock opens a
narrower one: the listing allowances only, on the account's known devices
(``doubled``). README.md gives the figures; policy.py the thresholds.
"""

from __future__ import annotations

from . import explain, memory
from .decision import LOCK, STEP_UP, THROTTLE, Decision
from .events import LISTING_ACTIONS, AccessEvent
from .policy import Policy


def new_state() -> dict:
    """Refusals in the current episode, recent refusal times, the steps reached, the grace."""
    return {"refusals": 0, "last_refusal": 0.0, "recent_refusals": [],
            "throttled": False, "held": False, "locked": False, "lock_reason": "",
            "proven_until": 0.0}


def in_episode(esc: dict, epoch: float, policy: Policy) -> bool:
    """A refusal is still unanswered. A step-up alone is forgotten a day after
    the last refusal; a throttle (the session asked again instead of answering)
    lasts until the second factor is proven or an administrator unlocks."""
    if not esc["refusals"]:
        return False
    # ``held`` rather than ``throttled``: documents saved before throttles were
    # held kept ``throttled`` set after their episode had ended.
    return (esc.get("held", False) and policy.throttle_until_proof) or \
        epoch - esc["last_refusal"] <= policy.episode_reset_s


def refusal_score(esc: dict, epoch: float, policy: Policy) -> float:
    """1.0; half that while a step-up asked for is still unanswered (hysteresis).

    Without it a patient scraper would be refused once at the allowance,
    wait for the window to slide, and go on just under it.
    """
    return policy.pending_refusal_score if in_episode(esc, epoch, policy) else 1.0


def ignores_containment(esc: dict, event: AccessEvent, patients: dict, policy: Policy) -> bool:
    """Known patients are refused too while a step-up is unanswered, unless they are the
    account's own (it wrote in their record, or opened it on two days) and few; and
    all of them once the account, throttled, keeps asking (whoever uses the session
    cannot prove the second factor)."""
    if not in_episode(esc, event.epoch, policy):
        return False
    if event.action in LISTING_ACTIONS and len(event.results) >= policy.bulk_results:
        return True
    if not all(memory.is_own(entry) for entry in patients.values()):
        return True
    return esc["throttled"] and esc["refusals"] >= policy.refuse_all_after


def contain(esc: dict, event: AccessEvent, unusual: str, score: float, in_grace: bool,
            policy: Policy, every_patient: bool = False, window_s: int = 0) -> Decision:
    """The step a refused request reaches. ``unusual``: what was unusual, in French;
    ``in_grace``: the refused request's allowance (of a window reaching ``window_s``
    back) was doubled by a grace."""
    if not in_episode(esc, event.epoch, policy):
        esc.update(refusals=0, throttled=False, held=False, recent_refusals=[])
    esc["refusals"] += 1
    esc["last_refusal"] = event.epoch
    # Refused requests still coming faster than a person clicks, without a pause:
    # a tool. (A person's bursts, such as a search typed letter by letter, pause.)
    recent = [t for t in esc.get("recent_refusals", []) if event.epoch - t <= policy.lock_fast_window_s]
    recent.append(event.epoch)
    esc["recent_refusals"] = recent[-policy.lock_fast_refusals:]
    machine_pace = (len(recent) >= policy.lock_fast_refusals
                    and max(b - a for a, b in zip(recent, recent[1:])) <= policy.lock_fast_gap_s)
    # Refused within the grace of a proof or an unlock: throttled at once, the
    # administrators are told again. The throttle page offers the proof only if
    # the doubled allowances did not apply to this request (proof_would_lift).
    proven = event.epoch < esc["proven_until"]
    esc["refused_in_grace"] = in_grace
    esc["refused_window_s"] = window_s
    if not proven and not esc["throttled"] and esc["refusals"] <= policy.step_ups_before_throttle:
        step = STEP_UP
    elif esc["throttled"] and machine_pace:
        step = LOCK
    else:
        step = THROTTLE
        esc["throttled"] = esc["held"] = True
    text = explain.reason(step, unusual, 0 if every_patient else esc["refusals"])
    if step == LOCK:
        esc["locked"] = True
        esc["lock_reason"] = unusual
    return Decision(step, score, text, alert=step == LOCK)


def pass_step_up(esc: dict, epoch: float, policy: Policy) -> None:
    """The owner proved the second factor: the episode ends, every allowance doubles for a while."""
    esc.update(refusals=0, throttled=False, held=False, recent_refusals=[],
               proven_until=epoch + policy.proven_grace_s, grace_on_known_devices=False,
               grace_from_next_request=False)


def unlock(esc: dict, epoch: float, policy: Policy) -> None:
    """An administrator dealt with the alert: the episode ends, and the owner gets a
    grace for her searches and lists (``doubled``), from the account's next request
    (an unlock on a Sunday morning must still cover Monday's work) and on an address
    and a browser the account already knows: a stolen session used from elsewhere,
    back the day after its unlock, gets none."""
    esc.update(refusals=0, throttled=False, held=False, recent_refusals=[],
               locked=False, lock_reason="", proven_until=epoch + policy.proven_grace_s,
               grace_on_known_devices=True, grace_from_next_request=True)


def start_pending_grace(esc: dict, epoch: float, policy: Policy) -> None:
    """The account's first request since an unlock: its grace starts now."""
    if esc.get("grace_from_next_request"):
        esc["grace_from_next_request"] = False
        esc["proven_until"] = max(esc["proven_until"], epoch + policy.proven_grace_s)


def doubled(esc: dict, epoch: float, new_device: bool, kind: str, window_s: int) -> bool:
    """Whether the allowance of a window of ``kind`` (opened, listed, records),
    reaching ``window_s`` back, is doubled now.

    Every one of them for a while after a proof of the second factor: the owner
    vouched for the volume. After an administrator's unlock, only the listing
    ones, and only on the account's known address and browser: the owner's
    searches and lists are what a replay's unanswered step-ups kept from being
    learnt, while records opened and read keep their bounds, so that a tool
    still on the owner's workstation the day after its unlock gets no more room
    than before it (independent seed 4: a slow reader in that grace reached 191).
    A window stays doubled after the grace for as long as it still holds
    requests the grace served: a secretary unlocked at 8:00 was refused at
    16:00, her day's searches, served under the doubled bound, over the usual
    24-hour one (step-ups 160 -> 155 over the six independent traces).
    """
    if epoch >= esc["proven_until"] + window_s:
        return False
    if not esc.get("grace_on_known_devices"):  # the grace of a proof
        return True
    return kind == "listed" and not new_device


def proof_would_lift(esc: dict, epoch: float) -> bool:
    """Whether proving the second factor now would lift a throttle. Not when the
    account was refused within a grace that applied to it (a recent proof, or
    an unlock on its known devices for its searches) and the refused window is
    still doubled: the volume is over the doubled bound already, and only
    waiting or an administrator helps."""
    doubled_until = esc["proven_until"] + esc.get("refused_window_s", 0)
    return epoch >= doubled_until or not esc.get("refused_in_grace", True)
