"""Throughput of the access log: appends per second, rows verified per second.

    .venv/bin/python bench/bench_audit.py [--events 5000] [--postgres URL]

Runs on a fresh SQLite file in a temporary folder, or on the PostgreSQL
database given (it must be a scratch database: the log is append-only, so the
rows written here stay). Prints one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--postgres", help="URL of a scratch PostgreSQL database")
    args = parser.parse_args(argv)

    os.environ["CARNET_DATA_DIR"] = tempfile.mkdtemp(prefix="carnet-audit-bench-")
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
    else:
        os.environ.pop("DATABASE_URL", None)
    from carnet.cli import _setup_django

    _setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    from carnet.audit.checkpoints import known_public_keys, write_checkpoint
    from carnet.audit.log import record_access
    from carnet.audit.models import AccessEvent
    from carnet.audit.verify import verify_practice

    call_command("migrate", verbosity=0)
    if AccessEvent.objects.exists():
        print("the database already holds audit rows: use a scratch database", file=sys.stderr)
        return 2

    practice_id = 1
    started = time.perf_counter()
    for i in range(args.events):
        with transaction.atomic():
            record_access(
                None, practice_id, "view", patient_ref=i % 2000,
                fields=["last_name", "first_name", "birth_date", "phone"],
                detail={"reason": "consultation"},
            )
    append_s = time.perf_counter() - started

    started = time.perf_counter()
    write_checkpoint(practice_id)
    checkpoint_s = time.perf_counter() - started

    started = time.perf_counter()
    report = verify_practice(practice_id, public_keys=known_public_keys())
    verify_s = time.perf_counter() - started
    assert report.ok and report.rows_checked == args.events, report

    print(json.dumps({
        "database": connection.vendor,
        "events": args.events,
        "appends_per_s": round(args.events / append_s),
        "append_ms": round(1000 * append_s / args.events, 3),
        "verify_rows_per_s": round(args.events / verify_s),
        "checkpoint_ms": round(1000 * checkpoint_s, 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
