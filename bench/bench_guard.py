"""Throughput of the notes guard against an edsnlp pipeline, on 100,000 notes.

    .venv/bin/python bench/bench_guard.py [--notes PATH] [--count 100000]
        [--edsnlp-sample 5000] [--seed 2025]

Notes are built by recombining the clauses of the labelled dev notes
(``../shared/data/notes/dev.jsonl`` next to the repository by default) with a
fixed seed, so each run scans the same 100,000 notes of the same kind and
length as real administrative comments.

Printed figures:
- the guard, one process: notes per second per core, from CPU time, best
  of ``--repeats`` runs (automaton build and lexicon loading are done before
  the clock starts, as in a long batch);
- the guard on every core, as ``carnet guard scan`` runs it: notes per
  second in all (on a machine shared with other work this varies);
- an edsnlp pipeline (eds.normalizer, eds.sentences, eds.matcher over the
  same lexicon terms, eds.negation), one process, on a sample of the same
  notes (``--edsnlp-sample``, 5,000 by default, to keep the run short); its
  rate is measured on the sample and extrapolated to the 100,000 notes;
- the ratio of the two per-core rates. Goals: >= 20,000 notes/s per core and
  >= 5x edsnlp.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from carnet.guard import scan  # noqa: E402
from carnet.guard.batch import default_jobs, scan_to_json_lines  # noqa: E402
from carnet.guard.lexicon import load_terms  # noqa: E402

DEFAULT_NOTES = REPO.parent / "shared" / "data" / "notes" / "dev.jsonl"
_CLAUSE_SPLIT = re.compile(r"\s+(?://|/|\||-|;|\+|--)\s+|(?<=[.!])\s+|\n")


def build_notes(path: Path, count: int, seed: int) -> list[str]:
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    clauses = [c.strip() for text in texts for c in _CLAUSE_SPLIT.split(text) if c and c.strip()]
    rng = random.Random(seed)
    joiners = (" / ", " // ", ". ", " ; ", " | ", " - ", " + ", "\n")
    notes = []
    for _ in range(count):
        if rng.random() < 0.3:
            notes.append(rng.choice(texts))
        else:
            parts = rng.sample(clauses, rng.randint(1, 3))
            notes.append(rng.choice(joiners).join(parts))
    return notes


def cpu_seconds(work, repeats: int) -> float:
    """The best of ``repeats`` runs, in CPU seconds of this process: a rate
    per core that other work on a shared machine does not distort as much
    as wall-clock time would."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def time_guard(notes: list[str], repeats: int) -> tuple[float, int]:
    scan("échauffement : diabétique, pénible")  # load lexicons, build the automaton
    flagged = sum(1 for text in notes if scan(text))  # also warms the typo cache, as a batch would
    seconds = cpu_seconds(lambda: [scan(text) for text in notes], repeats)
    return seconds, flagged


def time_guard_all_cores(notes: list[str], jobs: int) -> float:
    """The path ``carnet guard scan`` takes: workers return JSON lines."""
    start = time.perf_counter()
    for _ in scan_to_json_lines(enumerate(notes), jobs=jobs):
        pass
    return time.perf_counter() - start


def edsnlp_pipeline():
    import edsnlp
    import edsnlp.pipes as eds

    terms: dict[str, list[str]] = {}
    for term in load_terms():
        terms.setdefault(term.category, []).append(term.text)
    nlp = edsnlp.blank("eds")
    nlp.add_pipe(eds.normalizer())
    nlp.add_pipe(eds.sentences())
    nlp.add_pipe(eds.matcher(terms=terms, attr="NORM"))
    nlp.add_pipe(eds.negation())
    return nlp


def time_edsnlp(notes: list[str], repeats: int) -> float:
    nlp = edsnlp_pipeline()
    list(nlp.pipe(notes[:200]))  # warm up
    return cpu_seconds(lambda: [doc for doc in nlp.pipe(notes)], repeats)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=Path, default=DEFAULT_NOTES)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--edsnlp-sample", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--repeats", type=int, default=2, help="runs of each measure; the best is kept")
    args = parser.parse_args()
    if not args.notes.is_file():
        print(f"notes file not found: {args.notes} (use --notes)", file=sys.stderr)
        return 2

    notes = build_notes(args.notes, args.count, args.seed)
    mean_length = sum(map(len, notes)) / len(notes)
    print(f"notes: {len(notes):,} built from {args.notes.name} (seed {args.seed}), "
          f"mean length {mean_length:.0f} characters")

    guard_seconds, flagged = time_guard(notes, args.repeats)
    guard_rate = len(notes) / guard_seconds
    print(f"guard, 1 process:        {guard_rate:10,.0f} notes/s per core "
          f"({guard_seconds:.2f} CPU s for {len(notes):,}; {flagged / len(notes):.0%} flagged)")

    if args.jobs > 1:
        all_seconds = time_guard_all_cores(notes, args.jobs)
        print(f"guard, {args.jobs} processes:      {len(notes) / all_seconds:10,.0f} notes/s in all "
              f"({all_seconds:.2f} s wall clock, as carnet guard scan runs; shared machine)")

    sample = notes[: args.edsnlp_sample]
    eds_seconds = time_edsnlp(sample, args.repeats)
    eds_rate = len(sample) / eds_seconds
    print(f"edsnlp, 1 process:       {eds_rate:10,.0f} notes/s per core "
          f"(measured on {len(sample):,} notes in {eds_seconds:.2f} CPU s; "
          f"{len(notes) / eds_rate:.0f} s extrapolated for {len(notes):,})")
    print(f"ratio guard / edsnlp:    {guard_rate / eds_rate:10.1f}x")
    goals_met = guard_rate >= 20_000 and guard_rate / eds_rate >= 5
    print(f"goals (>= 20,000 notes/s per core, >= 5x edsnlp): {'met' if goals_met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
