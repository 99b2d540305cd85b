#!/usr/bin/env python3
"""Independent trace generator for the access sentinel (robustness benchmark).

    python bench/alt_traces.py --practices 10 --weeks 4 --seed 1 \\
        -o EVENTS.jsonl --labels LABELS.jsonl

Writes a stream of record accesses in the format of
``spec/sentinel-replay.md`` (one JSON object a line, global time order, ``ts``
in Europe/Paris local time with its +01:00/+02:00 offset) and, apart, one
label line per attacker event::

    {"line": N, "attack": "atk-007", "scenario": "slow_low", "account": "cab03-u04"}

where N is the 1-based line of the event in EVENTS.jsonl.  Standard library
only; the same seed gives the same bytes.

It was written without looking at the sentinel or at the project's own
simulator, from the replay spec and the issue text only, so that the benchmark
also sees traffic that was not shaped by the detector's assumptions.

Modelling of legitimate traffic
-------------------------------
* Practices of several kinds, cycled so that every kind appears: solo GP
  (sometimes with a remote secretarial service working from home), group GP
  practice (2-6 GPs, secretaries, sometimes a nurse and a shared reception
  workstation), paediatrics (short consultations, siblings seen together),
  psychiatry (10-12 consultations of 45 minutes, small recurrent patient list)
  and "maison de sante" (GPs, nurses, a physiotherapist, two secretaries, a
  shared reception account, a weekly coordination meeting).
* Patients: each clinician has a list ("patientele") of realistic size (a GP
  ~1,400-1,800 patients, heterogeneous visit rates drawn from a gamma law so
  that chronic patients come back often); the practice also holds archived
  records nobody opens any more.  Ids are registration-ordered strings
  ``cabNN-PNNNNNN``; surnames follow a Zipf law over common French names plus a
  long tail, so name-prefix searches return realistic result sets (capped at
  the software's page, 20-30 rows).
* Clinicians: part-time weekly patterns, Monday peaks, consultations that run
  late, no-shows, the agenda list at the start of each half-day, searches by
  name, re-opening a record during the consultation, siblings/spouses,
  phone calls between consultations, lab-result batches at lunch and in the
  evening, home visits from a mobile network, evening work from home (some
  GPs prepare the next day's 20-30 records), Saturday morning rotas, sick
  days covered by colleagues, 1-week holidays replaced by a locum who arrives
  on a Monday (new account, often his own laptop), a doctor back from 3 weeks
  of holidays who catches up on ~100 records, a new GP joining the practice
  mid-trace (new account, knows no patient, searches a lot).
* Secretaries: phone bookings (searches by name with type-ahead: "du",
  "dup", "dupo"), many short views, new patient registrations, mail and lab
  letter filing (view + update), patient check-in, agenda lists, end-of-month
  billing lists (pages of 50 rows), vaccination recall campaigns (long lists,
  then dozens of records opened).  A shared reception account is used by
  several people on one workstation and checks in the patients of every
  doctor.
* Nurses (home rounds from a mobile carrier, changing IP every session),
  physiotherapists (courses of 10-20 sessions), practice administrators
  (rare logins, monthly export, a few data-correction views, unlocks).
* Network: practice NAT address (some practices fail over to a backup line),
  home ISP addresses that are renumbered from time to time, mobile CGNAT
  addresses changing every session, some doctors on a VPN.  User agents are
  per device (office PC, home laptop, phone, locum's Mac) and change with
  browser releases (Chrome, Edge, Firefox, Safari), each device picking up the
  update a few days after release; some office PCs run a frozen ESR browser.
* Calendar: French public holidays (Easter Monday falls in the default
  window) and the daylight-saving change (the default window crosses the last
  Sunday of March).

Attacks (injected into the benign weeks, about 1.75 per practice-week)
-----------------------------------------------------------------------
fast_scrape      stolen session, a script opening records by sequential id,
                 random order or list+view, 0.2-2 s per request, day or night
slow_low         during the victim's working hours, one record every 1-5 min,
                 over several days, often from the victim's own workstation;
                 searches the patient's name first for 10 % of the records
                 (--slow-search)
mimicry          opens patients the victim saw recently, then widens to the
                 victim's list and the whole practice while speeding up
search_enum      searches "a", "b", ..., then birth dates day after day
search_2letter   searches only, 2-letter prefixes (refined to 3 letters when a
                 prefix hits the result cap)
list_bigpage     pagination of the patient directory with 200-1000 rows a page
distributed      one attacker with credentials of 6-20 accounts of 3-8
                 practices, a few dozen records per account
new_address      stolen session (victim's user agent) used from a new address
                 (foreign VPN, French residential proxy, mobile)
pause_resume     bursts of 20-80 records separated by pauses of 1-8 h, days
same_panel       reads only patients of the victim's own list (or of one
                 doctor, for a secretary), at human pace in office hours
night_only       active only between 00:30 and 05:00 on several nights

Attackers never or rarely write (`update`); they do not react to the
sentinel's decisions (the trace is fixed), so exposure is what a detector
lets through before containment.  After each attack the practice
administrator unlocks every victim account at 08:00 the next morning
(whatever the sentinel decided).

Assumptions worth knowing: times are at one-second resolution; a search
returns at most one page (no pagination of search results); `login` is
emitted when a person starts a session (a stolen session cookie needs none);
the `unlock` event carries the administrator's address and agent.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import random
import string
import sys
from datetime import date, datetime, time, timedelta

# --------------------------------------------------------------------------
# calendar and time zone (Europe/Paris without tzdata)


def last_sunday(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    last = first_next - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def paris_offset(local: datetime) -> int:
    start = datetime.combine(last_sunday(local.year, 3), time(2))
    end = datetime.combine(last_sunday(local.year, 10), time(3))
    return 2 if start <= local < end else 1


def normalize(local: datetime) -> datetime:
    """Moves a local time that does not exist (spring forward) one hour on."""
    start = datetime.combine(last_sunday(local.year, 3), time(2))
    if start <= local < start + timedelta(hours=1):
        return local + timedelta(hours=1)
    return local


EPOCH = datetime(2000, 1, 1)
# Share of a slow reader's records it first finds by a name search (--slow-search).
SLOW_SEARCH_SHARE = 0.1


def utc_seconds(local: datetime) -> float:
    return (local - EPOCH).total_seconds() - 3600 * paris_offset(local)


def iso(local: datetime) -> str:
    off = paris_offset(local)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"+0{off}:00"


def easter(year: int) -> date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def public_holidays(year: int) -> set[date]:
    e = easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    days = {date(year, m, d) for m, d in fixed}
    days |= {e + timedelta(days=1), e + timedelta(days=39), e + timedelta(days=50)}
    return days


def at(day: date, minutes: float) -> datetime:
    return datetime.combine(day, time(0)) + timedelta(minutes=minutes)


def is_last_days_of_month(day: date, n: int, holidays: set[date]) -> bool:
    """True on the last n working days of the month."""
    d, count = day, 0
    while d.month == day.month:
        if d.weekday() < 5 and d not in holidays:
            count += 1
        d += timedelta(days=1)
    return day.weekday() < 5 and day not in holidays and count <= n


# --------------------------------------------------------------------------
# names

COMMON = (
    "martin bernard thomas petit robert richard durand dubois moreau laurent simon michel lefebvre "
    "leroy roux david bertrand morel fournier girard bonnet dupont lambert fontaine rousseau vincent "
    "muller lefevre faure andre mercier blanc guerin boyer garnier chevalier francois legrand gauthier "
    "garcia perrin robin clement morin nicolas henry roussel mathieu gautier masson marchand duval denis "
    "dumont marie lemaire noel meyer dufour meunier brun blanchard giraud joly riviere lucas brunet "
    "gaillard barbier arnaud martinez gerard roche renard schmitt roy leroux colin vidal caron picard "
    "roger fabre aubert lemoine renaud dumas lacroix olivier philippe bourgeois pierre benoit rey "
    "leclerc payet rolland leclercq guillaume lecomte lopez jean dupuy guillot hubert berger carpentier "
    "sanchez dupuis moulin louis deschamps huet vasseur perez boucher fleury royer klein jacquet adam "
    "paris poirier marty aubry guyot carre charles renault charpentier menard maillard baron bertin "
    "bailly herve schneider fernandez legall collet leger bouvier julien prevost millet perrot daniel "
    "cousin germain breton besson langlois remy legoff pelletier leveque perrier leblanc barre lebrun "
    "marchal weber mallet hamon boulanger jacob monnier michaud rodriguez guichard gillet etienne "
    "grondin poulain tessier chevallier collin chauvin dasilva bouchet gay lemaitre benard marechal "
    "humbert reynaud antoine hoarau perret barthelemy cordier pichon lejeune gilbert lamy delaunay "
    "pasquier carlier laporte nguyen benali diallo traore haddad kone cohen mendes ferreira rossi "
    "silva yilmaz tran bensaid martins ouali kaya pereira ribeiro"
).split()

ONSETS = ["b", "br", "ch", "d", "f", "g", "gr", "j", "l", "m", "n", "p", "r", "s", "t", "v", "c", "h", "k", "z", "w", "y"]
VOWELS = ["a", "e", "i", "o", "ou", "au", "ai", "ie", "u", "eu", "y"]
CODAS = ["", "n", "r", "l", "t", "s", "x", "d", "ux", "ot", "et", "and", "ier", "in", "on", "ard", "eau", "ault", "ac"]


def rare_surname(rng: random.Random) -> str:
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(rng.randint(1, 3))]
    return "".join(parts) + rng.choice(CODAS)


# --------------------------------------------------------------------------
# network addresses and user agents

PRACTICE_NETS = ["82.64", "90.12", "86.245", "78.192", "92.154", "109.7", "176.161", "5.51", "88.160", "80.12"]
HOME_NETS = ["82.65", "90.35", "86.210", "78.193", "92.137", "109.190", "176.144", "2.7", "88.123", "81.57"]
MOBILE_NETS = ["37.166", "37.171", "92.184", "176.142", "80.214", "89.84", "37.65"]
VPN_NETS = ["185.159.157", "146.70.42", "194.187.251", "45.87.213", "89.40.206", "212.102.40"]
HOSTING_NETS = ["45.134.140", "185.220.101", "193.35.18", "5.188.62", "103.251.167", "91.92.109", "162.247.74", "51.15.43"]


def ip_in(rng: random.Random, prefix: str) -> str:
    octets = prefix.split(".")
    while len(octets) < 4:
        octets.append(str(rng.randint(1, 254)))
    return ".".join(octets)


def chrome_major(day: date) -> int:
    return 146 + math.floor((day - date(2026, 3, 24)).days / 28)


def firefox_major(day: date) -> int:
    return 149 + math.floor((day - date(2026, 3, 31)).days / 28)


def safari_minor(day: date) -> int:
    return 4 if day >= date(2026, 3, 30) else 3


class Device:
    """A browser on a device; its agent string follows browser releases."""

    def __init__(self, rng: random.Random, kind: str):
        self.kind = kind
        self.lag = rng.choice([0, 0, 1, 1, 2, 3, 4, 6, 9, 14])
        self.frozen = None
        if kind == "office":
            self.family = rng.choices(["chrome", "firefox", "edge", "esr"], [50, 15, 25, 10])[0]
            self.os = rng.choice(["Windows 10", "Windows 11", "Windows 11"])
        elif kind == "mac":
            self.family = rng.choice(["safari", "chrome"])
            self.os = "macOS 15"
        elif kind == "home":
            self.family = rng.choices(["chrome", "firefox", "edge", "safari"], [45, 20, 15, 20])[0]
            self.os = "macOS 15" if self.family == "safari" else rng.choice(["Windows 11", "Windows 10", "Linux"])
        elif kind == "phone":
            self.family = rng.choice(["safari", "chrome"])
            self.os = "iOS 19" if self.family == "safari" else "Android 15"
        else:  # tablet
            self.family = "safari"
            self.os = "iPadOS 19"
        if self.family == "esr":
            self.frozen = f"Firefox/140.{rng.randint(6, 9)}esr ({self.os})"

    def agent(self, day: date) -> str:
        if self.frozen:
            return self.frozen
        d = day - timedelta(days=self.lag)
        if self.family == "chrome":
            return f"Chrome/{chrome_major(d)}.0 ({self.os})"
        if self.family == "edge":
            return f"Edg/{chrome_major(d - timedelta(days=3))}.0 ({self.os})"
        if self.family == "firefox":
            return f"Firefox/{firefox_major(d)}.0 ({self.os})"
        return f"Safari/19.{safari_minor(d)} ({self.os})"


ATTACKER_AGENTS = [
    "python-requests/2.32.3",
    "curl/8.11.1",
    "HeadlessChrome/{c}.0 (Linux)",
    "Chrome/{c}.0 (Windows 10)",
    "Firefox/{f}.0 (Linux)",
    "Go-http-client/1.1",
]


def attacker_agent(rng: random.Random, day: date) -> str:
    return rng.choice(ATTACKER_AGENTS).format(c=chrome_major(day), f=firefox_major(day))


# --------------------------------------------------------------------------
# the trace


class Trace:
    def __init__(self):
        self.events: list[tuple[float, int, dict, tuple | None]] = []
        self.seq = 0

    def add(self, dt, acc, action, patient=None, results=None, ip="", agent="", label=None):
        dt = normalize(dt)
        pr = acc.practice
        ev = {"ts": iso(dt), "account": acc.id, "practice": pr.id, "action": action}
        if patient is not None:
            ev["patient"] = pr.pids[patient]
        if results is not None:
            ev["results"] = [pr.pids[i] for i in results]
        ev["ip"] = ip
        ev["agent"] = agent
        self.seq += 1
        self.events.append((utc_seconds(dt), self.seq, ev, label))
        if label is None and action != "unlock":
            acc.history.append((dt, patient if action in ("view", "update") else None, ip, agent))
        return dt

    def write(self, events_path, labels_path):
        self.events.sort(key=lambda e: (e[0], e[1]))
        n_attack = 0
        with open(events_path, "w", encoding="utf-8") as out, open(labels_path, "w", encoding="utf-8") as lab:
            for number, (_, _, ev, label) in enumerate(self.events, start=1):
                out.write(json.dumps(ev) + "\n")
                if label is not None:
                    n_attack += 1
                    lab.write(json.dumps({"line": number, "attack": label[0], "scenario": label[1], "account": ev["account"]}) + "\n")
        return len(self.events), n_attack


# --------------------------------------------------------------------------
# practices, patients, accounts


class Practice:
    def __init__(self, pid: str, kind: str, rng: random.Random):
        self.id, self.kind = pid, kind
        self.pids: list[str] = []
        self.surname: list[str] = []
        self.birth: list[int] = []
        self.accounts: list[Account] = []
        self.nat = ip_in(rng, rng.choice(PRACTICE_NETS))
        self.backup = ip_in(rng, rng.choice(MOBILE_NETS + PRACTICE_NETS)) if rng.random() < 0.2 else None
        self.backup_days: set[date] = set()
        self.page = rng.choice([10, 20, 20, 50])
        self.search_cap = rng.choice([20, 25, 30, 30])
        self.admin: Account | None = None
        self.plans: dict[tuple[str, date], list] = {}
        self._index = None
        names = list(COMMON)
        self.name_weights = [1 / (r + 1) ** 0.8 for r in range(len(names))]
        self.names = names
        self.tail = [rare_surname(rng) for _ in range(400)]

    def new_patient(self, rng: random.Random, age_range=(0, 95)) -> int:
        idx = len(self.pids)
        self.pids.append(f"{self.id}-P{idx + 1:06d}")
        if rng.random() < 0.6:
            name = rng.choices(self.names, self.name_weights)[0]
        else:
            name = rng.choice(self.tail)
        self.surname.append(name)
        age = rng.uniform(*age_range)
        born = date(2026, 3, 1) - timedelta(days=int(age * 365.25))
        self.birth.append(born.toordinal())
        if self._index is not None:  # keep the search index up to date
            names, order, by_birth = self._index
            pos = bisect.bisect_right(names, name)
            names.insert(pos, name)
            order.insert(pos, idx)
            by_birth.setdefault(self.birth[idx], []).append(idx)
        return idx

    def index(self):
        if self._index is None:
            order = sorted(range(len(self.pids)), key=lambda i: (self.surname[i], self.birth[i], i))
            by_birth: dict[int, list[int]] = {}
            for i in order:
                by_birth.setdefault(self.birth[i], []).append(i)
            self._index = ([self.surname[i] for i in order], order, by_birth)
        return self._index

    def search(self, prefix: str) -> list[int]:
        names, order, _ = self.index()
        lo = bisect.bisect_left(names, prefix)
        hi = bisect.bisect_left(names, prefix + "{")
        return order[lo:min(hi, lo + self.search_cap)]

    def search_birth(self, ordinal: int) -> list[int]:
        return self.index()[2].get(ordinal, [])[: self.search_cap]

    def directory_page(self, offset: int, size: int) -> list[int]:
        return self.index()[1][offset:offset + size]

    def legit_search(self, rng: random.Random, target: int, typeahead: bool) -> list[tuple[str, list[int]]]:
        """The searches a person types to find `target`: [(query, results)]."""
        name = self.surname[target]
        k = min(len(name), rng.choice([2, 3, 3, 4, 5]) if typeahead else rng.choice([3, 4, 4, 5, 6]))
        out = []
        while True:
            res = self.search(name[:k])
            out.append((name[:k], res))
            if target in res or k >= len(name):
                break
            k += 1 if typeahead else 2
            k = min(k, len(name))
        if target not in out[-1][1]:
            # name fully typed, too many homonyms: refine by birth year
            year = date.fromordinal(self.birth[target]).year
            names, order, _ = self.index()
            homonyms = order[bisect.bisect_left(names, name):bisect.bisect_right(names, name)]
            same = [i for i in homonyms if date.fromordinal(self.birth[i]).year == year]
            out.append((name + str(year), same[: self.search_cap]))
        if not typeahead:
            out = out[-1:] if rng.random() < 0.8 else out
        return out


class Account:
    def __init__(self, aid: str, practice: Practice, role: str, rng: random.Random):
        self.id, self.practice, self.role = aid, practice, role
        self.rng = rng
        self.office = Device(rng, "office")
        self.home = Device(rng, "home")
        self.phone = Device(rng, "phone")
        self.laptop = self.home
        self.home_ip = ip_in(rng, rng.choice(HOME_NETS))
        self.home_ip_day: date | None = None
        self.vpn = ip_in(rng, rng.choice(VPN_NETS)) if rng.random() < 0.12 else None
        self.history: list = []
        self.first_day: date | None = None
        self.last_day: date | None = None
        self.off: set[date] = set()
        self.schedule: dict[int, list[tuple[int, int]]] = {}
        self.panel: list[int] = []
        self.cum: list[float] = []
        self.traits: set[str] = set()
        self.per_day = 22
        self.consult_min = 17
        self.replaces: Account | None = None
        self.saturdays: set[date] | None = None  # Saturday rota: the Saturdays on duty

    def set_panel(self, panel: list[int], rng: random.Random, shape: float = 0.6):
        self.panel = panel
        acc_w, total = [], 0.0
        for _ in panel:
            total += rng.gammavariate(shape, 1.0)
            acc_w.append(total)
        self.cum = acc_w

    def pick(self, rng: random.Random) -> int:
        return rng.choices(self.panel, cum_weights=self.cum)[0]

    def works(self, day: date) -> bool:
        if self.first_day and day < self.first_day:
            return False
        if self.last_day and day > self.last_day:
            return False
        if day in self.off:
            return False
        if day.weekday() == 5 and self.saturdays is not None:
            return day in self.saturdays
        return bool(self.schedule.get(day.weekday()))

    def office_ctx(self, day: date, device: Device | None = None):
        pr = self.practice
        ip = pr.backup if day in pr.backup_days else pr.nat
        return ip, (device or self.office).agent(day)

    def home_ctx(self, day: date):
        if self.vpn:
            return self.vpn, self.laptop.agent(day)
        if self.home_ip_day != day:
            if self.home_ip_day is not None and self.rng.random() < 0.04:
                self.home_ip = ip_in(self.rng, self.home_ip.rsplit(".", 2)[0])
            self.home_ip_day = day
        return self.home_ip, self.laptop.agent(day)

    def mobile_ctx(self, day: date, rng: random.Random):
        return ip_in(rng, rng.choice(MOBILE_NETS[:3])), self.phone.agent(day)

    def clinician(self) -> bool:
        return self.role in ("gp", "paed", "psy", "nurse", "physio", "locum")


FULL = [(8 * 60 + 30, 12 * 60 + 15), (14 * 60, 19 * 60)]


def weekly(rng: random.Random, role: str) -> dict[int, list[tuple[int, int]]]:
    s = lambda a, b: (int(a * 60 + rng.randint(-15, 15)), int(b * 60 + rng.randint(-20, 30)))  # noqa: E731
    if role in ("gp", "locum"):
        day = [s(8.5, 12.25), s(14, 19)]
        sched = {d: day for d in range(5)}
        r = rng.random()
        if r < 0.25:
            del sched[2]  # Wednesday off
        elif r < 0.35:
            del sched[4]
            sched[2] = [day[0]]
        elif r < 0.45:
            del sched[0]
            del sched[2]
        if rng.random() < 0.3:
            sched[rng.choice(list(sched))] = [day[0], (day[1][0], 20 * 60 + 30)]  # evening consultations
        return sched
    if role == "paed":
        return {d: [s(8.75, 12.5), s(14, 18.5)] for d in (0, 1, 2, 3, 4) if not (d == 2 and rng.random() < 0.5)}
    if role == "psy":
        days = rng.sample(range(5), rng.choice([3, 4, 5]))
        return {d: [s(9, 13), s(14, 19.5)] for d in days}
    if role == "nurse":
        return {d: [s(7, 11.5), s(16.5, 18.5)] for d in range(6) if d < 5 or rng.random() < 0.5}
    if role == "physio":
        return {d: [s(8.5, 12.5), s(14, 19.5)] for d in range(5) if not (d == 3 and rng.random() < 0.4)}
    if role in ("secretary", "reception"):
        part = rng.random() < 0.3
        return {d: [s(8, 12.5)] + ([] if part else [s(13.5, 18)]) for d in range(5)}
    if role == "remote_secretary":
        return {d: [s(8.5, 12), s(14, 17.5)] for d in range(5)}
    if role == "admin":
        return {d: [s(9.5, 10.5)] for d in rng.sample(range(5), 2)}
    return {}


# --------------------------------------------------------------------------
# building the world


class World:
    def __init__(self, args):
        self.rng = random.Random(f"{args.seed}:world")
        self.seed = args.seed
        self.slow_search = getattr(args, "slow_search", SLOW_SEARCH_SHARE)  # alt_breakdown.py omits it
        self.start = args.start
        self.days = [self.start + timedelta(days=i) for i in range(7 * args.weeks)]
        self.end = self.days[-1]
        self.holidays = set()
        for y in {d.year for d in self.days}:
            self.holidays |= public_holidays(y)
        self.practices: list[Practice] = []
        kinds = ["solo_gp", "group_gp", "paediatrics", "msp", "psychiatry", "group_gp", "solo_gp", "group_gp", "msp", "solo_gp"]
        self.rng.shuffle(kinds)
        for n in range(args.practices):
            pr = Practice(f"cab{n + 1:02d}", kinds[n % len(kinds)], random.Random(f"{args.seed}:practice:{n}"))
            self.build(pr, random.Random(f"{args.seed}:build:{n}"))
            self.practices.append(pr)
        self.force_life_events()

    def workdays(self, acc: Account):
        return [d for d in self.days if d not in self.holidays and acc.works(d)]

    def add_account(self, pr: Practice, role: str, rng: random.Random) -> Account:
        acc = Account(f"{pr.id}-u{len(pr.accounts) + 1:02d}", pr, role, rng)
        acc.schedule = weekly(rng, role)
        pr.accounts.append(acc)
        return acc

    def build(self, pr: Practice, rng: random.Random):
        kind = pr.kind
        if kind == "solo_gp":
            roles = ["gp"] + (["secretary"] if rng.random() < 0.5 else ["remote_secretary"] if rng.random() < 0.5 else [])
        elif kind == "group_gp":
            n = rng.randint(2, 6)
            roles = ["gp"] * n + ["secretary"] * max(1, n // 2)
            roles += ["reception"] if rng.random() < 0.4 else []
            roles += ["nurse"] if rng.random() < 0.3 else []
        elif kind == "paediatrics":
            roles = ["paed"] * rng.randint(1, 2) + ["secretary"]
        elif kind == "psychiatry":
            roles = ["psy"] * rng.randint(1, 2) + (["secretary"] if rng.random() < 0.5 else [])
        else:  # msp
            roles = ["gp"] * rng.randint(3, 5) + ["nurse", "nurse", "physio", "secretary", "secretary", "reception"]
        rng.shuffle(roles)
        roles.append("admin")
        for role in roles:
            acc = self.add_account(pr, role, rng)
            if role == "admin":
                pr.admin = acc
            if role == "remote_secretary":
                acc.office = acc.home  # works from home
        # patients: clinician lists, then nurses/physio drawing on them, then archives
        for acc in pr.accounts:
            if acc.role == "gp":
                size = rng.randint(1400, 1800) * (0.7 if len(acc.schedule) < 5 else 1)
                acc.set_panel([pr.new_patient(rng) for _ in range(int(size))], rng)
                acc.per_day, acc.consult_min = max(14, int(rng.gauss(22, 3))), rng.choice([15, 15, 17, 20])
            elif acc.role == "paed":
                acc.set_panel([pr.new_patient(rng, (0, 17)) for _ in range(rng.randint(2000, 2800))], rng)
                acc.per_day, acc.consult_min = rng.randint(24, 30), 15
            elif acc.role == "psy":
                acc.set_panel([pr.new_patient(rng, (16, 80)) for _ in range(rng.randint(150, 350))], rng, shape=2.0)
                acc.per_day, acc.consult_min = rng.randint(9, 12), 45
        base = list(range(len(pr.pids)))
        for acc in pr.accounts:
            if acc.role == "nurse":
                own = [pr.new_patient(rng, (40, 95)) for _ in range(rng.randint(40, 120))]
                acc.set_panel(own + rng.sample(base, min(len(base), 300)), rng, shape=0.4)
                acc.per_day, acc.consult_min = rng.randint(14, 22), 15
                acc.traits.add("rounds")
            elif acc.role == "physio":
                own = [pr.new_patient(rng, (10, 90)) for _ in range(rng.randint(150, 300))]
                acc.set_panel(own + rng.sample(base, min(len(base), 200)), rng, shape=1.5)
                acc.per_day, acc.consult_min = rng.randint(14, 18), 30
        for _ in range(int(len(pr.pids) * rng.uniform(0.2, 0.5))):
            pr.new_patient(rng)  # archived records (moved away, deceased)
        if not any(a.clinician() for a in pr.accounts):
            raise AssertionError("practice without clinician")
        if pr.backup:
            pr.backup_days = {d for d in self.days if rng.random() < 0.08}
        for acc in pr.accounts:
            if acc.role in ("gp", "paed", "psy"):
                acc.traits |= {t for t, p in (("evening_prep", 0.25), ("evening", 0.35), ("home_visits", 0.4)) if rng.random() < p}
                if rng.random() < 0.04:
                    acc.off |= {d for d in self.days if d.weekday() < 5 and rng.random() < 0.03}
            if kind in ("group_gp", "msp") and acc.role == "gp":
                acc.traits.add("saturday_rota")
            if kind == "solo_gp" and acc.role == "gp" and rng.random() < 0.4:
                acc.schedule[5] = [(8 * 60 + 30, 12 * 60)]
            # occasional sick days
            for d in self.days:
                if d.weekday() < 5 and rng.random() < 0.012:
                    acc.off.add(d)

    def force_life_events(self):
        """Holidays with locums, a return from 3 weeks off, a new GP joining."""
        rng = random.Random(f"{self.seed}:life")
        mondays = [d for d in self.days if d.weekday() == 0]
        gps = [a for pr in self.practices for a in pr.accounts if a.role in ("gp", "paed", "psy")]
        rng.shuffle(gps)
        n = len(gps)
        used = set()
        # one-week holidays (about 15% of doctors), most with a locum arriving on Monday
        for acc in gps[: max(1, int(n * 0.15))]:
            if len(mondays) < 2:
                break
            monday = rng.choice(mondays[1:])
            week = {monday + timedelta(days=i) for i in range(7)}
            acc.off |= week
            used.add(acc.id)
            if rng.random() < 0.7:
                self.add_locum(acc, monday, monday + timedelta(days=6), rng)
        # back from three weeks of holidays
        for acc in [a for a in gps if a.id not in used][: max(1, n // 12)]:
            back = rng.choice(mondays[1:3] or mondays)
            acc.first_day = back
            acc.traits.add("returning")
            used.add(acc.id)
            if rng.random() < 0.5 and back > self.start:
                self.add_locum(acc, self.start, back - timedelta(days=1), rng)
        # a new GP joins a group practice
        groups = [pr for pr in self.practices if pr.kind in ("group_gp", "msp")]
        for pr in rng.sample(groups, min(len(groups), max(1, len(self.practices) // 8))):
            if len(mondays) < 2:
                break
            rng2 = random.Random(f"{self.seed}:newgp:{pr.id}")
            acc = self.add_account(pr, "gp", rng2)
            acc.first_day = rng2.choice(mondays[1:])
            colleagues = [a for a in pr.accounts if a.role == "gp" and a is not acc]
            transferred = [p for a in colleagues for p in rng2.sample(a.panel, len(a.panel) // 8)]
            acc.set_panel(transferred, rng2)
            acc.per_day, acc.consult_min = 16, 20
            acc.traits.add("newcomer")

    def add_locum(self, absent: Account, first: date, last: date, rng: random.Random):
        pr = absent.practice
        loc = self.add_account(pr, "locum", random.Random(f"{self.seed}:locum:{absent.id}"))
        loc.first_day, loc.last_day = first, last
        while loc.first_day.weekday() != 0 and loc.first_day < last:
            loc.first_day += timedelta(days=1)  # a locum arrives on a Monday
        loc.schedule = {d: v for d, v in absent.schedule.items() if d < 5}
        loc.set_panel(absent.panel, rng)
        loc.cum = absent.cum
        loc.per_day, loc.consult_min = absent.per_day + rng.randint(0, 4), absent.consult_min
        loc.replaces = absent
        if rng.random() < 0.6:
            loc.office = Device(rng, "mac")  # his own laptop on the practice network
        else:
            loc.office = absent.office  # the practice desktop
        loc.traits.add("locum")


# --------------------------------------------------------------------------
# legitimate activity


def jitter(rng: random.Random, minutes: float, spread: float = 0.35) -> float:
    return max(0.5, rng.lognormvariate(math.log(minutes), spread))


def plan_day(world: World, acc: Account, day: date, rng: random.Random):
    """The consultations of a clinician: [(start datetime, patient, minutes)]."""
    plan = []
    blocks = acc.schedule.get(day.weekday(), [])
    per_day = acc.per_day * (1.2 if day.weekday() == 0 else 1.0)
    if acc.traits & {"newcomer"}:
        weeks_in = (day - acc.first_day).days // 7
        per_day = min(acc.per_day, 8 + 5 * weeks_in)
    total_minutes = sum(b - a for a, b in blocks) or 1
    pr = acc.practice
    for a, b in blocks:
        n = max(1, round(per_day * (b - a) / total_minutes))
        slot = (b - a) / n
        t = a + rng.uniform(0, 10)
        for _ in range(n):
            if rng.random() < 0.06:  # no-show
                t += slot
                continue
            if rng.random() < 0.05 and acc.role in ("gp", "paed", "locum"):
                p = pr.new_patient(rng, (0, 17) if acc.role == "paed" else (0, 90))
            elif acc.traits & {"newcomer"} and rng.random() < 0.3:
                p = pr.new_patient(rng)
            elif rng.random() < 0.08 and acc.role in ("gp", "locum"):
                colleague = rng.choice([x for x in pr.accounts if x.panel])
                p = colleague.pick(rng)
            else:
                p = acc.pick(rng)
            dur = jitter(rng, min(slot, acc.consult_min * 1.1))
            plan.append((at(day, t), p, dur))
            t += max(slot * 0.9, dur)
    return plan


def emit_list(trace, acc, dt, patients, page, ip, agent, rng, gap=(2, 20)):
    for k in range(0, len(patients), page):
        trace.add(dt, acc, "list", results=patients[k:k + page], ip=ip, agent=agent)
        dt += timedelta(seconds=rng.uniform(*gap))
    return dt


def result_batch(trace, acc, start, n, ip, agent, rng, update_p=0.4, pace=(20, 120)):
    """Opens n records of the account's list (lab results, letters)."""
    dt = start
    for _ in range(n):
        p = acc.pick(rng)
        trace.add(dt, acc, "view", patient=p, ip=ip, agent=agent)
        if rng.random() < update_p:
            dt += timedelta(seconds=rng.uniform(10, 60))
            trace.add(dt, acc, "update", patient=p, ip=ip, agent=agent)
        dt += timedelta(seconds=rng.uniform(*pace))
    return dt


