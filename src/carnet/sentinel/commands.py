"""``carnet sentinel replay`` and ``carnet sentinel simulate``."""

from __future__ import annotations

import argparse
import sys
import time


def register(subparsers: argparse._SubParsersAction) -> None:
    sentinel = subparsers.add_parser("sentinel", help="access sentinel: replay and simulate access traces")
    sub = sentinel.add_subparsers(dest="sentinel_command", metavar="ACTION")

    replay = sub.add_parser("replay", help="decide for each event of a JSON Lines trace, from an empty state")
    replay.add_argument("events", help="EVENTS.jsonl (spec/sentinel-replay.md)")
    replay.add_argument("-o", "--output", required=True, help="DECISIONS.jsonl, one line per event")
    replay.set_defaults(handler=_replay)

    simulate = sub.add_parser("simulate", help="write a synthetic trace with injected attacks")
    simulate.add_argument("--practices", type=int, default=10)
    simulate.add_argument("--weeks", type=int, default=4)
    simulate.add_argument("--seed", type=int, default=1)
    simulate.add_argument("--variant", choices=("standard", "busy", "wide"), default="standard",
                          help="'busy': busier staff, bigger batches, slower attackers; 'wide': broader "
                               "searches and pages, evenings from new addresses (robustness checks)")
    simulate.add_argument("-o", "--output", required=True, help="EVENTS.jsonl")
    simulate.add_argument("--labels", required=True, help="LABELS.jsonl: the attackers' events")
    simulate.set_defaults(handler=_simulate)

    sentinel.set_defaults(handler=lambda args: (sentinel.print_help(sys.stderr), 2)[1])


def _replay(args: argparse.Namespace) -> int:
    from carnet.cli import CommandError

    from .replay import ReplayError, replay_file

    started = time.perf_counter()
    try:
        with open(args.events, encoding="utf-8") as events, open(args.output, "w", encoding="utf-8") as out:
            count = replay_file(events, out, progress=sys.stderr)
    except OSError as exc:
        raise CommandError(f"{exc.filename}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise CommandError(f"{args.events}: not UTF-8 text ({exc.reason})") from None
    except ReplayError as exc:
        raise CommandError(f"{args.events}: {exc}") from None
    elapsed = time.perf_counter() - started
    print(f"{count} events replayed in {elapsed:.1f} s", file=sys.stderr)
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from carnet.cli import CommandError

    from .simulate import SimulationConfig, write_trace

    if args.practices < 1 or args.weeks < 1:
        raise CommandError("--practices and --weeks must be at least 1")
    config = SimulationConfig.variant(args.variant, practices=args.practices, weeks=args.weeks, seed=args.seed)
    try:
        events, attacker_events = write_trace(config, args.output, args.labels)
    except OSError as exc:
        raise CommandError(f"{exc.filename}: {exc.strerror}") from None
    print(f"{events} events written, {attacker_events} of them an attacker's", file=sys.stderr)
    return 0
