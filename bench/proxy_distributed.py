"""Moves a trace's distributed attacks behind residential proxies.

    python bench/proxy_distributed.py --events E.jsonl --labels L.jsonl -o E2.jsonl [--seed 1]
    PYTHONPATH=src python bench/bench_sentinel.py --events E2.jsonl --labels L.jsonl

Both simulators give their one-actor-many-accounts attack (scenario
``distributed``) a few addresses of the attacker's own, which the sentinel
notices as one address behind accounts of several practices. An attacker who
rents a residential proxy per stolen account, and replays each victim's own
browser string with its cookie, leaves no such trace: this rewrites every
event of a ``distributed`` attack with an address of its own per (attack,
account), never seen in the trace, and the victim's most used browser string
in its legitimate events. Nothing else changes: same lines, same labels.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict

from labelled_trace import read_labelled_trace


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    events, labels = read_labelled_trace(args.events, args.labels)
    browsers: dict[str, Counter] = defaultdict(Counter)
    used = set()
    for number, event in enumerate(events, start=1):
        used.add(event.get("ip"))
        if number not in labels and event.get("agent"):
            browsers[event["account"]][event["agent"]] += 1

    proxies: dict[tuple, str] = {}
    moved = 0
    for number, event in enumerate(events, start=1):
        label = labels.get(number)
        if not label or label.get("scenario") != "distributed":
            continue
        key = (label["attack"], event["account"])
        if key not in proxies:
            proxies[key] = _fresh_address(rng, used)
        event["ip"] = proxies[key]
        if browsers[event["account"]]:
            event["agent"] = browsers[event["account"]].most_common(1)[0][0]
        moved += 1
    with open(args.output, "w", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
    print(f"{moved} events of {len({a for a, _ in proxies})} distributed attacks moved behind "
          f"{len(proxies)} proxies", file=sys.stderr)
    return 0


def _fresh_address(rng: random.Random, used: set) -> str:
    while True:
        address = f"81.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if address not in used:
            used.add(address)
            return address


if __name__ == "__main__":
    sys.exit(main())
