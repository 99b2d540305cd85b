"""Synthetic access traces of French general practices, with attacks injected.

Deterministic for a given configuration (one ``random.Random(seed)``). The
figures and their sources are in README.md; every benign figure below is a
named field of :class:`SimulationConfig` so a variant can move them.

Output: EVENTS.jsonl in time order (spec/sentinel-replay.md, plus a ``query``
key on searches, which replay ignores unless present), and LABELS.jsonl with
one line per attacker event: ``{"line": n, "attack": id, "scenario": name,
"account": id}`` (n counts event lines from 1).
"""

from __future__ import annotations

import json
import math
import random
import string
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

PARIS_WINTER = timezone(timedelta(hours=1))
SCENARIOS = ("fast_scrape", "slow_low", "mimicry", "search_enum", "distributed", "new_address", "list_scrape")


@dataclass(frozen=True)
class SimulationConfig:
    practices: int = 10
    weeks: int = 4
    seed: int = 1
    start: date = date(2026, 1, 5)  # a Monday, winter time (UTC+1) throughout
    gps_per_practice: tuple[int, int] = (2, 4)
    patients_per_gp: int = 1700  # patients on a GP's list (médecin traitant)
    consultations_per_day: float = 22.0
    outside_opens_per_day: float = 9.0  # results, letters, prescriptions renewals
    evening_session_probability: float = 0.4
    evening_opens: float = 8.0
    saturday_probability: float = 0.3
    batch_probability: float = 0.3  # a day with a batch of renewals or lab results to go through
    batch_size: tuple[int, int] = (10, 25)
    holiday_week_probability: float = 0.25
    secretary_views_per_day: float = 45.0
    secretary_searches_per_day: float = 30.0
    secretary_lists_per_day: float = 4.0
    admin_views_per_day: float = 3.0
    mobile_session_probability: float = 0.05
    search_extra_results: tuple[int, int] = (0, 5)  # other patients a name search returns
    appointment_page: int = 25
    agent_change_per_week: float = 0.1
    attacks_per_scenario: int = 0  # 0: one per practice, at least 4
    attack_pace: float = 1.0  # > 1: attackers wait longer between requests

    @classmethod
    def variant(cls, name: str, **kwargs) -> "SimulationConfig":
        config = cls(**kwargs)
        if name == "busy":
            config = replace(config, consultations_per_day=28.0, outside_opens_per_day=15.0,
                             evening_opens=14.0, secretary_views_per_day=75.0,
                             secretary_searches_per_day=50.0, secretary_lists_per_day=6.0,
                             mobile_session_probability=0.12, batch_probability=0.5,
                             batch_size=(15, 40), attack_pace=2.0)
        elif name == "wide":
            # Broader screens: searches that return up to 25 patients, 50-row appointment
            # pages, evenings always from a new mobile address.
            config = replace(config, search_extra_results=(3, 25), appointment_page=50,
                             mobile_session_probability=1.0, evening_session_probability=0.6)
        return config


@dataclass
class Account:
    id: str
    practice: "Practice"
    role: str  # gp, locum, secretary, admin
    agent: str
    home_ip: str = ""
    home_agent: str = ""
    panel: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # patients it opened, for mimicry


@dataclass
class Practice:
    id: str
    number: int
    office_ip: str
    patients: list[str]
    accounts: list[Account] = field(default_factory=list)


class _Trace:
    def __init__(self) -> None:
        self.events: list[tuple[float, int, dict, dict | None]] = []

    def add(self, when: datetime, account: Account, action: str, label: dict | None = None,
            ip: str | None = None, agent: str | None = None, **fields) -> None:
        event = {"ts": when.isoformat(timespec="seconds"), "account": account.id,
                 "practice": account.practice.id, "action": action}
        event.update({k: v for k, v in fields.items() if v is not None})
        event["ip"] = ip or account.practice.office_ip
        event["agent"] = agent or account.agent
        self.events.append((when.timestamp(), len(self.events), event, label))
        if label is None and action == "view":
            account.history.append(fields["patient"])


