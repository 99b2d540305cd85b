"""Three past weeks of ordinary work for the demo accounts, fed to the access
sentinel, so that the demo behaves like a practice that has used Carnet for a
while (the sentinel judges each account against its own past; a brand-new
account is judged against defaults and would be asked for its second factor
at its first broad search).

Nothing is written to the records or the access log: only the sentinel's
state learns. Events go through the same ``Sentinel.decide`` as live requests.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from carnet.sentinel import AccessEvent
from carnet.sentinel.live import get_sentinel

PARIS = ZoneInfo("Europe/Paris")


def _working_days(days: int, today: date):
    day = today - timedelta(days=days)
    while day < today:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def _search_results(names, prefix, limit=50):
    return [pid for pid, name in names if name.lower().startswith(prefix)][:limit]


def warm_up(accounts, patients, *, days=21, seed=0, today=None):
    """``accounts``: (user, role) pairs; ``patients``: (public_id, family_name,
    attending doctor id) triples. A step-up is answered, as its owner would;
    returns the decisions that stayed refused."""
    rng = random.Random(seed)
    today = today or date.today()
    sentinel = get_sentinel()
    names = [(pid, name) for pid, name, _ in patients]
    refused = []

    def decide(user, ts, action, patient=None, results=()):
        event = AccessEvent(ts=ts, account=str(user.pk), practice=str(user.practice_id), action=action,
                            patient=patient, results=tuple(results), ip="127.0.0.1", agent="demo")
        decision = sentinel.decide(event)
        if decision.decision in ("step_up", "throttle"):
            # The person proves the second factor, as a real user would (the 429
            # page offers the proof too).
            sentinel.step_up_passed(str(user.pk), ts.timestamp())
            decision = sentinel.decide(event)
        if not decision.allowed:
            refused.append((user.username, ts, action, decision.decision))

    for day in _working_days(days, today):
        for user, role in accounts:
            ts = datetime.combine(day, time(8, 30), PARIS)
            own = [p for p in patients if p[2] == user.pk] or patients
            for _ in range(22 if role == "doctor" else 35):
                ts += timedelta(minutes=rng.randint(8, 20))
                pid, name, _ = rng.choice(own)
                prefix = name[: rng.randint(2, 4)].lower() if role == "secretary" else name.lower()
                decide(user, ts, "search", results=_search_results(names, prefix))
                decide(user, ts + timedelta(seconds=20), "view", patient=pid)
                if role == "doctor":
                    decide(user, ts + timedelta(minutes=5), "update", patient=pid)
    return refused
