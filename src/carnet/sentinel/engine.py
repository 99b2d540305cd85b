"""The sentinel: judge one access of an account, contain the account in steps.

``Sentinel(store).decide(event)`` is the single entry point, for the replay
and for the live middleware alike. Per event it reads and writes one account
document, one practice document, one address document and the memory entries
of the patients involved, and reads the installation's document (written when
an account files a day): bounded time and memory whatever the history.

How an event is judged (README.md gives the figures):

1. Which patients does it obtain that count as new for the account (opened
   records, and patients shown in search or list results; memory.py)? Which
   records does it read, new or known (once an hour per record)?
2. Those are counted over 10 minutes, 1, 4 and 24 hours, and each count is
   compared with an allowance (a request answers for its own kind: openings
   for records opened and read, searches and lists for patients listed),
   learnt from the account's own past once it has one, from its practice
   peers in its first days (from the whole installation's while its practice
   is young too), and kept between what a person does by hand and a ceiling
   (policy.py).
3. Context divides the allowances: new address or browser, unusual hour,
   sequential patient ids, repeated broad searches, steady opening, patients
   looked up one after the other for hours, the account used from a known
   and a new address at once, one address used by several practices, several
   practices' accounts on new devices at once, reading without writing,
   exports (context.py).
   score = max(count / allowance).
4. An event that obtains a new patient with score >= 1, or reads a record
   with the records score >= 1, is refused: step-up first, then throttle, and
   lock when refusals come at a machine's pace (containment.py). The account's
   own patients stay reachable until the account shows it cannot answer, so
   care goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import containment, context, explain, lookups, memory, shared, windows
from .decision import ALLOW, LOCK, Decision
from .events import LISTING_ACTIONS, OPENING_ACTIONS, AccessEvent
from .policy import DEFAULT_POLICY, Policy
from .store import SentinelStore
from .windows import WINDOW_NAMES

# Daily peaks kept per account: one per window, then the steady-slot count.
_PEAKS = len(WINDOW_NAMES) + 1
_STEADY = len(WINDOW_NAMES)
_OPENED_10M = WINDOW_NAMES.index("opened_10m")
# The windows a young account's own first days bound (policy.first_days_listing_factor).
_FIRST_DAYS_BOUNDED = (WINDOW_NAMES.index("listed_4h"), WINDOW_NAMES.index("listed_24h"))


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
        "refused_today": False,
        "bulk": [],
        "esc": containment.new_state(),
    }


def _new_peer_doc() -> dict:
    return {"days": [], "p90": [0] * _PEAKS, "hour_profile": [0] * 24, "ips": {}, "agents": {}}


def _new_installation_doc() -> dict:
    """Recent account-days of every practice: the bar of a young account in a young practice."""
    return {"days": [], "p90": [0] * _PEAKS}


@dataclass(frozen=True, slots=True)
class _Assessment:
    score: float
    window: str
    count: int
    allowance: float
    contexts: list
    values: tuple = ()  # every window's count, in the order of WINDOW_NAMES
    in_grace: bool = False  # this window's allowance was doubled by a recent proof or unlock


def _product(factors: list) -> float:
    result = 1.0
    for factor, _ in factors:
        result *= factor
    return result


@dataclass(slots=True)
class _Signals:
    """One request's context signals (multiplier, phrase), by the windows they weigh on."""

    new_device: bool  # the address or the browser is new to the account (no grace there)
    session: list = field(default_factory=list)  # address, browser, hour: a session is short
    shared: list = field(default_factory=list)  # signs of a tool at work: every window
    opened: list = field(default_factory=list)
    listed: list = field(default_factory=list)
    records: list = field(default_factory=list)  # reading without writing: 4 and 24 hours

    def on(self, window: str, policy: Policy) -> tuple[float, list[str]]:
        """The product of the multipliers that weigh on ``window``, and their phrases."""
        kind = window.split("_")[0]
        # Reading without writing weighs on the 4- and 24-hour bounds only: a batch
        # of results, or an evening hour preparing tomorrow's patients, is left to
        # the shorter ones (with the 1-hour bound, our busy variant's step-ups
        # tripled and a first evening of preparation was refused).
        unwritten = self.records if window in ("records_4h", "records_24h") else []
        tool = self.shared + {"opened": self.opened, "listed": self.listed, "records": unwritten}[kind]
        multiplier = _product(tool)
        contexts = [phrase for _, phrase in tool]
        if window.endswith(("10m", "1h")):
            multiplier *= min(_product(self.session), policy.max_session_multiplier)
            contexts = [phrase for _, phrase in self.session] + contexts
        return multiplier, contexts


