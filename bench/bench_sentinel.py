"""Benchmark of the access sentinel on a simulated deployment.

    PYTHONPATH=src python bench/bench_sentinel.py [--practices 10 --weeks 4 --seed 1 --variant standard]
    PYTHONPATH=src python bench/bench_sentinel.py --events EVENTS.jsonl --labels LABELS.jsonl
    PYTHONPATH=src python bench/bench_sentinel.py --drop-updates   (software that logs no writes)
    PYTHONPATH=src python bench/bench_sentinel.py --answer-step-ups [--admin-after 60]
        (owners answer, as live; an administrator unlocks those a proof cannot free)

Simulates (or reads) a trace, replays it from an empty state through the same
path as ``carnet sentinel replay``, and prints, per attack scenario, the
patients exposed before containment (spec scoring: distinct patients that
the attack's events obtained with ``allow``: viewed patients and search/list
results), the time to the first refusal and to the lock; over legitimate
traffic, step-ups and false locks per clinician-week (an account active in a
week) and the accounts refused at least once; and decisions per second.

Goals (issue 4): median exposure <= 50, worst <= 200; false locks <= 1 per 100
clinician-weeks; step-ups <= 1 per 10 clinician-weeks.

Legitimate events of a victim account between the first attacker event and
the unlock that follows are reported apart ("collateral"): in a real breach
the owner of the account is also stopped until the administrator unlocks.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from carnet.sentinel.decision import STEP_UP, THROTTLE
from carnet.sentinel.engine import Sentinel
from carnet.sentinel.events import event_from_json_line
from carnet.sentinel.replay import replay_lines
from carnet.sentinel.store import MemoryStore


def load_trace(args) -> tuple[list[str], dict[int, dict]]:
    if args.events:
        lines = Path(args.events).read_text(encoding="utf-8").splitlines()
        label_path = Path(args.labels)
    else:
        from carnet.sentinel.simulate import SimulationConfig, write_trace

        config = SimulationConfig.variant(args.variant, practices=args.practices, weeks=args.weeks, seed=args.seed)
        folder = Path(tempfile.mkdtemp(prefix="sentinel-bench-"))
        write_trace(config, folder / "events.jsonl", folder / "labels.jsonl")
        lines = (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()
        label_path = folder / "labels.jsonl"
    labels = {}
    for text in label_path.read_text(encoding="utf-8").splitlines():
        if text.strip():
            label = json.loads(text)
            labels[int(label["line"])] = label
    if args.drop_updates:
        # Robustness: a trace from software that records no writes.
        kept, renumbered = [], {}
        for number, line in enumerate(lines, start=1):
            if '"action": "update"' in line:
                continue
            kept.append(line)
            if number in labels:
                renumbered[len(kept)] = labels[number]
        lines, labels = kept, renumbered
    return lines, labels


def obtained(event: dict) -> list[str]:
    if event["action"] in ("view", "update", "export") and event.get("patient"):
        found = [event["patient"]]
    else:
        found = []
    if event["action"] in ("search", "list", "export"):
        found += list(event.get("results") or ())
    return found


def replay_answering(lines: list[str], labels: dict[int, dict], lifted: set[int],
                     interventions: list[tuple[str, float]], admin_after_s: float):
    """The replay, except that the owner of an account proves the second factor
    whenever asked, as in the live application: at each step-up, and on the 429
    page of a throttle when it offers the proof (``lifted`` gets those lines; the
    spec's replay assumes no answer, so that an account refused once stays
    throttled and is never asked again). Not while the account is under attack:
    the owner's proof would free the attacker too. The other throttles are owners
    waiting for an administrator, who was alerted with the throttle: she unlocks
    the account ``admin_after_s`` later (``interventions`` gets the account and
    the time; a trace has no administrator of its own for owners, only unlocks
    that end attacks)."""
    sentinel = Sentinel(MemoryStore())
    under_attack: set[str] = set()
    waiting_since: dict[str, float] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        event = event_from_json_line(line)
        if number in labels:
            under_attack.add(event.account)
            waiting_since.pop(event.account, None)
        elif event.action == "unlock":
            under_attack.discard(event.account)
        since = waiting_since.get(event.account)
        if since is not None and event.epoch >= since + admin_after_s:
            del waiting_since[event.account]
            sentinel.unlock(event.account, since + admin_after_s)
            interventions.append((event.account, since + admin_after_s))
        decision = sentinel.decide(event)
        if number not in labels and event.account not in under_attack:
            if decision.decision == THROTTLE and sentinel.proof_would_lift(event.account, event.epoch):
                lifted.add(number)
            if decision.decision == STEP_UP or number in lifted:
                sentinel.step_up_passed(event.account, event.epoch)
                waiting_since.pop(event.account, None)
            elif decision.decision == THROTTLE:
                waiting_since.setdefault(event.account, event.epoch)
        yield decision.as_json()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--practices", type=int, default=10)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variant", default="standard", choices=("standard", "busy", "wide"))
    parser.add_argument("--events")
    parser.add_argument("--labels")
    parser.add_argument("--drop-updates", action="store_true", help="replay without the update events")
    parser.add_argument("--answer-step-ups", action="store_true",
                        help="legitimate owners answer each step-up at once, as in the live application")
    parser.add_argument("--admin-after", type=float, default=60.0, metavar="MINUTES",
                        help="with --answer-step-ups: an administrator unlocks an owner who cannot lift "
                             "a throttle this long after it (default 60)")
    parser.add_argument("--show-benign", type=int, default=0, help="print N legitimate refusals")
    args = parser.parse_args()

    lines, labels = load_trace(args)
    started = time.perf_counter()
    decisions, latencies = [], []
    lifted: set[int] = set()  # throttles that the owner's proof lifted at once
    interventions: list[tuple[str, float]] = []  # an administrator unlocked an owner (--answer-step-ups)
    stream = replay_answering(lines, labels, lifted, interventions, args.admin_after * 60) \
        if args.answer_step_ups else replay_lines(lines)
    while True:
        before = time.perf_counter()
        decision = next(stream, None)
        if decision is None:
            break
        latencies.append(time.perf_counter() - before)  # parsing the line included
        decisions.append(decision)
    elapsed = time.perf_counter() - started
    latencies.sort()
    events = [json.loads(line) for line in lines if line.strip()]

    # Victim windows: from an attack's first event on an account to the next unlock of it.
    attack_start: dict[str, list[float]] = defaultdict(list)
    for number, event in enumerate(events, start=1):
        if number in labels:
            attack_start[event["account"]].append(datetime.fromisoformat(event["ts"]).timestamp())
    per_attack = defaultdict(lambda: {"exposed": set(), "first": None, "refused": None, "lock": None, "scenario": ""})
    benign = defaultdict(int)
    weeks, collateral, shown, day_scores = set(), defaultdict(int), 0, {}
    refused_accounts: set[str] = set()
    waiting: dict[str, int] = defaultdict(int)  # throttled requests the owner could not lift, by account
    open_victims: dict[str, float] = {}
    # By week of the trace: the first days of a deployment (every patient new to
    # every account) weigh more on a short trace than on a long one.
    trace_start = datetime.fromisoformat(events[0]["ts"]).date() if events else None
    step_ups_by_week, accounts_by_week = defaultdict(int), defaultdict(set)
    for number, (event, decision) in enumerate(zip(events, decisions), start=1):
        when = datetime.fromisoformat(event["ts"])
        stamp = when.timestamp()
        label = labels.get(number)
        account, verdict = event["account"], decision["decision"]
        if event["action"] == "unlock":
            open_victims.pop(account, None)
            continue
        if label:
            attack = per_attack[label["attack"]]
            attack["scenario"] = label.get("scenario", label["attack"])
            attack["first"] = attack["first"] or stamp
            open_victims.setdefault(account, stamp)
            if verdict == "allow":
                attack["exposed"].update(obtained(event))
            else:
                attack["refused"] = attack["refused"] or stamp
                if verdict == "lock" and attack["lock"] is None:
                    attack["lock"] = stamp
            continue
        weeks.add((account, when.isocalendar()[:2]))
        week_of_trace = (when.date() - trace_start).days // 7 + 1
        accounts_by_week[week_of_trace].add(account)
        if account in open_victims:
            collateral[verdict] += 1
            continue
        benign[verdict] += 1
        if verdict == "step_up":
            step_ups_by_week[week_of_trace] += 1
        if verdict != "allow":
            refused_accounts.add(account)
        if verdict == "throttle" and number not in lifted:
            waiting[account] += 1
        key = (account, when.date())
        day_scores[key] = max(day_scores.get(key, 0.0), decision["score"])
        if verdict != "allow" and shown < args.show_benign:
            shown += 1
            print(f"  legit {verdict} line {number}: {event['account']} {event['action']} {event['ts']}: "
                  f"{decision['reason'][:160]}", file=sys.stderr)

    by_scenario = defaultdict(list)
    for attack in per_attack.values():
        by_scenario[attack["scenario"]].append(attack)
    print(f"trace: {len(events)} events, {len(labels)} attacker events, "
          f"{len(per_attack)} attacks, {len(weeks)} clinician-weeks")
    print(f"{'scenario':<14}{'attacks':>8}{'exposed med':>12}{'worst':>7}"
          f"{'to refusal med':>16}{'to lock med':>13}{'locked':>8}")
    all_exposed = []
    for scenario in sorted(by_scenario):
        attacks = by_scenario[scenario]
        exposed = [len(a["exposed"]) for a in attacks]
        all_exposed += exposed
        refusal = [a["refused"] - a["first"] for a in attacks if a["refused"]]
        locks = [a["lock"] - a["first"] for a in attacks if a["lock"]]
        print(f"{scenario:<14}{len(attacks):>8}{statistics.median(exposed):>12.0f}{max(exposed):>7}"
              f"{_duration(refusal):>16}{_duration(locks):>13}{len(locks):>5}/{len(attacks)}")
    if all_exposed:
        print(f"{'all':<14}{len(all_exposed):>8}{statistics.median(all_exposed):>12.0f}{max(all_exposed):>7}")
    clinician_weeks = max(len(weeks), 1)
    print(f"legitimate: {sum(benign.values())} events; step-ups {benign['step_up']} "
          f"({benign['step_up'] / clinician_weeks * 10:.2f} per 10 clinician-weeks, goal <= 1); "
          f"throttles {benign['throttle']}; false locks {benign['lock']} "
          f"({benign['lock'] / clinician_weeks * 100:.2f} per 100 clinician-weeks, goal <= 1)")
    print("step-ups by week of the trace (per 10 accounts active that week): " + ", ".join(
        f"week {week}: {step_ups_by_week[week]} ({step_ups_by_week[week] / len(accounts_by_week[week]) * 10:.2f})"
        for week in sorted(accounts_by_week)))
    # A replay never answers a step-up: an account refused once may stay refused
    # to the end, so the step-up count alone understates how many were bothered.
    legitimate_accounts = {account for account, _ in day_scores}
    print(f"legitimate accounts refused at least once: {len(refused_accounts)} of {len(legitimate_accounts)}")
    if args.answer_step_ups:
        print(f"owners who proved the factor and still had to wait for an administrator (throttled, the 429 page "
              f"offering no proof): {len(waiting)} accounts, {sum(waiting.values())} requests; the administrator "
              f"unlocked them {len(interventions)} times ({len(interventions) / clinician_weeks * 10:.2f} per 10 "
              f"clinician-weeks) after {args.admin_after:g} minutes, {len({a for a, _ in interventions})} accounts")
    scores = sorted(day_scores.values())
    if scores:
        print(f"legitimate account-days: highest score of the day, median {statistics.median(scores):.2f}, "
              f"p99 {scores[int(0.99 * (len(scores) - 1))]:.2f}, max {scores[-1]:.2f} (refusal at 1.00)")
    print(f"collateral (owner's events while the account was under attack, before unlock): {dict(collateral)}")
    print(f"speed: {len(events) / elapsed:,.0f} decisions/s; per decision (JSON parsing included) "
          f"median {latencies[len(latencies) // 2] * 1e6:.0f} us, p99 {latencies[int(0.99 * len(latencies))] * 1e6:.0f} us, "
          f"max {latencies[-1] * 1e3:.1f} ms")
    return 0


def _duration(values: list[float]) -> str:
    if not values:
        return "-"
    seconds = statistics.median(values)
    return f"{seconds:.0f} s" if seconds < 600 else f"{seconds / 60:.0f} min"


if __name__ == "__main__":
    sys.exit(main())
