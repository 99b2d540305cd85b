#!/usr/bin/env python3
"""Who the sentinel bothered, and how each attack got what it got, on a trace of
``bench/alt_traces.py`` (the generator knows the roles; the events do not).

    python3 bench/alt_traces.py --seed 4 -o E.jsonl --labels L.jsonl
    PYTHONPATH=src python -m carnet sentinel replay E.jsonl -o D.jsonl
    python3 bench/alt_breakdown.py --seed 4 --events E.jsonl --labels L.jsonl --decisions D.jsonl \\
        [--step-ups] [--scenario slow_low]

Prints the legitimate step-ups by role and by the account's age (its first day
in the trace, its first week, later), then with ``--step-ups`` each of them
with its reason, and with ``--scenario`` each attack of that scenario: the
patients it obtained (records opened, and names that only a search or a list
showed), and when and why it was first refused. ``--seed``, ``--practices``,
``--weeks`` and ``--start`` must be those the trace was generated with.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import alt_traces  # noqa: E402  (scripts beside this one, not a package)
from labelled_trace import read_labelled_trace  # noqa: E402


def roles_of(args) -> dict[str, str]:
    world = alt_traces.World(argparse.Namespace(
        practices=args.practices, weeks=args.weeks, seed=args.seed, start=args.start, attack_rate=1.75))
    return {account.id: account.role for practice in world.practices for account in practice.accounts}


def age_bucket(days: int) -> str:
    return "first day" if days == 0 else "first week" if days < 7 else "later"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--practices", type=int, default=10)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 3, 16))
    parser.add_argument("--events", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("--decisions", required=True, help="the output of carnet sentinel replay")
    parser.add_argument("--step-ups", action="store_true", help="list every legitimate step-up")
    parser.add_argument("--scenario", help="detail every attack of this scenario")
    args = parser.parse_args()

    roles = roles_of(args)
    events, labels = read_labelled_trace(args.events, args.labels)
    first_day: dict[str, date] = {}
    step_ups, by_kind = [], Counter()
    attacks = defaultdict(lambda: {"opened": set(), "listed": set(), "account": "", "first": "", "refused": ""})
    with open(args.decisions, encoding="utf-8") as decisions:
        for number, (event, answer) in enumerate(zip(events, decisions), start=1):
            decision = json.loads(answer)
            day = date.fromisoformat(event["ts"][:10])
            first_day.setdefault(event["account"], day)
            label = labels.get(number)
            if label is None:
                if decision["decision"] == "step_up":
                    role = roles.get(event["account"], "?")
                    age = (day - first_day[event["account"]]).days
                    by_kind[(role, age_bucket(age))] += 1
                    step_ups.append((event["ts"][:16], event["account"], role, age, event["action"],
                                     decision["reason"]))
                continue
            if label.get("scenario") != args.scenario:
                continue
            attack = attacks[label["attack"]]
            attack["account"], attack["first"] = event["account"], attack["first"] or event["ts"][:16]
            if decision["decision"] == "allow":
                if event.get("patient") and event["action"] in ("view", "update"):
                    attack["opened"].add(event["patient"])
                attack["listed"].update(event.get("results") or ())
            elif not attack["refused"]:
                attack["refused"] = f"{event['ts'][:16]} {decision['decision']}: {decision['reason']}"

    print(f"legitimate step-ups: {len(step_ups)}")
    for (role, age), count in sorted(by_kind.items(), key=lambda item: -item[1]):
        print(f"  {count:4}  {role}, {age}")
    if args.step_ups:
        for when, account, role, age, action, reason in step_ups:
            print(f"  {when} {account} ({role}, day {age}) {action}: {reason}")
    for name, attack in sorted(attacks.items(), key=lambda item: -len(item[1]["opened"] | item[1]["listed"])):
        exposed = attack["opened"] | attack["listed"]
        print(f"{name} {attack['account']} from {attack['first']}: {len(exposed)} patients "
              f"({len(attack['opened'])} opened, {len(attack['listed'] - attack['opened'])} only listed); "
              f"first refused {attack['refused'] or 'never'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