def clinician_day(world: World, trace: Trace, acc: Account, day: date, rng: random.Random):
    pr = acc.practice
    plan = pr.plans.get((acc.id, day), [])
    blocks = acc.schedule.get(day.weekday(), [])
    ip, agent = acc.office_ctx(day)
    rounds = "rounds" in acc.traits
    for bi, (a, b) in enumerate(blocks):
        in_block = [c for c in plan if a - 30 <= c[0].hour * 60 + c[0].minute < b + 60]
        if not in_block:
            continue
        mobile = rounds and bi == 0
        if mobile:
            ip, agent = acc.mobile_ctx(day, rng)
        else:
            ip, agent = acc.office_ctx(day)
        t0 = in_block[0][0] - timedelta(minutes=rng.uniform(5, 25))
        trace.add(t0, acc, "login", ip=ip, agent=agent)
        t = t0 + timedelta(seconds=rng.uniform(20, 90))
        if rng.random() < 0.85 and not mobile:
            t = emit_list(trace, acc, t, [c[1] for c in in_block], pr.page, ip, agent, rng)
        if bi == 0 and not mobile and acc.role in ("gp", "paed", "locum") and rng.random() < 0.6:
            result_batch(trace, acc, t + timedelta(seconds=30), rng.randint(2, 10), ip, agent, rng)
        if bi == 0 and "returning" in acc.traits and day == acc.first_day:
            result_batch(trace, acc, t0 - timedelta(minutes=70), rng.randint(40, 70), ip, agent, rng, 0.5, (20, 70))
        for start, p, dur in in_block:
            if mobile and rng.random() < 0.3:
                ip, agent = acc.mobile_ctx(day, rng)  # new cell, new CGNAT address
            s = start + timedelta(seconds=rng.uniform(0, 120))
            search_p = 0.7 if acc.traits & {"newcomer", "locum"} else 0.15
            if rng.random() < search_p:
                for q, res in pr.legit_search(rng, p, typeahead=rng.random() < 0.3):
                    trace.add(s, acc, "search", results=res, ip=ip, agent=agent)
                    s += timedelta(seconds=rng.uniform(1, 6))
            trace.add(s, acc, "view", patient=p, ip=ip, agent=agent)
            if acc.role == "paed" and rng.random() < 0.2 or acc.role == "gp" and rng.random() < 0.08:
                sib = pr.new_patient(rng, (0, 17)) if rng.random() < 0.1 else acc.pick(rng)
                trace.add(s + timedelta(minutes=rng.uniform(1, dur)), acc, "view", patient=sib, ip=ip, agent=agent)
                if rng.random() < 0.7:
                    trace.add(s + timedelta(minutes=dur), acc, "update", patient=sib, ip=ip, agent=agent)
            if rng.random() < 0.3:
                trace.add(s + timedelta(minutes=rng.uniform(2, dur)), acc, "view", patient=p, ip=ip, agent=agent)
            if rng.random() < 0.05:  # a specialist's letter about another patient, a colleague's question
                trace.add(s + timedelta(minutes=rng.uniform(0, dur)), acc, "view", patient=rng.choice(pr.accounts[0].panel or [p]), ip=ip, agent=agent)
            if rng.random() < (0.95 if acc.role in ("psy", "nurse", "physio") else 0.85):
                trace.add(s + timedelta(minutes=dur * rng.uniform(0.8, 1.0)), acc, "update", patient=p, ip=ip, agent=agent)
            if rng.random() < 0.08:  # phone call between two patients
                q = acc.pick(rng)
                tq = s + timedelta(minutes=dur + rng.uniform(0, 2))
                trace.add(tq, acc, "view", patient=q, ip=ip, agent=agent)
                if rng.random() < 0.5:
                    trace.add(tq + timedelta(seconds=rng.uniform(30, 120)), acc, "update", patient=q, ip=ip, agent=agent)
        end = max(c[0] + timedelta(minutes=c[2]) for c in in_block)
        if acc.role in ("gp", "paed", "locum") and not mobile:
            result_batch(trace, acc, end + timedelta(minutes=rng.uniform(2, 15)), rng.randint(3, 15), ip, agent, rng)
        if bi == 0 and "home_visits" in acc.traits and rng.random() < 0.5:
            hv = end + timedelta(minutes=rng.uniform(30, 60))
            for _ in range(rng.randint(1, 3)):
                mip, magent = acc.mobile_ctx(day, rng)
                p = acc.pick(rng)
                trace.add(hv, acc, "view", patient=p, ip=mip, agent=magent)
                trace.add(hv + timedelta(minutes=rng.uniform(10, 20)), acc, "update", patient=p, ip=mip, agent=magent)
                hv += timedelta(minutes=rng.uniform(25, 45))
    # evening from home
    if "returning" in acc.traits and day == acc.first_day:
        hip, hagent = acc.home_ctx(day)
        t = at(day, rng.uniform(20.5, 21.5) * 60)
        trace.add(t, acc, "login", ip=hip, agent=hagent)
        result_batch(trace, acc, t + timedelta(seconds=40), rng.randint(30, 50), hip, hagent, rng, 0.3, (25, 80))
    elif "evening" in acc.traits and rng.random() < 0.4:
        hip, hagent = acc.home_ctx(day)
        t = at(day, rng.uniform(20.75, 22.5) * 60)
        trace.add(t, acc, "login", ip=hip, agent=hagent)
        result_batch(trace, acc, t + timedelta(seconds=40), rng.randint(5, 25), hip, hagent, rng, 0.3, (30, 150))


