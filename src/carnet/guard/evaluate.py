"""Accuracy of the guard on a labelled notes file.

    python -m carnet.guard.evaluate FILE [--part all|tuning|held-out] [--errors]

Prints per-category precision, recall and F1, and the binary figures (any
sensitive category vs none). The split is deterministic, by a hash of each
note's id: about 70 % "tuning" (looked at while building the lexicons and
rules) and 30 % "held-out" (only ever measured, never read line by line;
``--errors`` refuses to print its notes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass

from carnet.guard.categories import CATEGORIES
from carnet.guard.scanner import scan

TUNING_SHARE = 7  # out of 10


def part_of(note_id: str) -> str:
    """'tuning' or 'held-out', from a hash of the id (stable across runs)."""
    bucket = int(hashlib.sha256(str(note_id).encode("utf-8")).hexdigest(), 16) % 10
    return "tuning" if bucket < TUNING_SHARE else "held-out"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(notes: list[dict]) -> tuple[dict[str, Counts], Counts, list[tuple[dict, tuple]]]:
    """Counts per category, binary counts, and the notes predicted wrong."""
    per_category = {category: Counts() for category in CATEGORIES}
    binary = Counts()
    wrong = []
    for note in notes:
        gold = set(note["labels"])
        predicted = set(scan(note["text"]).categories)
        for category in CATEGORIES:
            if category in gold and category in predicted:
                per_category[category].tp += 1
            elif category in predicted:
                per_category[category].fp += 1
            elif category in gold:
                per_category[category].fn += 1
        if gold and predicted:
            binary.tp += 1
        elif predicted:
            binary.fp += 1
        elif gold:
            binary.fn += 1
        if gold != predicted:
            wrong.append((note, tuple(sorted(predicted))))
    return per_category, binary, wrong


def report(name: str, notes: list[dict]) -> str:
    per_category, binary, _ = evaluate(notes)
    lines = [f"{name}: {len(notes)} notes",
             f"  {'category':<14}{'P':>7}{'R':>7}{'F1':>7}   tp  fp  fn"]
    for category, counts in per_category.items():
        lines.append(f"  {category:<14}{counts.precision:7.3f}{counts.recall:7.3f}{counts.f1:7.3f}"
                     f"  {counts.tp:3d} {counts.fp:3d} {counts.fn:3d}")
    macro = sum(c.f1 for c in per_category.values()) / len(per_category)
    lines.append(f"  {'macro F1':<14}{'':>14}{macro:7.3f}")
    lines.append(f"  {'binary':<14}{binary.precision:7.3f}{binary.recall:7.3f}{binary.f1:7.3f}"
                 f"  {binary.tp:3d} {binary.fp:3d} {binary.fn:3d}")
    return "\n".join(lines)


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m carnet.guard.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--part", choices=("all", "tuning", "held-out"), default=None,
                        help="default: print the tuning part, the held-out part and all")
    parser.add_argument("--errors", action="store_true", help="list the tuning notes predicted wrong")
    args = parser.parse_args(argv)
    notes = load(args.file)
    parts = {
        "tuning": [n for n in notes if part_of(n["id"]) == "tuning"],
        "held-out": [n for n in notes if part_of(n["id"]) == "held-out"],
        "all": notes,
    }
    names = [args.part] if args.part else ["tuning", "held-out", "all"]
    for name in names:
        print(report(name, parts[name]))
    if args.errors:
        if args.part not in ("tuning",):
            print("--errors lists tuning notes only: use --part tuning", file=sys.stderr)
            return 2
        for note, predicted in evaluate(parts["tuning"])[2]:
            print(f"{note['id']} gold={','.join(note['labels']) or '-'} "
                  f"pred={','.join(predicted) or '-'} | {note['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