def _widened(peaks: list, fill: list) -> list:
    """Peaks saved before the records windows existed: ``fill`` for them, steady count last."""
    return peaks[:-1] + fill[len(peaks) - 1:_PEAKS - 1] + peaks[-1:]


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
        containment.start_pending_grace(esc, event.epoch, self.policy)

        peer = self._peer(event.practice)
        installation = self.store.load("installation") or _new_installation_doc()
        filed = self._roll_day(event, account, peer, installation)
        # On an address and a browser both new to the account, the session may be
        # someone else's: the names the account listed lately are new to them.
        novelty = context.network_novelty(event, account, peer, self.policy)  # (new address, new browser)
        new_opened, new_listed, records, memory_updates = self._new_patients(event, account, all(novelty))
        assessment, reading = self._assess(event, account, peer, installation, new_opened, new_listed, records,
                                           novelty)
        obtains_new = bool(new_opened or new_listed) or event.action == "export"
        bar = containment.refusal_score(esc, event.epoch, self.policy)
        if assessment.score > bar and obtains_new:
            decision = self._contain(event, account, assessment)
        elif memory_updates and containment.ignores_containment(esc, event, memory_updates, self.policy):
            decision = self._contain(event, account, assessment, every_patient=True)
        elif reading.score > bar and records:
            # Too many records read, known patients included: an attacker who
            # keeps to the victim's own patients.
            decision = self._contain(event, account, reading)
        else:
            decision = Decision(ALLOW, assessment.score, "")
        if decision.allowed:
            if event.action == "update":
                account["last_write"] = event.epoch  # context.unwritten_reading
            if self._shows_patients_to_look_up(event, memory_updates):
                lookups.grant(account, event.epoch, self.policy)
            self._raise_peaks(account, event.epoch, assessment.values)
            if memory_updates:
                self.store.remember(event.account, memory_updates)
            # Only what was served teaches the account its places and hours: an
            # attacker refused tonight from its own machine must not find them
            # familiar tomorrow (independent seed 16: night attacks on an account
            # made midnight usual for it, and a later enumeration reached 224).
            context.remember_network(event, account, peer)
            context.remember_hour(event, account)
        else:
            # Refused attempts stay in the windows (a scraper must not come back
            # as they slide) but are also counted apart, so that today's peaks,
            # and the baselines filed from them, hold allowed volume only.
            refused = account.setdefault("refused", {"minutes": [], "hours": []})
            windows.add(refused, event.epoch, len(new_opened), len(new_listed), records)
        self.store.save(f"acct:{event.account}", account)
        self.store.save(f"peer:{event.practice}", peer)
        if filed:  # a shared document of every practice: written only when it changed
            self.store.save("installation", installation)
        return decision

    def reads(self, event: AccessEvent) -> tuple[list[str], list[str]]:
        """The documents and the patients' memory entries ``decide(event)`` reads,
        so that a shared store can fetch them in one round trip (``lock(reads=)``)."""
        keys = [f"acct:{event.account}", f"peer:{event.practice}", "installation", "campaign"]
        if event.ip:
            keys.append(f"ip:{event.ip}")
        patients = ([event.patient] if event.patient else []) + list(event.results)
        return keys, patients

    def merge(self, key: str, base: dict | None, ours: dict, theirs: dict | None) -> dict:
        """A shared document this decision changed while another account's decision
        changed it too: both changes (shared.py; the stores call it)."""
        if key.startswith("peer:"):
            # A document saved by the previous version: to the current shape first,
            # else every day would differ and one would be filed twice.
            base, theirs = (None if doc is None else self._peer_shape(doc) for doc in (base, theirs))
        return shared.merge(key, base, ours, theirs, peer_days=self.policy.peer_days)

    def step_up_passed(self, account_id: str, epoch: float) -> None:
        """The account proved its second factor again at ``epoch`` (seconds since 1970)."""
        account = self._account(account_id)
        containment.pass_step_up(account["esc"], epoch, self.policy)
        # The owner vouched for today's volume: what was served today may become a
        # baseline, even if a later request of the day is refused again.
        account["refused_today"] = False
        account["vouched_day"] = account["day"]
        self.store.save(f"acct:{account_id}", account)

    def proof_would_lift(self, account_id: str, epoch: float) -> bool:
        """Whether proving the second factor now would lift a throttle (containment.py)."""
        doc = self.store.load(f"acct:{account_id}")
        return not doc or containment.proof_would_lift(doc["esc"], epoch)

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
        account = self.store.load(f"acct:{account_id}")
        if account is None:
            return _new_account_doc()
        if len(account["today"]) != _PEAKS:
            # Days learnt before the records windows existed: as if they had
            # given the default allowances (zeros would give the lowest ones).
            usual = [int(d / f) for d, f in zip(self.policy.default, self.policy.own_factors)]
            account["today"] = _widened(account["today"], [0] * _PEAKS)
            account["own_peak"] = _widened(account["own_peak"], usual)
            account["history"] = [_widened(day, usual) for day in account["history"]]
        return account

    def _peer(self, practice: str) -> dict:
        peer = self.store.load(f"peer:{practice}")
        return _new_peer_doc() if peer is None else self._peer_shape(peer)

    def _peer_shape(self, peer: dict) -> dict:
        if len(peer["p90"]) != _PEAKS:
            usual = [int(d / self.policy.peer_factor) for d in self.policy.default]
            peer["p90"] = _widened(peer["p90"], usual)
            peer["days"] = [_widened(day, usual) for day in peer["days"]]
        return peer

    def _unlock(self, account: dict, epoch: float) -> None:
        """The administrator has dealt with the alert: what the attacker did is no longer
        held against the owner (window counts, broad searches; the grace: containment.py)."""
        containment.unlock(account["esc"], epoch, self.policy)
        for key in ("minutes", "hours", "bulk", "recent_ids", "slots", "address_runs", "lookups_taken"):
            account[key] = []
        account["refused"] = {"minutes": [], "hours": []}

    def _roll_day(self, event: AccessEvent, account: dict, peer: dict, installation: dict) -> bool:
        """On an account's first event of a local day, file yesterday's peaks; whether
        they went into the practice's and the installation's days."""
        day = event.local_day
        if account["day"] == day:
            return False
        filed = False
        refused = account.get("refused_today") and account.get("vouched_day") != account["day"]
        if account["day"] is not None:
            # Today's peaks count allowed requests only. A day with refusals is
            # filed as the account's usual day (for a young account: the day
            # that would give it the allowance it has now): it cannot teach an
            # attacker's volume, nor lower the bar of an owner refused all day
            # (a replay never answers a step-up), while an account refused once
            # a day still gathers the past it is judged against. It never
            # enters the practice's days (every young account's bar). A day on
            # which the owner proved the factor is hers, refused again or not:
            # live, a secretary refused within the grace of her proof would
            # otherwise stay on the defaults for weeks (bench_sentinel.py
            # --answer-step-ups, independent seeds 1 to 10: administrators'
            # unlocks 845 -> 537, step-ups 890 -> 743).
            finished = account["today"]
            pace = account.get("pace_today", 0)
            unwritten = account.get("unwritten_today", 0)
            broad = account.get("broad_today", [0, 0])
            if refused:
                finished = list(self._usual_day(account, peer, installation))
                pace = context.busy_pace(account)
                unwritten = context.busiest_unwritten(account)
                broad = list(context.busy_broad(account, self.policy))
            for key, value in (("pace_days", pace), ("unwritten_days", unwritten), ("broad_days", broad)):
                kept = account.setdefault(key, [])
                kept.append(value)
                del kept[: -self.policy.own_days]
            context.file_hours(account, peer)
            history = account["history"]
            history.append(finished)
            del history[: -self.policy.own_days]
            account["own_peak"] = [
                sorted(day[i] for day in history)[int(quantile * (len(history) - 1))]
                for i, quantile in enumerate(self.policy.own_quantiles)
            ]
            if not refused:
                filed = True
                for baseline in (peer, installation):
                    shared.file_day(baseline, finished, self.policy.peer_days)
        account["day"] = day
        account["today_hours"] = [0] * 24
        account["today"] = [0] * _PEAKS
        account["pace_today"] = 0
        account["broad_today"] = [0, 0]
        account["unwritten_today"] = 0
        account["refused_today"] = False
        return filed

    def _new_patients(self, event: AccessEvent, account: dict,
                      other_device: bool) -> tuple[list[str], list[str], int, dict]:
        """Patients this event obtains that count as new for the account (memory.py), the
        records it opens that the account has not opened in the last hour, and the memory
        entries to save if the event is allowed.

        ``other_device``: the address and the browser are both new to the account. A
        name it listed in the last day then counts as new unless the patient is its
        own: a stolen session used at 3:30 from the attacker's machine re-listed 207
        names a secretary had listed the day before, for free (independent seed 14,
        search_enum 259 -> 117; 1 more step-up over eighteen traces). Records opened
        keep the account's memory: counting them too cost 5 step-ups for little."""
        opened = [event.patient] if event.patient and event.action in OPENING_ACTIONS else []
        listed = [p for p in dict.fromkeys(event.results) if p not in opened] \
            if event.action in LISTING_ACTIONS else []
        if not opened and not listed:
            return [], [], 0, {}
        known = self.store.recall(event.account, opened + listed)
        updates: dict[str, list] = {}
        new_opened: list[str] = []
        new_listed: list[str] = []
        records = 0
        for patient in opened:
            entry = list(known.get(patient) or memory.blank())
            records += memory.reads_again(entry, event.epoch)
            looked_up = (memory.just_listed(entry, event.epoch)
                         and lookups.take(account, entry[memory.LISTED_AT], event.epoch))
            if memory.open_record(entry, event.epoch, event.local_day, looked_up):
                new_opened.append(patient)
            updates[patient] = entry
        for patient in listed:
            entry = list(known.get(patient) or memory.blank())
            if memory.list_patient(entry, event.epoch) or (other_device and not memory.is_own(entry)):
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
        return new_opened, new_listed, records, updates

    @staticmethod
    def _shows_patients_to_look_up(event: AccessEvent, entries: dict) -> bool:
        """A search or list that showed a patient the account neither follows nor
        opened today: opening one of them next is a lookup. A search for one of
        its own patients grants none."""
        if event.action not in LISTING_ACTIONS:
            return False
        return any(memory.just_listed(entries[p], event.epoch) for p in event.results if p in entries)

    # -- judgement ------------------------------------------------------------------

    def _assess(self, event, account, peer, installation, new_opened, new_listed, records,
                novelty) -> tuple[_Assessment, _Assessment]:
        """The window most over its allowance among those of new patients, and among
        those of records read."""
        policy = self.policy
        windows.add(account, event.epoch, len(new_opened), len(new_listed), records)
        values = windows.counts(account, event.epoch)
        signals = self._signals(event, account, peer, new_opened, new_listed, values, novelty)
        in_grace = self._grace(account, event.epoch, signals.new_device)
        main = "opened_10m" if event.action in OPENING_ACTIONS else "listed_10m"
        best = _Assessment(0.0, main, 0, 1.0, [], values, in_grace=in_grace(main))
        reading = _Assessment(0.0, "records_10m", 0, 1.0, [], values, in_grace=in_grace("records_10m"))
        for i, name in enumerate(WINDOW_NAMES):
            if not self._weighs_on(event, name):
                continue
            multiplier, contexts = signals.on(name, policy)
            doubled = in_grace(name)
            multiplier = min(multiplier, policy.max_multiplier) * (policy.proven_factor if doubled else 1.0)
            allowance = self._allowance(i, account, peer, installation) / multiplier
            score = values[i] / allowance
            if name.startswith("records"):
                if score > reading.score:
                    reading = _Assessment(score, name, values[i], allowance, contexts, values, in_grace=doubled)
            elif score > best.score:
                best = _Assessment(score, name, values[i], allowance, contexts, values, in_grace=doubled)
        return best, reading

    def _signals(self, event, account, peer, new_opened, new_listed, values, novelty) -> _Signals:
        """What makes this request's volume more suspicious (context.py), sorted by
        the windows each weighs on. The calls keep their order: each files what it
        saw in the account's document."""
        policy = self.policy
        new_address, new_browser = novelty
        signals = _Signals(new_device=bool(new_address or new_browser))
        signals.session += [hit for hit in (new_address, new_browser) if hit]
        if event.ip:
            signals.shared += self._shared_address(event, account)
        # The campaign weighs on new patients only: reading known records from a
        # new place is a doctor at home, whoever else is at work.
        hit = self._campaign(event, bool(new_address), bool(new_browser), values, len(new_opened))
        signals.opened += hit
        signals.listed += hit
        export = (policy.export, "export de données") if event.action == "export" else None
        for hit, weighs_on in (
            (context.two_places(event, account, bool(new_address), policy), signals.shared),
            (context.steady_opening(event, account, len(new_opened), policy), signals.shared),
            (context.unusual_hour(event, account, peer, policy), signals.session),
            (export, signals.shared),
            (context.sequential_ids(account, new_opened, policy), signals.opened),
            (context.broad_listing(event, account, len(new_listed), policy, known_device=not signals.new_device),
             signals.listed),
            (context.listing_pace(event, account, policy), signals.listed),
            (context.unwritten_reading(event, account, policy), signals.records),
            (context.sustained_lookups(event, account, policy), signals.shared),
        ):
            if hit:
                weighs_on.append(hit)
        return signals

    def _shared_address(self, event: AccessEvent, account: dict) -> list:
        """The address's practices of the day (a shared document), and its signal."""
        address = self.store.load(f"ip:{event.ip}") or {"practices": {}}
        hit = context.shared_address(event, address, account, self.policy)
        self.store.save(f"ip:{event.ip}", address)
        return [hit] if hit else []

    def _campaign(self, event: AccessEvent, new_address: bool, new_browser: bool, values: tuple,
                  new_opened: int) -> list:
        """The accounts on new devices across practices (a shared document), and its signal."""
        campaign_doc = self.store.load("campaign") or {"members": {}}
        members_before = dict(campaign_doc["members"])
        hit = context.campaign(event, campaign_doc, new_address, new_browser, values[_OPENED_10M], new_opened,
                               self.policy)
        if campaign_doc["members"] != members_before:  # a shared document: written only when changed
            self.store.save("campaign", campaign_doc)
        return [hit] if hit else []

    @staticmethod
    def _grace(account: dict, epoch: float, new_device: bool) -> Callable[[str], bool]:
        """Whether a window's allowance is doubled by a recent proof or unlock (containment.doubled)."""
        # A grace doubles a window until its end plus the window's span at most:
        # most decisions need not ask window by window (a tenth of a decision's time).
        if epoch >= account["esc"]["proven_until"] + windows.LONGEST_SPAN_S:
            return lambda window: False
        return lambda window: containment.doubled(account["esc"], epoch, new_device, window.split("_")[0],
                                                  windows.span_s(window))

    def _usual_day(self, account: dict, peer: dict, installation: dict) -> list:
        """The account's usual day: its learnt peaks once mature; before, the peaks
        that would give it the allowances it has now (from its peers or the defaults)."""
        if len(account["history"]) >= self.policy.mature_days:
            return account["own_peak"]
        factors = self.policy.own_factors
        return [int(self._allowance(i, account, peer, installation) / factors[i])
                for i in range(len(WINDOW_NAMES))] + [0]

    @staticmethod
    def _raise_peaks(account: dict, epoch: float, values: tuple) -> None:
        """Today's peak of each window, and of the steady-slot count, from allowed requests."""
        refused = account.get("refused")
        if refused and (refused["minutes"] or refused["hours"]):
            values = [v - r for v, r in zip(values, windows.counts(refused, epoch))]
        today = account["today"]
        for i, value in enumerate(values):
            if value > today[i]:
                today[i] = value
        today[_STEADY] = max(today[_STEADY], account.get("steady_now", 0))
        account["pace_today"] = max(account.get("pace_today", 0), account.get("pace_now", 0))
        broad_today, broad_now = account.get("broad_today", [0, 0]), account.get("broad_now", [0, 0])
        account["broad_today"] = [max(today, now) for today, now in zip(broad_today, broad_now)]
        account["unwritten_today"] = max(account.get("unwritten_today", 0), account.get("unwritten_now", 0))

    @staticmethod
    def _weighs_on(event: AccessEvent, window: str) -> bool:
        """Each kind of request answers for its own kind of volume: opening a
        record is judged on the records opened, a search or a list on the patients
        listed (a busy morning of searches must not block the next consultation),
        an export on both."""
        if event.action in OPENING_ACTIONS and event.action in LISTING_ACTIONS:
            return True
        if event.action in LISTING_ACTIONS:
            return window.startswith("listed")
        if event.action in OPENING_ACTIONS:
            return window.startswith(("opened", "records"))
        return True

    def _allowance(self, i: int, account: dict, peer: dict, installation: dict) -> float:
        """Window ``i``'s allowance: from the account's own past once it has one; in its
        first days from its practice's peers, its own first days bounding its listing
        over hours; in a young practice from the whole installation's recent days,
        never above the defaults (practices and roles mix there); in a fresh
        installation, the defaults."""
        policy = self.policy
        history = account["history"]
        if len(history) >= policy.mature_days:
            return min(policy.highest[i], max(policy.lowest[i], policy.own_factors[i] * account["own_peak"][i]))
        allowance = self._young_allowance(i, peer, installation)
        if history and i in _FIRST_DAYS_BOUNDED:
            busiest = max(day[i] for day in history)
            allowance = min(allowance, max(policy.lowest[i], policy.first_days_listing_factor * busiest))
        return allowance

    def _young_allowance(self, i: int, peer: dict, installation: dict) -> float:
        """What an account without a past of its own may do: its practice's peers'
        days, or the installation's, or the defaults."""
        policy = self.policy
        if len(peer["days"]) >= policy.peer_days_needed:
            learned, ceiling = policy.peer_factor * peer["p90"][i], policy.highest[i]
        elif len(installation["days"]) >= policy.peer_days_needed:
            learned, ceiling = policy.installation_factor * installation["p90"][i], policy.default[i]
        else:
            return policy.default[i]
        return min(ceiling, max(policy.lowest[i], learned))

    def _contain(self, event: AccessEvent, account: dict, found: _Assessment,
                 every_patient: bool = False) -> Decision:
        """Step-up, then throttle, then lock, as refused requests accumulate (containment.py)."""
        esc = account["esc"]
        account["refused_today"] = True
        if every_patient:
            unusual = explain.pending_known(esc["refusals"] if containment.in_episode(
                esc, event.epoch, self.policy) else 0)
        else:
            unusual = explain.what_is_unusual(found.window, found.count, found.allowance, found.contexts,
                                              pending=found.score <= 1.0)
        return containment.contain(esc, event, unusual, found.score, found.in_grace, self.policy,
                                   every_patient=every_patient, window_s=windows.span_s(found.window))