def evening_prep(world, trace, acc: Account, day: date, rng: random.Random):
    """Opens the next working day's records at home in the evening."""
    pr = acc.practice
    nxt = day + timedelta(days=1)
    while nxt <= world.end and not (acc.works(nxt) and nxt not in world.holidays):
        nxt += timedelta(days=1)
        if (nxt - day).days > 3:
            return
    plan = pr.plans.get((acc.id, nxt), [])
    if not plan or rng.random() < 0.3:
        return
    hip, hagent = acc.home_ctx(day)
    t = at(day, rng.uniform(20.5, 22.0) * 60)
    trace.add(t, acc, "login", ip=hip, agent=hagent)
    t += timedelta(seconds=30)
    t = emit_list(trace, acc, t, [c[1] for c in plan], pr.page, hip, hagent, rng)
    for _, p, _ in plan[: rng.randint(20, 30)]:
        trace.add(t, acc, "view", patient=p, ip=hip, agent=hagent)
        if rng.random() < 0.15:
            trace.add(t + timedelta(seconds=rng.uniform(20, 60)), acc, "update", patient=p, ip=hip, agent=hagent)
        t += timedelta(seconds=rng.uniform(30, 120))


def practice_consults(pr: Practice, day: date):
    """The day's consultations in the practice (not the nurses' home rounds)."""
    rounds = {a.id for a in pr.accounts if "rounds" in a.traits}
    return sorted((c for (aid, d), plan in pr.plans.items() if d == day and aid not in rounds for c in plan), key=lambda c: c[0])


