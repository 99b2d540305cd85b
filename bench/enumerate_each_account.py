"""What a search enumeration would obtain from each account, at one moment of a trace.

    PYTHONPATH=src python bench/enumerate_each_account.py --events E.jsonl --at 2026-03-31T10:00:00+02:00

Replays the trace up to ``--at``, then, for every account that has filed 5
active days and is neither throttled nor locked, lets a copy of the sentinel's
state face an enumeration from the account's last address and browser: 26
searches of 25 patients new to the account (a, b, c...), then 300 searches of
one (birth dates), one every 1 to 6 seconds. Prints the patients each would
obtain, the accounts' median and worst. The traces' own attacks only hit the
accounts they happen to pick, often already throttled in a replay; this asks
every account the same question (how listing habits learnt by the sentinel
widen what an enumeration gets).
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import sys
from datetime import datetime, timedelta

from carnet.sentinel import AccessEvent, MemoryStore, Sentinel
from carnet.sentinel.events import event_from_json_line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", required=True)
    parser.add_argument("--at", required=True, type=datetime.fromisoformat, help="ISO 8601 with offset")
    args = parser.parse_args()

    sentinel = Sentinel(MemoryStore())
    last_seen: dict[str, AccessEvent] = {}
    patients: dict[str, set] = {}
    with open(args.events, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            event = event_from_json_line(line)
            if event.ts >= args.at:
                break
            sentinel.decide(event)
            last_seen[event.account] = event
            patients.setdefault(event.practice, set()).update(
                ([event.patient] if event.patient else []) + list(event.results))

    obtained = {}
    for account, last in sorted(last_seen.items()):
        document = sentinel.store.load(f"acct:{account}")
        if not document or len(document["history"]) < sentinel.policy.mature_days:
            continue
        if document["esc"]["throttled"] or document["esc"]["locked"]:
            continue
        obtained[account] = _enumerate(sentinel, last, patients[last.practice], args.at)
    if not obtained:
        print("no account to ask", file=sys.stderr)
        return 1
    for account, count in sorted(obtained.items(), key=lambda item: -item[1]):
        print(f"{account:<16}{count:>6}")
    counts = list(obtained.values())
    print(f"{len(counts)} accounts: median {statistics.median(counts):.0f}, worst {max(counts)}")
    return 0


def _enumerate(sentinel: Sentinel, last: AccessEvent, practice_patients: set, start: datetime) -> int:
    """Patients an enumeration obtains from a copy of the sentinel's state."""
    rng = random.Random(last.account)
    store = copy.deepcopy(sentinel.store)
    known = store.recall(last.account, sorted(practice_patients))
    pool = [p for p in sorted(practice_patients) if p not in known]
    rng.shuffle(pool)
    judge = Sentinel(store, sentinel.policy)
    when, taken, exposed = start, 0, set()
    for search in range(326):
        size = 25 if search < 26 else 1
        page = pool[taken:taken + size]
        taken += size
        when += timedelta(seconds=rng.uniform(1, 6))
        decision = judge.decide(AccessEvent(ts=when, account=last.account, practice=last.practice,
                                            action="search", results=tuple(page), ip=last.ip, agent=last.agent))
        if decision.allowed:
            exposed.update(page)
    return len(exposed)


if __name__ == "__main__":
    sys.exit(main())
