"""Concurrent appends to one practice's chain never fork it or reuse a seq."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections, transaction

from carnet.audit.checkpoints import known_public_keys
from carnet.audit.log import record_access
from carnet.audit.models import AccessEvent
from carnet.audit.verify import verify_practice

WRITERS, EVENTS_EACH = 6, 15
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_chain_under_concurrent_writers_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("threads share SQLite's in-memory test database; see the subprocess test")
    practice_id = 4242  # no chain head yet: the writers also race to create it
    start = threading.Barrier(WRITERS)
    errors = []

    def writer(n):
        try:
            start.wait()
            for i in range(EVENTS_EACH):
                with transaction.atomic():
                    record_access(None, practice_id, "view", patient_ref=f"{n}-{i}")
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = list(AccessEvent.objects.filter(practice_id=practice_id).values_list("seq", flat=True))
    assert sorted(seqs) == list(range(1, WRITERS * EVENTS_EACH + 1))
    report = verify_practice(practice_id, public_keys=known_public_keys())
    assert report.ok, report.problem


@pytest.mark.slow
def test_it_keeps_one_chain_under_concurrent_processes_on_sqlite(tmp_path):
    """Separate processes on one SQLite file, as under a multi-worker server."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "CARNET_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    carnet = [sys.executable, "-m", "carnet"]
    subprocess.run([*carnet, "manage", "migrate", "-v0"], env=env, check=True, timeout=120)
    script = (
        "import sys; from carnet.cli import _setup_django; _setup_django()\n"
        "from django.db import transaction; from carnet.audit.log import record_access\n"
        "for i in range(int(sys.argv[2])):\n"
        "    with transaction.atomic():\n"
        "        record_access(None, 7, 'view', patient_ref=sys.argv[1] + '-' + str(i))\n"
    )
    writers = [
        subprocess.Popen([sys.executable, "-c", script, str(n), str(EVENTS_EACH)], env=env)
        for n in range(4)
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0, 0]
    verify = subprocess.run(
        [*carnet, "audit", "verify"], env=env, capture_output=True, text=True, timeout=120
    )
    assert verify.returncode == 0, verify.stderr
    assert f'"rows_checked": {4 * EVENTS_EACH}' in verify.stdout