def secretary_day(world, trace, acc: Account, day: date, rng: random.Random):
    pr = acc.practice
    ip, agent = acc.office_ctx(day)
    blocks = acc.schedule.get(day.weekday(), [])
    consults = practice_consults(pr, day)
    everyone = [a for a in pr.accounts if a.panel]
    has_reception = any(a.role == "reception" for a in pr.accounts)
    monday = 1.4 if day.weekday() == 0 else 1.0
    for bi, (a, b) in enumerate(blocks):
        t = at(day, a)
        trace.add(t, acc, "login", ip=ip, agent=agent)
        t += timedelta(seconds=rng.uniform(20, 60))
        if bi == 0:
            for doc in everyone:
                plan = pr.plans.get((doc.id, day), [])
                if plan and rng.random() < 0.7:
                    t = emit_list(trace, acc, t, [c[1] for c in plan], pr.page, ip, agent, rng)
        # phone bookings (Poisson), mail filing batches
        rate = (10 if a < 12 * 60 else 6) * monday * (0.6 if acc.role == "remote_secretary" else 1.0)
        m = a + rng.expovariate(rate / 60)
        while m < b:
            doc = rng.choice(everyone)
            if rng.random() < 0.07:
                p = pr.new_patient(rng)
                s = at(day, m)
                trace.add(s, acc, "update", patient=p, ip=ip, agent=agent)
                trace.add(s + timedelta(seconds=rng.uniform(30, 90)), acc, "view", patient=p, ip=ip, agent=agent)
            else:
                p = doc.pick(rng)
                s = at(day, m)
                for q, res in pr.legit_search(rng, p, typeahead=rng.random() < 0.4):
                    trace.add(s, acc, "search", results=res, ip=ip, agent=agent)
                    s += timedelta(seconds=rng.uniform(0.5, 3))
                if rng.random() < 0.45:
                    trace.add(s + timedelta(seconds=rng.uniform(2, 20)), acc, "view", patient=p, ip=ip, agent=agent)
                    if rng.random() < 0.2:
                        trace.add(s + timedelta(seconds=rng.uniform(30, 120)), acc, "update", patient=p, ip=ip, agent=agent)
            m += rng.expovariate(rate / 60)
        for _ in range(1 if rng.random() < 0.6 else 2):
            doc = rng.choice(everyone)
            result_batch(trace, DocProxy(acc, doc), at(day, rng.uniform(a, b - 30)), rng.randint(8, 25), ip, agent, rng, 0.8, (20, 90))
        if not has_reception and acc.role == "secretary":
            for start, p, _ in consults:
                if a <= start.hour * 60 + start.minute < b and rng.random() < 0.5:
                    trace.add(start - timedelta(minutes=rng.uniform(1, 10)), acc, "view", patient=p, ip=ip, agent=agent)
    # end of month: billing lists (50 rows a page), then follow-up of rejected items
    if blocks and acc.role in ("secretary", "remote_secretary") and is_last_days_of_month(day, 2, world.holidays) and rng.random() < 0.8:
        t = at(day, rng.uniform(14.5, 16) * 60)
        pool = sorted({c[1] for (_, d), plan in pr.plans.items() if d <= day and d.month == day.month for c in plan})
        billed = rng.sample(pool, min(len(pool), rng.randint(100, 400)))
        if not billed:
            return
        t = emit_list(trace, acc, t, billed, 50, ip, agent, rng, (10, 60))
        for p in rng.sample(billed, rng.randint(10, min(40, len(billed)))):
            trace.add(t, acc, "view", patient=p, ip=ip, agent=agent)
            trace.add(t + timedelta(seconds=rng.uniform(20, 90)), acc, "update", patient=p, ip=ip, agent=agent)
            t += timedelta(seconds=rng.uniform(60, 240))


