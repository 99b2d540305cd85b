"""The sentinel: judge one access of an account, contain the account in steps.

``Sentinel(store).decide(event)`` is the single entry point, for the replay
and for the live middleware alike. Per event it reads and writes one account
document, one practice document, one address document and the memory entries
of the patients involved: bounded time and memory whatever the history.

How an event is judged (README.md gives the figures):

1. Which patients does it obtain that count as new for the account (opened
   records, and patients shown in search or list results; memory.py)?
2. Those are counted over 10 minutes, 1, 4 and 24 hours, and each count is
   compared with an allowance: learnt from the account's own median day once
   it has a past, from its practice peers in its first days, and kept between
   what a person does by hand and a ceiling (policy.py).
3. Context divides the allowances: new address or browser, unusual hour,
   sequential patient ids, repeated broad searches, steady opening, one
   address used by several practices, several practices' accounts on new
   devices at once, exports (context.py). score = max(count / allowance).
4. An event that obtains a new patient with score >= 1 is refused: step-up
   first, then throttle, then lock (``_contain``). The account's own patients
   stay reachable until the account shows it cannot answer, so care goes on.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import context, explain, memory, windows
from .decision import ALLOW, LOCK, STEP_UP, THROTTLE, Decision
from .events import LISTING_ACTIONS, OPENING_ACTIONS, AccessEvent
from .policy import DEFAULT_POLICY, Policy
from .store import SentinelStore
from .windows import WINDOW_NAMES

# Daily peaks kept per account: one per window, then the steady-slot count.
_PEAKS = len(WINDOW_NAMES) + 1
_STEADY = len(WINDOW_NAMES)


def _new_account_doc() -> dict:
    return {
        "day": None,
        "today": [0] * _PEAKS,  # today's peak of each window count
        "history": [],  # past active days' peaks, most recent last
        "own_peak": [0] * _PEAKS,
        "minutes": [],
        "hours": [],
        "hour_profile": [0] * 24,
        "today_hours": [0] * 24,
        "ips": {},
        "agents": {},
        "recent_ids": [],
        "slots": [],
        "bulk": [],
        "refused_today": False,
        # Containment: refusals in the current episode (and those over the full
        # allowance), recent refusal times, and the steps reached.
        "esc": {"refusals": 0, "over": 0, "last_refusal": 0.0, "recent_refusals": [],
                "throttled": False, "locked": False, "lock_reason": "", "proven_until": 0.0},
    }


def _new_peer_doc() -> dict:
    return {"days": [], "p90": [0] * _PEAKS, "hour_profile": [0] * 24, "ips": {}, "agents": {}}


@dataclass(frozen=True, slots=True)
class _Assessment:
    score: float
    window: str
    count: int
    allowance: float
    contexts: list


def _product(factors: list) -> float:
    result = 1.0
    for factor, _ in factors:
        result *= factor
    return result


class Sentinel:
    """Decides for each access event; all state lives in ``store``."""

    def __init__(self, store: SentinelStore, policy: Policy = DEFAULT_POLICY) -> None:
        self.store = store
        self.policy = policy

    # -- entry points -------------------------------------------------------------

    def decide(self, event: AccessEvent) -> Decision:
        account = self._account(event.account)
        if event.action == "unlock":
            self._unlock(account, event.epoch)
            self.store.save(f"acct:{event.account}", account)
            return Decision(ALLOW, 0.0, "")
        esc = account["esc"]
        if esc["locked"]:
            return Decision(LOCK, 1.0, explain.still_locked(esc["lock_reason"]))

        peer = self._peer(event.practice)
        self._roll_day(event, account, peer)
        new_opened, new_listed, memory_updates = self._new_patients(event, account)
        assessment = self._assess(event, account, peer, new_opened, new_listed)
        obtains_new = bool(new_opened or new_listed) or event.action == "export"
        if assessment.score > self._refusal_score(account, event.epoch) and obtains_new:
            decision = self._contain(event, account, assessment)
        elif memory_updates and self._ignores_containment(account, event, memory_updates):
            decision = self._contain(event, account, assessment, every_patient=True)
        else:
            decision = Decision(ALLOW, assessment.score, "")
        if decision.allowed and memory_updates:
            self.store.remember(event.account, memory_updates)
        context.remember_network(event, account, peer)
        context.remember_hour(event, account)
        self.store.save(f"acct:{event.account}", account)
        self.store.save(f"peer:{event.practice}", peer)
        return decision

    def step_up_passed(self, account_id: str, epoch: float) -> None:
        """The account proved its second factor again at ``epoch`` (seconds since 1970)."""
        account = self._account(account_id)
        esc = account["esc"]
        esc.update(refusals=0, over=0, throttled=False, recent_refusals=[],
                   proven_until=epoch + self.policy.proven_grace_s)
        account["refused_today"] = False  # the owner vouched for today's volume: it may become a baseline
        self.store.save(f"acct:{account_id}", account)

    def is_locked(self, account_id: str) -> bool:
        doc = self.store.load(f"acct:{account_id}")
        return bool(doc and doc["esc"]["locked"])

    def unlock(self, account_id: str, epoch: float) -> None:
        """An administrator unlocks the account (the live equivalent of an ``unlock`` event)."""
        account = self._account(account_id)
        self._unlock(account, epoch)
        self.store.save(f"acct:{account_id}", account)

    # -- state ----------------------------------------------------------------------

    def _account(self, account_id: str) -> dict:
        return self.store.load(f"acct:{account_id}") or _new_account_doc()

    def _peer(self, practice: str) -> dict:
        return self.store.load(f"peer:{practice}") or _new_peer_doc()

    def _unlock(self, account: dict, epoch: float) -> None:
        """The administrator has dealt with the alert: what the attacker did is no longer held
        against the owner (window counts, broad searches), and the owner gets the grace of a proof."""
        account["esc"].update(refusals=0, over=0, throttled=False, recent_refusals=[], locked=False, lock_reason="",
                              proven_until=epoch + self.policy.proven_grace_s)
        for key in ("minutes", "hours", "bulk", "recent_ids", "slots"):
            account[key] = []

    def _roll_day(self, event: AccessEvent, account: dict, peer: dict) -> None:
        """On an account's first event of a local day, file yesterday's peaks."""
        day = event.local_day
        if account["day"] == day:
            return
        if account["day"] is not None and not account.get("refused_today"):
            # A day with refusals is left out of the baselines: an attacker's
            # volume must not become the account's (or its peers') normal.
            finished = account["today"]
            context.file_hours(account, peer)
            history = account["history"]
            history.append(finished)
            del history[: -self.policy.own_days]
            rank = int(self.policy.own_quantile * (len(history) - 1))
            account["own_peak"] = [sorted(day[i] for day in history)[rank] for i in range(_PEAKS)]
            days = peer["days"]
            days.append(finished)
            del days[: -self.policy.peer_days]
            if len(days) >= 5:
                peer["p90"] = [sorted(d[i] for d in days)[int(0.9 * (len(days) - 1))] for i in range(_PEAKS)]
        account["day"] = day
        account["today_hours"] = [0] * 24
        account["today"] = [0] * _PEAKS
        account["refused_today"] = False

    def _new_patients(self, event: AccessEvent, account: dict) -> tuple[list[str], list[str], dict]:
        """Patients this event obtains that count as new for the account (memory.py), and
        the memory entries to save if the event is allowed."""
        opened = [event.patient] if event.patient and event.action in OPENING_ACTIONS else []
        listed = [p for p in dict.fromkeys(event.results) if p not in opened] \
            if event.action in LISTING_ACTIONS else []
        if not opened and not listed:
            return [], [], {}
        known = self.store.recall(event.account, opened + listed)
        updates: dict[str, list] = {}
        new_opened: list[str] = []
        new_listed: list[str] = []
        for patient in opened:
            entry = list(known.get(patient) or memory.blank())
            if memory.open_record(entry, event.epoch, event.local_day):
                new_opened.append(patient)
            updates[patient] = entry
        for patient in listed:
            entry = list(known.get(patient) or memory.blank())
            if memory.list_patient(entry, event.epoch):
                new_listed.append(patient)
            updates[patient] = entry
        if event.action == "update" and event.patient:
            # Writing in a record is care: the patient becomes the account's own,
            # and an opening counted earlier today no longer counts as unexplained.
            entry = updates[event.patient]
            if event.patient in new_opened:
                new_opened.remove(event.patient)
            elif not entry[memory.OWN] and entry[memory.COUNTED_AT]:
                windows.withdraw_opened(account, entry[memory.COUNTED_AT], event.epoch)
            entry[memory.COUNTED_AT] = 0.0
            entry[memory.OWN] = 1
        return new_opened, new_listed, updates

    # -- judgement ------------------------------------------------------------------

    def _assess(self, event, account, peer, new_opened, new_listed) -> _Assessment:
        policy = self.policy
        windows.add(account, event.epoch, len(new_opened), len(new_listed))
        values = windows.counts(account, event.epoch)
        today = account["today"]
        for i, value in enumerate(values):
            if value > today[i]:
                today[i] = value

        # ``session``: what this request looks like now (address, browser, hour);
        # it weighs on the 10-minute and 1-hour windows only. ``shared``: signs
        # of a tool at work, on every window.
        session, shared, opened_only, listed_only = [], [], [], []
        session += context.network_novelty(event, account, peer, policy)
        if event.ip:
            address = self.store.load(f"ip:{event.ip}") or {"practices": {}}
            hit = context.shared_address(event, address, account, policy)
            if hit:
                shared.append(hit)
            self.store.save(f"ip:{event.ip}", address)
        new_device = len(session) == 2  # both address and browser are new to the account
        campaign_doc = self.store.load("campaign") or {"members": {}}
        hit = context.campaign(event, campaign_doc, new_device, len(new_opened), policy)
        if hit:
            shared.append(hit)
        if new_device or campaign_doc["members"]:
            self.store.save("campaign", campaign_doc)
        hit = context.steady_opening(event, account, len(new_opened), policy)
        if hit:
            opened_only.append(hit)
        account["today"][_STEADY] = max(account["today"][_STEADY], account.get("steady_now", 0))
        hit = context.unusual_hour(event, account, peer, policy)
        if hit:
            session.append(hit)
        if event.action == "export":
            shared.append((policy.export, "export de données"))
        hit = context.sequential_ids(account, new_opened, policy)
        if hit:
            opened_only.append(hit)
        hit = context.broad_listing(event, account, len(new_listed), policy)
        if hit:
            listed_only.append(hit)

        grace = policy.proven_factor if event.epoch < account["esc"]["proven_until"] else 1.0
        session_multiplier = min(_product(session), policy.max_session_multiplier)
        best = _Assessment(0.0, WINDOW_NAMES[0], 0, 1.0, [])
        for i, name in enumerate(WINDOW_NAMES):
            tool = shared + (opened_only if name.startswith("opened") else listed_only)
            multiplier = _product(tool)
            contexts = [phrase for _, phrase in tool]
            if name.endswith(("10m", "1h")):  # a session is short: its context weighs on short windows
                multiplier *= session_multiplier
                contexts = [phrase for _, phrase in session] + contexts
            multiplier = min(multiplier, policy.max_multiplier) * grace
            allowance = self._allowance(i, account, peer) / multiplier
            score = values[i] / allowance
            if score > best.score:
                best = _Assessment(score, name, values[i], allowance, contexts)
        return best

    def _ignores_containment(self, account: dict, event: AccessEvent, patients: dict) -> bool:
        """Known patients are refused too while a step-up is unanswered, unless they are the
        account's own (it wrote in their record, or opened it on two days) and few; and
        all of them once the account, throttled, keeps asking (whoever uses the session
        cannot prove the second factor)."""
        esc, policy = account["esc"], self.policy
        if not esc["refusals"] or event.epoch - esc["last_refusal"] > policy.episode_reset_s:
            return False
        if event.action in LISTING_ACTIONS and len(event.results) >= policy.bulk_results:
            return True
        if not all(memory.is_own(entry) for entry in patients.values()):
            return True
        return esc["throttled"] and esc["refusals"] >= policy.refuse_all_after

    def _refusal_score(self, account: dict, epoch: float) -> float:
        """1.0; half that while a step-up asked for is still unanswered (hysteresis).

        Without it a patient scraper would be refused once at the allowance,
        wait for the window to slide, and go on just under it.
        """
        esc = account["esc"]
        pending = esc["refusals"] > 0 and epoch - esc["last_refusal"] <= self.policy.episode_reset_s
        return self.policy.pending_refusal_score if pending else 1.0

    def _allowance(self, i: int, account: dict, peer: dict) -> float:
        policy = self.policy
        if len(account["history"]) >= policy.mature_days:
            learned = policy.own_factors[i] * account["own_peak"][i]
            return min(policy.highest[i], max(policy.lowest[i], learned))
        if len(peer["days"]) >= policy.peer_days_needed:
            learned = policy.peer_factor * peer["p90"][i]
            return min(policy.highest[i], max(policy.lowest[i], learned))
        return policy.default[i]

    def _contain(self, event: AccessEvent, account: dict, found: _Assessment,
                 every_patient: bool = False) -> Decision:
        """Step-up, then throttle, then lock, as refused requests accumulate."""
        policy, esc = self.policy, account["esc"]
        if event.epoch - esc["last_refusal"] > policy.episode_reset_s:
            esc.update(refusals=0, over=0, throttled=False, recent_refusals=[])
        esc["refusals"] += 1
        esc["last_refusal"] = event.epoch
        # Only requests for new patients over the full allowance count towards a lock:
        # not those refused by the lowered bar, nor known patients refused meanwhile.
        over = found.score > 1.0 and not every_patient
        if over:
            esc["over"] = esc.get("over", 0) + 1
        # Refused requests still coming faster than a person clicks: a tool.
        recent = [t for t in esc.get("recent_refusals", []) if event.epoch - t <= policy.lock_fast_window_s]
        recent.append(event.epoch)
        esc["recent_refusals"] = recent[-policy.lock_fast_refusals:]
        machine_pace = len(recent) >= policy.lock_fast_refusals
        persistent = (over and found.window.startswith("opened") and esc["over"] >= policy.lock_refusals
                      and found.score >= policy.lock_score)
        account["refused_today"] = True
        proven = event.epoch < esc["proven_until"]
        if every_patient:
            unusual = explain.pending_known(esc["refusals"] - 1)
        else:
            unusual = explain.what_is_unusual(found.window, found.count, found.allowance, found.contexts,
                                              pending=found.score <= 1.0)
        if not proven and not esc["throttled"] and esc["refusals"] <= policy.step_ups_before_throttle:
            step = STEP_UP
        elif esc["throttled"] and (machine_pace or persistent):
            step = LOCK
        else:
            step = THROTTLE
            esc["throttled"] = True
        text = explain.reason(step, unusual, 0 if every_patient else esc["refusals"])
        if step == LOCK:
            esc["locked"] = True
            esc["lock_reason"] = unusual
        return Decision(step, found.score, text, alert=step == LOCK)