class Simulator:
    def __init__(self, config: SimulationConfig) -> None:
        self.config = config
        self.rng = random.Random(config.seed)
        self.trace = _Trace()
        self.practices = [self._practice(i + 1) for i in range(config.practices)]
        self._victims: dict[str, list[date]] = {}
        self.days = [config.start + timedelta(days=d) for d in range(7 * config.weeks)]

    # -- population -------------------------------------------------------------------

    def _practice(self, number: int) -> Practice:
        rng, config = self.rng, self.config
        pid = f"p{number:02d}"
        gps = rng.randint(*config.gps_per_practice)
        size = gps * config.patients_per_gp + 300
        practice = Practice(pid, number, f"10.{number}.0.1", [f"{pid}-{k:06d}" for k in range(1, size + 1)])
        shuffled = practice.patients[:]
        rng.shuffle(shuffled)
        for g in range(gps):
            gp = Account(f"{pid}-gp{g + 1}", practice, "gp", f"ua-{pid}-gp{g + 1}-office",
                         home_ip=f"172.16.{number}.{g + 1}", home_agent=f"ua-{pid}-gp{g + 1}-home")
            gp.panel = shuffled[g * config.patients_per_gp:(g + 1) * config.patients_per_gp]
            # Visits per patient are heavily skewed (chronic patients many times a year).
            gp.weights = [rng.gammavariate(0.7, 1.0) for _ in gp.panel]
            practice.accounts.append(gp)
        practice.accounts.append(Account(f"{pid}-sec1", practice, "secretary", f"ua-{pid}-sec1"))
        practice.accounts.append(Account(f"{pid}-adm", practice, "admin", f"ua-{pid}-adm"))
        return practice

    def _at(self, day: date, hour: float) -> datetime:
        seconds = int(hour * 3600)
        return datetime(day.year, day.month, day.day, tzinfo=PARIS_WINTER) + timedelta(seconds=seconds)

    def _poisson(self, mean: float) -> int:
        # Knuth's method; means here are small.
        limit, k, p = math.exp(-mean), 0, 1.0
        while True:
            p *= self.rng.random()
            if p <= limit:
                return k
            k += 1

    # -- benign behaviour --------------------------------------------------------------

    def run(self) -> list[tuple[float, int, dict, dict | None]]:
        holidays = self._plan_holidays()
        for practice in self.practices:
            for day in self.days:
                todays_patients: list[str] = []
                for account in list(practice.accounts):
                    if account.role == "gp":
                        if (account.id, self._week(day)) in holidays:
                            locum = holidays[(account.id, self._week(day))]
                            self._clinician_day(locum, day, todays_patients, evening=False)
                        else:
                            self._clinician_day(account, day, todays_patients, evening=True)
                for account in practice.accounts:
                    if account.role == "secretary":
                        self._secretary_day(account, day, todays_patients)
                    elif account.role == "admin":
                        self._admin_day(account, day)
        self._inject_attacks()
        self.trace.events.sort(key=lambda e: (e[0], e[1]))
        return self.trace.events

    def _week(self, day: date) -> int:
        return (day - self.config.start).days // 7

    def _plan_holidays(self) -> dict:
        """A GP away for a week is replaced by a locum who starts on the Monday."""
        plan = {}
        for practice in self.practices:
            for gp in [a for a in practice.accounts if a.role == "gp"]:
                if self.config.weeks > 1 and self.rng.random() < self.config.holiday_week_probability:
                    week = self.rng.randint(1, self.config.weeks - 1)
                    locum = Account(f"{gp.id}-remplacant", practice, "locum", f"ua-{gp.id}-remplacant")
                    locum.panel, locum.weights = gp.panel, gp.weights
                    plan[(gp.id, week)] = locum
        return plan

    def _pick(self, account: Account) -> str:
        roll = self.rng.random()
        if roll < 0.03:
            return self.rng.choice(account.practice.patients)  # a colleague's patient, or a new one
        return self.rng.choices(account.panel, weights=account.weights)[0]

    def _clinician_day(self, account: Account, day: date, todays: list[str], evening: bool) -> None:
        rng, config, add = self.rng, self.config, self.trace.add
        weekday = day.weekday()
        if weekday == 6 or (weekday == 5 and rng.random() > config.saturday_probability):
            return
        saturday = weekday == 5
        if account.role == "gp" and rng.random() < config.agent_change_per_week / 5:
            account.agent = account.agent.split("#")[0] + f"#{rng.randint(1, 999)}"  # browser update
        start = 8.5 if not saturday else 9.0
        add(self._at(day, start - 0.3 + rng.random() * 0.1), account, "login")
        for _ in range(self._poisson(config.outside_opens_per_day * (0.4 if saturday else 1.0))):
            hour = rng.choice((7.8, 12.5, 18.8)) + rng.random() * 0.7
            add(self._at(day, hour), account, "view", patient=self._pick(account))
        if not saturday and rng.random() < config.batch_probability:
            # Lab results (HPRIM) or prescription renewals, read one after another.
            begin = rng.choice((8.0, 12.6, 19.0))
            for j in range(rng.randint(*config.batch_size)):
                add(self._at(day, begin + j * rng.uniform(0.5, 1.5) / 60), account, "view",
                    patient=self._pick(account))
        consultations = self._poisson(config.consultations_per_day * (0.4 if saturday else 1.0))
        hours = (4.0 if saturday else 9.0) * 60 / max(consultations, 1)
        for k in range(consultations):
            slot = start + k * hours / 60
            if not saturday and slot >= 12.5:
                slot += 1.5  # lunch break
            patient = self._pick(account)
            todays.append(patient)
            if rng.random() < 0.08:  # a search by name first
                results = [patient] + rng.sample(account.practice.patients, rng.randint(0, 3))
                add(self._at(day, slot - 0.01), account, "search", query=_name_query(rng), results=results)
            add(self._at(day, slot), account, "view", patient=patient)
            add(self._at(day, slot + (10 + rng.random() * 10) / 60), account, "update", patient=patient)
        if evening and not saturday and rng.random() < config.evening_session_probability:
            mobile = rng.random() < config.mobile_session_probability
            ip = f"100.64.{rng.randint(0, 255)}.{rng.randint(1, 254)}" if mobile else account.home_ip
            agent = account.home_agent
            begin = 20.5 + rng.random()
            add(self._at(day, begin), account, "login", ip=ip, agent=agent)
            for j in range(self._poisson(config.evening_opens)):
                patient = rng.choice(account.history[-200:]) if account.history and rng.random() < 0.6 \
                    else self._pick(account)
                when = self._at(day, begin + 0.02 + j * 0.05 + rng.random() * 0.03)
                add(when, account, "view", ip=ip, agent=agent, patient=patient)
                if rng.random() < 0.4:
                    add(when + timedelta(minutes=4), account, "update", ip=ip, agent=agent, patient=patient)

    def _secretary_day(self, account: Account, day: date, todays: list[str]) -> None:
        rng, config, add = self.rng, self.config, self.trace.add
        if day.weekday() >= 5:
            return
        practice = account.practice
        add(self._at(day, 7.9), account, "login")
        appointments = todays or rng.sample(practice.patients, 20)
        for _ in range(max(1, self._poisson(config.secretary_lists_per_day))):
            hour = 8 + rng.random() * 10
            page = sorted(rng.sample(appointments, min(config.appointment_page, len(appointments))))
            add(self._at(day, hour), account, "list", results=page)
        recent = account.history[-300:]
        for _ in range(self._poisson(config.secretary_searches_per_day)):
            hour = 8 + rng.random() * 10
            target = rng.choice(appointments) if rng.random() < 0.5 else rng.choice(practice.patients)
            results = [target] + rng.sample(practice.patients, rng.randint(*config.search_extra_results))
            add(self._at(day, hour), account, "search", query=_name_query(rng), results=results)
            if rng.random() < 0.7:
                add(self._at(day, hour + 0.005), account, "view", patient=target)
        for _ in range(self._poisson(config.secretary_views_per_day)):
            hour = 8 + rng.random() * 10
            roll = rng.random()
            if roll < 0.6:
                patient = rng.choice(appointments)
            elif roll < 0.8 and recent:
                patient = rng.choice(recent)
            else:
                patient = rng.choice(practice.patients)
            add(self._at(day, hour), account, "view", patient=patient)
            if rng.random() < 0.15:
                add(self._at(day, hour + 0.03), account, "update", patient=patient)

    def _admin_day(self, account: Account, day: date) -> None:
        rng, add = self.rng, self.trace.add
        if day.weekday() >= 5 or rng.random() < 0.3:
            return
        add(self._at(day, 9 + rng.random()), account, "login")
        for _ in range(self._poisson(self.config.admin_views_per_day)):
            add(self._at(day, 9 + rng.random() * 8), account, "view",
                patient=rng.choice(account.practice.patients))
        if rng.random() < 0.1:  # an unpaid-bills list, one page
            page = rng.sample(account.practice.patients, 15)
            add(self._at(day, 15 + rng.random()), account, "list", results=sorted(page))

    # -- attacks ----------------------------------------------------------------------

    def _inject_attacks(self) -> None:
        per_scenario = self.config.attacks_per_scenario or max(4, self.config.practices)
        workdays = [d for d in self.days if d.weekday() < 5]
        number = 0
        # The campaign over many accounts first, while unattacked accounts remain.
        for scenario in ("distributed", *[s for s in SCENARIOS if s != "distributed"]):
            count = max(2, per_scenario // 4) if scenario == "distributed" else per_scenario
            for _ in range(count):
                number += 1
                attack_id = f"{scenario}-{number:03d}"
                day = self.rng.choice(workdays[1:] if len(workdays) > 1 else workdays)
                getattr(self, f"_attack_{scenario}")(attack_id, day)

    def _victim(self, day: date, roles=("gp", "secretary")) -> Account:
        """An account not attacked yet, or else not within 5 days of ``day``: attacks never overlap."""
        candidates = [a for p in self.practices for a in p.accounts if a.role in roles]
        fresh = [a for a in candidates if a.id not in self._victims]
        if not fresh:
            fresh = [a for a in candidates
                     if all(abs((day - other).days) > 5 for other in self._victims[a.id])] or candidates
        victim = self.rng.choice(fresh)
        self._victims.setdefault(victim.id, []).append(day)
        return victim

    def _label(self, attack_id: str) -> dict:
        return {"attack": attack_id, "scenario": attack_id.rsplit("-", 1)[0]}

    def _unlock_next_morning(self, account: Account, when: datetime) -> None:
        admin = next(a for a in account.practice.accounts if a.role == "admin")
        morning = self._at((when + timedelta(days=1)).date(), 7.5)
        self.trace.add(morning, account, "unlock", ip=admin.practice.office_ip, agent=admin.agent)

    def _gap(self, low: float, high: float) -> timedelta:
        return timedelta(seconds=self.rng.uniform(low, high) * self.config.attack_pace)

    def _attacker_ip(self) -> str:
        return f"203.0.113.{self.rng.randint(1, 254)}"

    def _attack_fast_scrape(self, attack_id: str, day: date) -> None:
        rng, victim = self.rng, self._victim(day)
        label, ip = self._label(attack_id), self._attacker_ip()
        agent = victim.agent if rng.random() < 0.5 else "python-requests/2.31"
        when = self._at(day, rng.uniform(0, 23))
        patients = self._targets(victim.practice, 1500, sequential=rng.random() < 0.5)
        for patient in patients:
            self.trace.add(when, victim, "view", label, ip=ip, agent=agent, patient=patient)
            when += self._gap(0.3, 2.0)
        self._unlock_next_morning(victim, when)

    def _attack_slow_low(self, attack_id: str, day: date) -> None:
        """Malware on a practice workstation: the victim's address and browser, office hours."""
        victim, label = self._victim(day), self._label(attack_id)
        patients = iter(self._targets(victim.practice, 600, sequential=False))
        last = None
        for offset in range(3):
            current = day + timedelta(days=offset)
            if current.weekday() >= 5:
                continue
            when = self._at(current, 9 + self.rng.random())
            while when < self._at(current, 18):
                patient = next(patients, None)
                if patient is None:
                    break
                self.trace.add(when, victim, "view", label, patient=patient)
                last = when
                when += self._gap(60, 300)
        if last:
            self._unlock_next_morning(victim, last)

    def _attack_mimicry(self, attack_id: str, day: date) -> None:
        """Opens patients the account already knows, then widens little by little."""
        rng, victim, label = self.rng, self._victim(day, ("gp",)), self._label(attack_id)
        when = self._at(day, rng.uniform(9, 15))
        known = [p for p in victim.history if p] or victim.panel[:10]
        for _ in range(8):
            self.trace.add(when, victim, "view", label, patient=rng.choice(known))
            when += self._gap(120, 400)
        gap = 600.0
        targets = iter(rng.sample(victim.panel, 200) + self._targets(victim.practice, 300, sequential=False))
        for patient in targets:
            if rng.random() < 0.2:
                patient = rng.choice(known)
            self.trace.add(when, victim, "view", label, patient=patient)
            when += self._gap(gap * 0.7, gap * 1.3)
            gap = max(20.0, gap * 0.93)
        self._unlock_next_morning(victim, when)

    def _attack_search_enum(self, attack_id: str, day: date) -> None:
        rng, victim, label = self.rng, self._victim(day), self._label(attack_id)
        ip = self._attacker_ip() if rng.random() < 0.5 else victim.practice.office_ip
        when = self._at(day, rng.uniform(8, 20))
        queries = list(string.ascii_lowercase) + [a + b for a in "abcdefghlmnprst" for b in "aeiou"]
        queries += [f"{d:02d}/{m:02d}/19{y}" for y in range(40, 99) for m in (1, 6) for d in (1, 15)]
        for query in queries[:300]:
            results = rng.sample(victim.practice.patients, 20)
            self.trace.add(when, victim, "search", label, ip=ip, agent=victim.agent,
                           query=query, results=results)
            when += self._gap(2, 10)
        self._unlock_next_morning(victim, when)

    def _attack_distributed(self, attack_id: str, day: date) -> None:
        """One actor, credentials of many accounts in many practices, a few cloud addresses."""
        rng, label = self.rng, self._label(attack_id)
        ips = [self._attacker_ip() for _ in range(2)]
        victims = []
        for practice in rng.sample(self.practices, min(len(self.practices), rng.randint(5, 10))):
            gps = [a for a in practice.accounts if a.role == "gp" and a.id not in self._victims] or \
                [a for a in practice.accounts if a.role == "gp"]
            victims += rng.sample(gps, min(len(gps), 2))
        for victim in victims:
            self._victims.setdefault(victim.id, []).append(day)
        when = self._at(day, rng.uniform(8, 12))
        for victim in victims:
            for patient in self._targets(victim.practice, rng.randint(40, 80), sequential=False):
                self.trace.add(when, victim, "view", label, ip=rng.choice(ips),
                               agent="Mozilla/5.0 (X11; Linux x86_64)", patient=patient)
                when += self._gap(5, 20)
            self._unlock_next_morning(victim, when)

    def _attack_new_address(self, attack_id: str, day: date) -> None:
        """A stolen session cookie replayed from elsewhere: same browser, new address."""
        rng, victim, label = self.rng, self._victim(day), self._label(attack_id)
        ip = f"198.51.100.{rng.randint(1, 254)}"
        when = self._at(day, rng.choice((rng.uniform(9, 17), rng.uniform(19, 23))))
        for patient in self._targets(victim.practice, 600, sequential=False):
            self.trace.add(when, victim, "view", label, ip=ip, agent=victim.agent, patient=patient)
            when += self._gap(5, 30)
        self._unlock_next_morning(victim, when)

    def _attack_list_scrape(self, attack_id: str, day: date) -> None:
        rng, victim, label = self.rng, self._victim(day), self._label(attack_id)
        when = self._at(day, rng.uniform(8, 20))
        roster = victim.practice.patients
        for page in range(min(80, len(roster) // 25)):
            self.trace.add(when, victim, "list", label, results=roster[page * 25:(page + 1) * 25])
            when += self._gap(2, 20)
        self._unlock_next_morning(victim, when)

    def _targets(self, practice: Practice, count: int, sequential: bool) -> list[str]:
        count = min(count, len(practice.patients))
        if sequential:
            start = self.rng.randrange(len(practice.patients) - count + 1)
            return practice.patients[start:start + count]
        return self.rng.sample(practice.patients, count)


def _name_query(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "".join(rng.choice(letters) for _ in range(rng.randint(3, 6)))


def write_trace(config: SimulationConfig, events_path: str, labels_path: str) -> tuple[int, int]:
    """Write the events and the labels; returns (events, attacker events)."""
    events = Simulator(config).run()
    attacker = 0
    with open(events_path, "w", encoding="utf-8") as out, open(labels_path, "w", encoding="utf-8") as labels:
        for line, (_, _, event, label) in enumerate(events, start=1):
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
            if label is not None:
                attacker += 1
                labels.write(json.dumps({"line": line, **label, "account": event["account"]}) + "\n")
    return len(events), attacker