class DocProxy:
    """Lets result_batch pick among a doctor's patients for another account."""

    def __init__(self, acc, doc):
        self.acc, self.doc = acc, doc

    def __getattr__(self, name):
        return getattr(self.acc, name)

    def pick(self, rng):
        return self.doc.pick(rng)


def reception_day(world, trace, acc: Account, day: date, rng: random.Random):
    pr = acc.practice
    ip, agent = acc.office_ctx(day)
    consults = practice_consults(pr, day)
    if not consults:
        return
    trace.add(consults[0][0] - timedelta(minutes=20), acc, "login", ip=ip, agent=agent)
    for start, p, _ in consults:
        if rng.random() < 0.7:
            t = start - timedelta(minutes=rng.uniform(1, 12))
            if rng.random() < 0.3:
                for q, res in pr.legit_search(rng, p, typeahead=rng.random() < 0.5):
                    trace.add(t, acc, "search", results=res, ip=ip, agent=agent)
                    t += timedelta(seconds=rng.uniform(0.5, 3))
            trace.add(t + timedelta(seconds=2), acc, "view", patient=p, ip=ip, agent=agent)
            if rng.random() < 0.1:
                trace.add(t + timedelta(seconds=rng.uniform(20, 80)), acc, "update", patient=p, ip=ip, agent=agent)


