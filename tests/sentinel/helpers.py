"""Small builders shared by the sentinel tests: events at a given minute of a given day."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from carnet.sentinel import AccessEvent, MemoryStore, Sentinel

PARIS = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 1, 5, tzinfo=PARIS)


def at(day: int = 0, hour: float = 9.0, seconds: float = 0.0) -> datetime:
    return MONDAY + timedelta(days=day, hours=hour, seconds=seconds)


def event(when: datetime, action: str = "view", patient: str | None = None, account: str = "p01-gp1",
          practice: str = "p01", results=(), ip: str = "10.1.0.1", agent: str = "ua-office",
          query: str | None = None) -> AccessEvent:
    return AccessEvent(ts=when, account=account, action=action, practice=practice, patient=patient,
                       results=tuple(results), ip=ip, agent=agent, query=query)


def fresh_sentinel() -> Sentinel:
    return Sentinel(MemoryStore())


def ordinary_days(sentinel: Sentinel, days: int, account: str = "p01-gp1", per_day: int = 20,
                  start_patient: int = 0, practice: str = "p01", ip: str = "10.1.0.1",
                  agent: str = "ua-office") -> list:
    """Consultation days: each patient viewed, then the record updated 15 minutes later.

    Half the patients come back from earlier days, as a doctor's do.
    """
    decisions = []
    patient = start_patient
    for day in range(days):
        for k in range(per_day):
            if k % 2 and patient > start_patient + per_day:
                number = start_patient + (patient * 7919 + k) % (patient - start_patient)
            else:
                patient += 1
                number = patient
            pid = f"{practice}-{number:06d}"
            when = at(day, 8.5 + k * 0.45)
            for action, offset in (("view", 0), ("update", 900)):
                decisions.append(sentinel.decide(event(when + timedelta(seconds=offset), action, pid,
                                                       account=account, practice=practice, ip=ip,
                                                       agent=agent)))
    return decisions


def scrape(sentinel: Sentinel, when: datetime, count: int, gap_s: float = 2.0, first: int = 500_000,
           step: int = 7, **fields) -> list:
    """Views of patients the account never saw, every ``gap_s`` seconds; ids ``step`` apart."""
    decisions = []
    for k in range(count):
        pid = f"p01-{first + k * step:06d}"
        decisions.append(sentinel.decide(event(when + timedelta(seconds=k * gap_s), "view", pid, **fields)))
    return decisions
