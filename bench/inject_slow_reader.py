"""Adds a patient attacker to a trace: a few new records a day, for weeks.

    python bench/inject_slow_reader.py --events E.jsonl --labels L.jsonl \
        -o E2.jsonl --labels-out L2.jsonl [--per-day 30 --days 10 --victims 8 --seed 1]
    PYTHONPATH=src python bench/bench_sentinel.py --events E2.jsonl --labels L2.jsonl

Neither simulator has this attacker: malware on a victim's workstation that
opens ``--per-day`` records of patients the account never touched, at random
moments of the victim's own working days (with the address and browser of one
of the victim's requests that day), for ``--days`` working days, starting on
one of its 4th to 7th working days. Each day stays under the day's bounds; the
question is how much it takes before anything notices (scenario
``slow_week`` in the labels). The victims are accounts with more than 300
record views; the patients, those the practice's accounts touched in the trace.
The original labels are kept, with their line numbers moved.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime


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

    with open(args.events, encoding="utf-8") as lines:
        events = [json.loads(line) for line in lines if line.strip()]
    with open(args.labels, encoding="utf-8") as lines:
        labels = {label["line"]: label for label in map(json.loads, lines)}
    legit = [e for n, e in enumerate(events, start=1) if n not in labels]

    # (sort key, original index or None, event, label)
    rows = [(_epoch(e), i, e, labels.get(i + 1)) for i, e in enumerate(events)]
    for number, victim in enumerate(_victims(legit, args.victims, rng)):
        label = {"attack": f"slow_week-{number}", "scenario": "slow_week", "account": victim}
        for event in _attack(legit, victim, args.per_day, args.days, rng):
            rows.append((_epoch(event), None, event, label))
    rows.sort(key=lambda row: (row[0], row[1] is None))

    with open(args.output, "w", encoding="utf-8") as out, open(args.labels_out, "w", encoding="utf-8") as out_labels:
        for line, (_, _, event, label) in enumerate(rows, start=1):
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
            if label is not None:
                out_labels.write(json.dumps({**label, "line": line}) + "\n")
    print(f"{len(rows) - len(events)} attacker events added for {args.victims} victims")
    return 0


def _epoch(event: dict) -> float:
    return datetime.fromisoformat(event["ts"]).timestamp()


def _victims(legit: list, count: int, rng: random.Random) -> list:
    views: dict[str, int] = {}
    for event in legit:
        if event["action"] == "view":
            views[event["account"]] = views.get(event["account"], 0) + 1
    return rng.sample(sorted(a for a, n in views.items() if n > 300), count)


def _attack(legit: list, victim: str, per_day: int, days: int, rng: random.Random) -> list:
    mine = [e for e in legit if e["account"] == victim]
    practice = mine[0].get("practice")
    touched = {e["patient"] for e in legit if e.get("patient") and e.get("practice") == practice}
    pool = sorted(touched - {e.get("patient") for e in mine})
    rng.shuffle(pool)
    workdays = sorted({e["ts"][:10] for e in mine if datetime.fromisoformat(e["ts"]).weekday() < 5})
    start = rng.randint(3, 6)
    attack = []
    for day in workdays[start:start + days]:
        that_day = [e for e in mine if e["ts"][:10] == day]
        for _ in range(per_day):
            if not pool:
                return attack
            context = rng.choice(that_day)
            when = datetime.fromisoformat(context["ts"]).replace(
                hour=rng.randint(9, 16), minute=rng.randint(0, 59), second=rng.randint(0, 59))
            attack.append({"ts": when.isoformat(), "account": victim, "practice": practice, "action": "view",
                           "patient": pool.pop(), "ip": context.get("ip"), "agent": context.get("agent")})
    return attack


if __name__ == "__main__":
    raise SystemExit(main())