def admin_day(world, trace, acc: Account, day: date, rng: random.Random):
    ip, agent = acc.office_ctx(day)
    for a, _ in acc.schedule.get(day.weekday(), []):
        t = at(day, a)
        trace.add(t, acc, "login", ip=ip, agent=agent)
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 4)):  # data correction, access request
                t += timedelta(minutes=rng.uniform(1, 8))
                p = rng.randrange(len(acc.practice.pids))
                trace.add(t, acc, "view", patient=p, ip=ip, agent=agent)
                if rng.random() < 0.5:
                    trace.add(t + timedelta(seconds=40), acc, "update", patient=p, ip=ip, agent=agent)
    if is_last_days_of_month(day, 1, world.holidays):
        trace.add(at(day, rng.uniform(17, 18.5) * 60), acc, "export", ip=ip, agent=agent)


def recall_campaign(world, trace, pr: Practice, rng: random.Random):
    """A vaccination/screening recall: long list, then dozens of records."""
    staff = [a for a in pr.accounts if a.role in ("nurse", "secretary")]
    if not staff:
        return
    acc = rng.choice(staff)
    days = world.workdays(acc)
    if not days:
        return
    day = rng.choice(days)
    ip, agent = acc.office_ctx(day)
    t = at(day, rng.uniform(13.75, 15) * 60)
    pool = [p for a in pr.accounts if a.panel for p in a.panel]
    targets = rng.sample(pool, min(len(pool), rng.randint(100, 300)))
    t = emit_list(trace, acc, t, targets, rng.choice([20, 50]), ip, agent, rng, (5, 40))
    for p in targets[: rng.randint(30, 80)]:
        trace.add(t, acc, "view", patient=p, ip=ip, agent=agent)
        if rng.random() < 0.6:
            trace.add(t + timedelta(seconds=rng.uniform(15, 60)), acc, "update", patient=p, ip=ip, agent=agent)
        t += timedelta(seconds=rng.uniform(40, 200))


def coordination_meeting(world, trace, pr: Practice, day: date, rng: random.Random):
    """Weekly multi-professional meeting (maison de sante): complex cases."""
    gps = [a for a in pr.accounts if a.role == "gp" and a.works(day)]
    if not gps:
        return
    acc = rng.choice(gps)
    ip, agent = acc.office_ctx(day)
    t = at(day, 12.5 * 60 + rng.uniform(0, 10))
    panels = [a for a in pr.accounts if a.panel]
    for _ in range(rng.randint(10, 25)):
        p = rng.choice(panels).pick(rng)
        trace.add(t, acc, "view", patient=p, ip=ip, agent=agent)
        if rng.random() < 0.3:
            trace.add(t + timedelta(seconds=rng.uniform(30, 90)), acc, "update", patient=p, ip=ip, agent=agent)
        t += timedelta(seconds=rng.uniform(60, 240))


def generate_legit(world: World, trace: Trace):
    for pr in world.practices:
        rng = random.Random(f"{world.seed}:days:{pr.id}")
        # Saturday rota for group practices
        rota = [a for a in pr.accounts if "saturday_rota" in a.traits]
        for i, d in enumerate(d for d in world.days if d.weekday() == 5):
            if rota and rng.random() < 0.7:
                doc = rota[i % len(rota)]
                doc.schedule[5] = [(8 * 60 + 30, 12 * 60)]
                doc.saturdays = (doc.saturdays or set()) | {d}
        for doc in rota:
            if doc.saturdays is None:
                doc.saturdays = set()
        for acc in pr.accounts:
            if acc.panel:
                for d in world.workdays(acc):
                    pr.plans[(acc.id, d)] = plan_day(world, acc, d, rng)
        # sick days: colleagues see some of the absent doctor's patients
        for acc in [a for a in pr.accounts if a.role == "gp"]:
            for d in sorted(acc.off):
                if d.weekday() < 5 and d in world.days and d not in world.holidays and acc.schedule.get(d.weekday()):
                    cover = [a for a in pr.accounts if a.role == "gp" and a is not acc and a.works(d) and (a.id, d) in pr.plans]
                    if cover:
                        c = rng.choice(cover)
                        extra = [(at(d, rng.uniform(12, 12.6) * 60 + 30 * k), acc.pick(rng), 12) for k in range(rng.randint(2, 6))]
                        pr.plans[(c.id, d)] = sorted(pr.plans[(c.id, d)] + extra)
        for acc in pr.accounts:
            r = random.Random(f"{world.seed}:acct:{acc.id}")
            for d in world.workdays(acc):
                if acc.panel:
                    clinician_day(world, trace, acc, d, r)
                elif acc.role in ("secretary", "remote_secretary"):
                    secretary_day(world, trace, acc, d, r)
                elif acc.role == "reception":
                    reception_day(world, trace, acc, d, r)
                elif acc.role == "admin":
                    admin_day(world, trace, acc, d, r)
            if "evening_prep" in acc.traits:
                for d in world.days:
                    if d.weekday() in (0, 1, 2, 3, 6) and d not in acc.off and (acc.last_day is None or d < acc.last_day):
                        evening_prep(world, trace, acc, d, r)
        if rng.random() < 0.4:
            recall_campaign(world, trace, pr, rng)
        if pr.kind == "msp":
            for d in world.days:
                if d.weekday() == 1 and d not in world.holidays:
                    coordination_meeting(world, trace, pr, d, rng)
    for pr in world.practices:
        for acc in pr.accounts:
            acc.history.sort(key=lambda h: h[0])


# --------------------------------------------------------------------------
# attacks


class Attack:
    def __init__(self, world, trace, aid, scenario, rng):
        self.world, self.trace, self.aid, self.scenario, self.rng = world, trace, aid, scenario, rng
        self.victims: dict[str, Account] = {}
        self.last: dict[str, datetime] = {}
        self.first: dict[str, datetime] = {}
        self.count = 0

    def ev(self, dt, acc, action, patient=None, results=None, ip="", agent=""):
        dt = self.trace.add(dt, acc, action, patient=patient, results=results, ip=ip, agent=agent, label=(self.aid, self.scenario))
        self.victims[acc.id] = acc
        self.last[acc.id] = max(self.last.get(acc.id, dt), dt)
        self.first[acc.id] = min(self.first.get(acc.id, dt), dt)
        self.count += 1
        return dt


def victim_context(acc: Account, when: datetime):
    h = acc.history
    i = bisect.bisect_left(h, (when,)) - 1 if h else -1
    while i >= 0 and h[i][0] > when:
        i -= 1
    if i >= 0:
        return h[i][2], h[i][3]
    return acc.office_ctx(when.date())


def known_patients(acc: Account, when: datetime, days: int = 14) -> list[int]:
    seen, out = set(), []
    for dt, p, _, _ in reversed(acc.history):
        if dt > when:
            continue
        if dt < when - timedelta(days=days):
            break
        if p is not None and p not in seen:
            seen.add(p)
            out.append(p)
    return out


