"""Adds a patient attacker to a trace: a few new records a day, for weeks.

    python bench/inject_slow_reader.py --events E.jsonl --labels L.jsonl \
        -o E2.jsonl --labels-out L2.jsonl [--per-day 30 --days 10 --victims 8 --seed 1]
    PYTHONPATH=src python bench/bench_sentinel.py --events E2.jsonl --labels L2.jsonl

Neither simulator has this attacker: malware on a victim's workstation that
opens ``--per-day`` records of patients the account never touched, at random
moments of the victim's own working days (with the address and browser of one
of the victim's requests that day), for ``--days`` working days, starting on
one of its working days from the 4th on, away from the days (and the day
before and after) of the trace's own attacks on that account: an account
already contained would say nothing. Each day stays under the day's bounds;
the question is how much it takes before anything notices (scenario
``slow_week`` in the labels). The victims are accounts with more than 300
record views and such a stretch of working days; the patients,
those the practice's accounts opened in the trace and the victim never opened
nor saw listed. The original labels are kept, with their line numbers moved.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import datetime, timedelta

from labelled_trace import read_labelled_trace


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--labels-out", required=True)
    parser.add_argument("--per-day", type=int, default=30)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--victims", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    events, labels = read_labelled_trace(args.events, args.labels)
    legit = [e for n, e in enumerate(events, start=1) if n not in labels]
    attacked: dict[str, set] = {}  # account -> dates of its attacks, with the day before and after
    for n in labels:
        if n <= len(events):
            day = datetime.fromisoformat(events[n - 1]["ts"]).date()
            attacked.setdefault(events[n - 1]["account"], set()).update(
                (day + timedelta(days=k)).isoformat() for k in (-1, 0, 1))

    stretches = _stretches(legit, attacked, args.days)
    victims = rng.sample(sorted(stretches), min(args.victims, len(stretches)))
    if len(victims) < args.victims:
        print(f"only {len(victims)} accounts can be victims", file=sys.stderr)
    # (sort key, original index or None, event, label)
    rows = [(_epoch(e), i, e, labels.get(i + 1)) for i, e in enumerate(events)]
    for number, victim in enumerate(victims):
        label = {"attack": f"slow_week-{number}", "scenario": "slow_week", "account": victim}
        days = rng.choice(stretches[victim])
        attack = _attack(legit, victim, days, args.per_day, rng)
        if len(attack) < args.per_day * len(days):
            print(f"{victim}: only {len(attack)} patients its practice opened were left to read", file=sys.stderr)
        rows.extend((_epoch(event), None, event, label) for event in attack)
    rows.sort(key=lambda row: (row[0], row[1] is None))

    with open(args.output, "w", encoding="utf-8") as out, open(args.labels_out, "w", encoding="utf-8") as out_labels:
        for line, (_, _, event, label) in enumerate(rows, start=1):
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
            if label is not None:
                out_labels.write(json.dumps({**label, "line": line}) + "\n")
    print(f"{len(rows) - len(events)} attacker events added for {len(victims)} victims")
    return 0


def _epoch(event: dict) -> float:
    return datetime.fromisoformat(event["ts"]).timestamp()


def _stretches(legit: list, attacked: dict, days: int) -> dict:
    """For each possible victim, the runs of ``days`` working days it could be read on."""
    views: dict[str, int] = {}
    workdays: dict[str, set] = {}
    for event in legit:
        if event["action"] == "view":
            views[event["account"]] = views.get(event["account"], 0) + 1
        if _is_workday(event):
            workdays.setdefault(event["account"], set()).add(event["ts"][:10])
    stretches = {}
    for account, count in views.items():
        ordered = sorted(workdays.get(account, ()))
        runs = [ordered[i:i + days] for i in range(3, len(ordered) - days + 1)]
        free = [run for run in runs if not attacked.get(account, set()) & set(run)
                and not any(run[0] < day < run[-1] for day in attacked.get(account, ()))]
        if count > 300 and free:
            stretches[account] = free
    return stretches


def _is_workday(event: dict) -> bool:
    return datetime.fromisoformat(event["ts"]).weekday() < 5


def _attack(legit: list, victim: str, days: list, per_day: int, rng: random.Random) -> list:
    mine = [e for e in legit if e["account"] == victim]
    practice = mine[0].get("practice")
    touched = {e["patient"] for e in legit if e.get("patient") and e.get("practice") == practice}
    seen = {e.get("patient") for e in mine} | {p for e in mine for p in e.get("results") or ()}
    pool = sorted(touched - seen)
    rng.shuffle(pool)
    attack = []
    for day in days:
        that_day = [e for e in mine if e["ts"][:10] == day]
        for _ in range(per_day):
            if not pool:
                return attack
            context = rng.choice(that_day)
            when = datetime.fromisoformat(context["ts"]).replace(
                hour=rng.randint(9, 16), minute=rng.randint(0, 59), second=rng.randint(0, 59), microsecond=0)
            attack.append({"ts": when.isoformat(), "account": victim, "practice": practice, "action": "view",
                           "patient": pool.pop(), "ip": context.get("ip"), "agent": context.get("agent")})
    return attack


if __name__ == "__main__":
    raise SystemExit(main())