class Net:
    """Where the attacker's requests come from."""

    def __init__(self, rng, victim, when, mode):
        self.rng = rng
        vip, vagent = victim_context(victim, when)
        self.rotate = 0
        if mode == "victim":  # malware on the victim's machine, or session riding
            self.ips, self.agent = [vip], vagent
        elif mode == "victim_agent":  # stolen cookie replayed with the same user agent
            kind = rng.choice(["vpn", "residential", "mobile", "hosting"])
            pool = {"vpn": VPN_NETS, "residential": HOME_NETS, "mobile": MOBILE_NETS, "hosting": HOSTING_NETS}[kind]
            self.ips, self.agent = [ip_in(rng, rng.choice(pool))], vagent
            if kind == "mobile" or (kind == "residential" and rng.random() < 0.4):
                self.ips += [ip_in(rng, rng.choice(pool)) for _ in range(rng.randint(3, 20))]
                self.rotate = rng.randint(10, 80)
        else:
            self.ips = [ip_in(rng, rng.choice(HOSTING_NETS)) for _ in range(rng.randint(1, 4))]
            self.agent = attacker_agent(rng, when.date())
            self.rotate = rng.randint(50, 400) if len(self.ips) > 1 else 0

    def ip(self, n: int) -> str:
        if not self.rotate:
            return self.ips[0]
        return self.ips[(n // self.rotate) % len(self.ips)]


def target_order(rng, pr: Practice, mode: str, victim: Account | None = None, when=None):
    n = len(pr.pids)
    if mode == "seq":
        start = rng.randrange(n)
        step = rng.choice([1, 1, 1, -1])
        return [(start + step * i) % n for i in range(n)]
    if mode == "directory":  # the patient directory, page after page
        order = pr.index()[1]
        start = rng.randrange(len(order))
        return order[start:] + order[:start]
    if mode == "panel":
        panel = list(victim.panel) if victim and victim.panel else None
        if panel is None:  # a secretary: the patients of one doctor
            docs = [a for a in pr.accounts if a.panel]
            panel = list(rng.choice(docs).panel)
        known = known_patients(victim, when, 30) if victim else []
        rng.shuffle(panel)
        seen = set(known)
        return known + [p for p in panel if p not in seen]
    order = list(range(n))
    rng.shuffle(order)
    return order


def office_minutes(acc: Account, dt: datetime) -> bool:
    blocks = acc.schedule.get(dt.weekday()) or FULL
    m = dt.hour * 60 + dt.minute
    return dt.weekday() < 5 and any(a <= m < b for a, b in blocks)


def next_office_time(acc: Account, dt: datetime) -> datetime:
    """The next minute inside the victim's (or a default) working hours."""
    for _ in range(60 * 24 * 8):
        if office_minutes(acc, dt):
            return dt
        dt = (dt + timedelta(minutes=5)).replace(second=0)
    return dt


def atk_fast_scrape(a: Attack, victim: Account, start: datetime):
    rng, pr = a.rng, victim.practice
    net = Net(rng, victim, start, rng.choices(["own", "victim_agent", "victim"], [5, 3, 2])[0])
    total = rng.randint(600, 3000)
    mode = rng.choice(["seq", "seq", "random", "list"])
    dt, n = start, 0
    if rng.random() < 0.3:
        a.ev(dt, victim, "login", ip=net.ip(0), agent=net.agent)
    if rng.random() < 0.15:
        a.ev(dt + timedelta(seconds=2), victim, "export", ip=net.ip(0), agent=net.agent)
    pace = rng.uniform(0.2, 2.0)
    if mode == "list":
        size = rng.choice([20, 50, 100])
        offset = 0
        while n < total:
            page = pr.directory_page(offset, size)
            if not page:
                break
            dt = a.ev(dt, victim, "list", results=page, ip=net.ip(n), agent=net.agent)
            offset += size
            for p in page:
                dt += timedelta(seconds=rng.expovariate(1 / pace))
                a.ev(dt, victim, "view", patient=p, ip=net.ip(n), agent=net.agent)
                n += 1
    else:
        for p in target_order(rng, pr, mode)[:total]:
            dt += timedelta(seconds=rng.expovariate(1 / pace))
            a.ev(dt, victim, "view", patient=p, ip=net.ip(n), agent=net.agent)
            n += 1


def atk_slow_low(a: Attack, victim: Account, start: datetime):
    rng, pr = a.rng, victim.practice
    net = Net(rng, victim, start, rng.choice(["victim", "victim", "victim_agent"]))
    total = rng.randint(150, 700)
    gap = rng.uniform(60, 300)
    order = target_order(rng, pr, rng.choice(["random", "random", "seq"]))
    dt = next_office_time(victim, start)
    deadline = dt + timedelta(days=rng.randint(1, 5))
    for n, p in enumerate(order[:total]):
        dt = next_office_time(victim, dt + timedelta(seconds=rng.lognormvariate(math.log(gap), 0.5)))
        if dt > deadline:
            break
        if rng.random() < a.world.slow_search:
            res = pr.search(pr.surname[p][:rng.randint(3, 5)])
            a.ev(dt, victim, "search", results=res, ip=net.ip(n), agent=net.agent)
            dt += timedelta(seconds=rng.uniform(2, 10))
        a.ev(dt, victim, "view", patient=p, ip=net.ip(n), agent=net.agent)


def atk_mimicry(a: Attack, victim: Account, start: datetime):
    rng, pr = a.rng, victim.practice
    net = Net(rng, victim, start, rng.choice(["victim", "victim_agent"]))
    known = known_patients(victim, start, 14)
    rng.shuffle(known)
    warm = known[: rng.randint(5, 15)]
    panel = target_order(rng, pr, "panel", victim, start)
    everything = target_order(rng, pr, "random")
    total = rng.randint(300, 1500)
    dt = start
    if rng.random() < 0.5:
        a.ev(dt, victim, "login", ip=net.ip(0), agent=net.agent)
    if warm and rng.random() < 0.5:
        dt = a.ev(dt + timedelta(seconds=20), victim, "list", results=warm[: pr.page], ip=net.ip(0), agent=net.agent)
    done = set()
    for p in warm:
        dt += timedelta(seconds=rng.uniform(40, 150))
        a.ev(dt, victim, "view", patient=p, ip=net.ip(0), agent=net.agent)
        done.add(p)
        if rng.random() < 0.1:
            a.ev(dt + timedelta(seconds=rng.uniform(20, 60)), victim, "update", patient=p, ip=net.ip(0), agent=net.agent)
    pi = ei = 0
    for k in range(total):
        frac = k / total
        widen = min(1.0, 0.2 + frac * 1.5)
        if rng.random() < widen or pi >= len(panel):
            while ei < len(everything) and everything[ei] in done:
                ei += 1
            if ei >= len(everything):
                break
            p = everything[ei]
        else:
            while pi < len(panel) and panel[pi] in done:
                pi += 1
            if pi >= len(panel):
                continue
            p = panel[pi]
        done.add(p)
        dt += timedelta(seconds=rng.lognormvariate(math.log(60 * (1 - frac) + 6), 0.4))
        a.ev(dt, victim, "view", patient=p, ip=net.ip(k), agent=net.agent)
        if rng.random() < 0.02:
            a.ev(dt + timedelta(seconds=rng.uniform(20, 60)), victim, "update", patient=p, ip=net.ip(k), agent=net.agent)


def atk_search_enum(a: Attack, victim: Account, start: datetime):
    rng, pr = a.rng, victim.practice
    net = Net(rng, victim, start, rng.choice(["own", "victim_agent"]))
    pace = rng.uniform(1, 6)
    dt = start
    letters = list(string.ascii_lowercase)
    if rng.random() < 0.3:
        rng.shuffle(letters)
    n = 0
    for q in letters:
        dt += timedelta(seconds=rng.expovariate(1 / pace))
        res = pr.search(q)
        a.ev(dt, victim, "search", results=res, ip=net.ip(n), agent=net.agent)
        n += 1
        if res and rng.random() < 0.05:
            a.ev(dt + timedelta(seconds=1), victim, "view", patient=res[0], ip=net.ip(n), agent=net.agent)
    day = date(rng.randint(1940, 1990), 1, 1)
    for _ in range(rng.randint(300, 1200)):
        dt += timedelta(seconds=rng.expovariate(1 / pace))
        a.ev(dt, victim, "search", results=pr.search_birth(day.toordinal()), ip=net.ip(n), agent=net.agent)
        n += 1
        day += timedelta(days=1)


def atk_search_2letter(a: Attack, victim: Account, start: datetime):
    rng, pr = a.rng, victim.practice
    net = Net(rng, victim, start, rng.choice(["own", "victim_agent", "victim"]))
    pace = rng.uniform(2, 10)
    refine = rng.random() < 0.5
    prefixes = [x + y for x in string.ascii_lowercase for y in string.ascii_lowercase]
    if rng.random() < 0.3:
        rng.shuffle(prefixes)
    dt, n = start, 0
    for q in prefixes:
        dt += timedelta(seconds=rng.expovariate(1 / pace))
        res = pr.search(q)
        a.ev(dt, victim, "search", results=res, ip=net.ip(n), agent=net.agent)
        n += 1
        if refine and len(res) >= pr.search_cap:
            for z in string.ascii_lowercase:
                dt += timedelta(seconds=rng.expovariate(1 / pace))
                a.ev(dt, victim, "search", results=pr.search(q + z), ip=net.ip(n), agent=net.agent)
                n += 1


def atk_list_bigpage(a: Attack, victim: Account, start: datetime):
    rng, pr = a.rng, victim.practice
    net = Net(rng, victim, start, rng.choice(["own", "victim_agent", "victim"]))
    size = rng.choice([200, 500, 1000])
    dt, offset, n = start, 0, 0
    for _ in range(rng.randint(5, 30)):
        page = pr.directory_page(offset, size)
        if not page:
            break
        dt += timedelta(seconds=rng.uniform(5, 30))
        a.ev(dt, victim, "list", results=page, ip=net.ip(n), agent=net.agent)
        offset += size
        n += 1
    if rng.random() < 0.4:
        for p in rng.sample(range(len(pr.pids)), 50):
            dt += timedelta(seconds=rng.uniform(1, 4))
            a.ev(dt, victim, "view", patient=p, ip=net.ip(n), agent=net.agent)


def atk_new_address(a: Attack, victim: Account, start: datetime):
    rng, pr = a.rng, victim.practice
    net = Net(rng, victim, start, "victim_agent")
    total = rng.randint(150, 800)
    dt = start
    order = target_order(rng, pr, rng.choice(["random", "directory"]))
    k = n = 0
    while n < total and k < len(order):
        if rng.random() < 0.15:
            res = pr.search(rng.choice(COMMON[:60])[:rng.randint(3, 5)])
            dt += timedelta(seconds=rng.uniform(5, 20))
            a.ev(dt, victim, "search", results=res, ip=net.ip(n), agent=net.agent)
            batch = res[: rng.randint(1, 5)]
        elif rng.random() < 0.1:
            batch = order[k:k + pr.page]
            k += pr.page
            dt += timedelta(seconds=rng.uniform(5, 20))
            a.ev(dt, victim, "list", results=batch, ip=net.ip(n), agent=net.agent)
        else:
            batch = [order[k]]
            k += 1
        for p in batch:
            dt += timedelta(seconds=rng.uniform(8, 40))
            a.ev(dt, victim, "view", patient=p, ip=net.ip(n), agent=net.agent)
            n += 1


def atk_pause_resume(a: Attack, victim: Account, start: datetime):
    rng, pr = a.rng, victim.practice
    net = Net(rng, victim, start, rng.choice(["own", "victim_agent"]))
    order = target_order(rng, pr, rng.choice(["seq", "random"]))
    dt, n = start, 0
    for _ in range(rng.randint(4, 12)):
        for _ in range(rng.randint(20, 80)):
            if n >= len(order):
                return
            dt += timedelta(seconds=rng.uniform(2, 10))
            a.ev(dt, victim, "view", patient=order[n], ip=net.ip(n), agent=net.agent)
            n += 1
        dt += timedelta(hours=rng.uniform(1, 8))


def atk_same_panel(a: Attack, victim: Account, start: datetime):
    rng, pr = a.rng, victim.practice
    net = Net(rng, victim, start, rng.choice(["victim", "victim", "victim_agent"]))
    order = target_order(rng, pr, "panel", victim, start)
    total = rng.randint(150, 600)
    gap = rng.uniform(20, 120)
    dt = next_office_time(victim, start)
    for n, p in enumerate(order[:total]):
        dt = next_office_time(victim, dt + timedelta(seconds=rng.lognormvariate(math.log(gap), 0.5)))
        a.ev(dt, victim, "view", patient=p, ip=net.ip(n), agent=net.agent)
        if rng.random() < 0.01:
            a.ev(dt + timedelta(seconds=30), victim, "update", patient=p, ip=net.ip(n), agent=net.agent)


def atk_night_only(a: Attack, victim: Account, start: datetime):
    rng, pr = a.rng, victim.practice
    net = Net(rng, victim, start, rng.choice(["own", "victim_agent"]))
    order = target_order(rng, pr, rng.choice(["seq", "random"]))
    night = start.date()
    n = 0
    pace = rng.uniform(5, 30)
    for _ in range(rng.randint(2, 4)):
        dt = at(night, rng.uniform(30, 90))
        stop = at(night, rng.uniform(4, 5) * 60)
        quota = rng.randint(80, 400)
        while dt < stop and quota > 0 and n < len(order):
            a.ev(dt, victim, "view", patient=order[n], ip=net.ip(n), agent=net.agent)
            n += 1
            quota -= 1
            dt += timedelta(seconds=rng.expovariate(1 / pace))
        night += timedelta(days=1)


def atk_distributed(a: Attack, victims: list[Account], start: datetime):
    rng = a.rng
    ips = [ip_in(rng, rng.choice(HOSTING_NETS + VPN_NETS)) for _ in range(rng.randint(2, 5))]
    agent = attacker_agent(rng, start.date()) if rng.random() < 0.6 else Device(rng, "office").agent(start.date())
    plans = []
    for v in victims:
        order = target_order(rng, v.practice, rng.choice(["seq", "random"]))
        plans.append([v, order[: rng.randint(15, 60)], 0])
    dt = start
    interleave = rng.random() < 0.5
    pace = rng.uniform(3, 20)
    n = 0
    for v, _, _ in plans:
        if not interleave:
            break
        dt += timedelta(seconds=rng.uniform(2, 8))
        a.ev(dt, v, "login", ip=ips[n % len(ips)], agent=agent)
        n += 1
    active = list(plans)
    while active:
        if interleave:
            item = rng.choice(active)
        else:
            item = active[0]
            if item[2] == 0:
                dt += timedelta(seconds=rng.uniform(10, 120))
                a.ev(dt, item[0], "login", ip=ips[n % len(ips)], agent=agent)
        v, order, i = item
        dt += timedelta(seconds=rng.expovariate(1 / pace))
        a.ev(dt, v, "view", patient=order[i], ip=ips[(n // 25) % len(ips)], agent=agent)
        n += 1
        item[2] += 1
        if item[2] >= len(order):
            active.remove(item)


SCENARIOS = {
    "fast_scrape": atk_fast_scrape,
    "slow_low": atk_slow_low,
    "mimicry": atk_mimicry,
    "search_enum": atk_search_enum,
    "search_2letter": atk_search_2letter,
    "list_bigpage": atk_list_bigpage,
    "distributed": None,
    "new_address": atk_new_address,
    "pause_resume": atk_pause_resume,
    "same_panel": atk_same_panel,
    "night_only": atk_night_only,
}


def pick_start(rng, world: World, scenario: str, victim: Account) -> datetime:
    days = [d for d in world.days if d <= world.end - timedelta(days=5)] or world.days
    work = [d for d in world.workdays(victim) if d <= world.end - timedelta(days=5)] or world.workdays(victim) or days
    if scenario in ("slow_low", "same_panel", "mimicry"):
        day = rng.choice(work)
        blocks = victim.schedule.get(day.weekday()) or FULL
        a, b = rng.choice(blocks)
        return at(day, rng.uniform(a, max(a + 1, b - 60)))
    if scenario == "night_only":
        return at(rng.choice(days[:-4] or days), 0)
    r = rng.random()
    if scenario == "new_address":
        return at(rng.choice(days), rng.uniform(19, 23) * 60) if r < 0.6 else at(rng.choice(work), rng.uniform(9, 17) * 60)
    if r < 0.35:  # night
        return at(rng.choice(days), rng.uniform(-60, 240) % (24 * 60))
    if r < 0.55:  # weekend
        weekend = [d for d in days if d.weekday() >= 5] or days
        return at(rng.choice(weekend), rng.uniform(8, 22) * 60)
    return at(rng.choice(work), rng.uniform(8.5, 18.5) * 60)


def generate_attacks(world: World, trace: Trace, rate: float):
    rng = random.Random(f"{world.seed}:attacks")
    n_attacks = max(1, round(rate * len(world.practices) * len(world.days) / 7))
    names = list(SCENARIOS)
    cycle = []
    while len(cycle) < n_attacks:
        block = list(names)
        rng.shuffle(block)
        cycle += block
    busy: dict[str, list[tuple[datetime, datetime]]] = {}

    def eligible(pr):
        return [a for a in pr.accounts if a.role != "admin" and world.workdays(a)]

    def free(acc, s, e):
        return all(e < s2 or s > e2 for s2, e2 in busy.get(acc.id, []))

    made = 0
    for k, scenario in enumerate(cycle[:n_attacks]):
        aid = f"atk-{k + 1:03d}"
        arng = random.Random(f"{world.seed}:attack:{k}")
        attack = Attack(world, trace, aid, scenario, arng)
        for _ in range(50):
            if scenario == "distributed":
                prs = arng.sample(world.practices, min(len(world.practices), arng.randint(3, 8)))
                pool = [a for pr in prs for a in eligible(pr)]
                victims = arng.sample(pool, min(len(pool), arng.randint(6, 20)))
                start = pick_start(arng, world, scenario, victims[0])
                if all(free(v, start, start + timedelta(days=2)) for v in victims):
                    atk_distributed(attack, victims, start)
                    break
            else:
                pr = arng.choice(world.practices)
                victim = arng.choice(eligible(pr))
                start = pick_start(arng, world, scenario, victim)
                if free(victim, start, start + timedelta(days=6)):
                    SCENARIOS[scenario](attack, victim, start)
                    break
        if not attack.count:
            continue
        made += 1
        for acc_id, acc in attack.victims.items():
            last = attack.last[acc_id]
            day = last.date() if last.hour < 8 else last.date() + timedelta(days=1)
            unlock = at(day, 8 * 60 + arng.uniform(0, 5))
            busy.setdefault(acc_id, []).append((attack.first[acc_id] - timedelta(hours=1), unlock))
            admin = acc.practice.admin
            ip, agent = admin.office_ctx(unlock.date())
            trace.add(unlock, acc, "unlock", ip=ip, agent=agent, label=None)
    return made


# --------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=10)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 3, 16), help="a Monday (default 2026-03-16)")
    parser.add_argument("--attack-rate", type=float, default=1.75, help="attacks per practice-week")
    parser.add_argument("--slow-search", type=float, default=SLOW_SEARCH_SHARE,
                        help="share of a slow reader's records it first finds by a name search (default %(default)s)")
    parser.add_argument("-o", "--output", required=True, help="EVENTS.jsonl")
    parser.add_argument("--labels", required=True, help="LABELS.jsonl")
    args = parser.parse_args(argv)
    if args.start.weekday() != 0:
        parser.error("--start must be a Monday")
    world = World(args)
    trace = Trace()
    generate_legit(world, trace)
    attacks = generate_attacks(world, trace, args.attack_rate)
    total, attacker = trace.write(args.output, args.labels)
    accounts = sum(len(pr.accounts) for pr in world.practices)
    print(f"{total} events ({attacker} attacker events, {attacks} attacks), "
          f"{len(world.practices)} practices, {accounts} accounts", file=sys.stderr)


if __name__ == "__main__":
    main()
