"""Added latency of the access sentinel on a record view.

Serves the same record view in-process (Django's test client, a fresh
SQLite database in a temporary folder) with the sentinel on and off, and
prints the median and 99th percentile of each and of the sentinel's own
decision, with its state in the database and, when REDIS_URL is set, in Redis.

    .venv/bin/python bench/bench_sentinel_latency.py [--views 2000] [--redis redis://127.0.0.1:6379/0]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--views", type=int, default=2000)
    parser.add_argument("--redis", default="")
    args = parser.parse_args()

    os.environ["CARNET_DATA_DIR"] = tempfile.mkdtemp(prefix="carnet-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "carnet.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from carnet.sentinel import live
    from tests import factories

    practice = factories.make_practice("Cabinet du banc d'essai")
    doctor = factories.make_user(practice, "doctor", username="dr.banc")
    patients = [factories.make_patient(practice, family_name=f"Banc{i}", attending_doctor=doctor) for i in range(20)]
    client = Client()
    client.force_login(doctor, backend="allauth.account.auth_backends.AuthenticationBackend")

    def view_time(enabled, i):
        settings.SENTINEL_ENABLED = enabled
        url = f"/patients/{patients[i % len(patients)].public_id}/"
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.status_code
        return elapsed

    stores = [("database", "")] + ([("redis", args.redis)] if args.redis else [])
    print(f"record views: {args.views} per configuration (a few known patients, as in a consultation)")
    for name, url in stores:
        settings.SENTINEL_REDIS_URL = url
        settings.SENTINEL_REDIS_PREFIX = f"carnet-bench-{os.getpid()}:"
        live.reset_sentinel()
        for i in range(50):  # warm-up
            view_time(True, i)
        # On and off alternate request by request, so that a busy machine
        # slows both alike.
        on, off = [], []
        for i in range(args.views):
            on.append(view_time(True, i))
            off.append(view_time(False, i))
        decisions = []
        from django.test import RequestFactory

        rf = RequestFactory().get("/patients/x/")
        rf.user = doctor
        for i in range(args.views):
            start = time.perf_counter()
            live.decide(rf, "view", patient_ref=patients[i % len(patients)].public_id)
            decisions.append((time.perf_counter() - start) * 1000)
        if url:
            import redis

            client = redis.Redis.from_url(url)
            for key in client.scan_iter(settings.SENTINEL_REDIS_PREFIX + "*"):
                client.delete(key)
        print(f"\nstate in {name}:")
        print(f"  view, sentinel on : median {statistics.median(on):.2f} ms, p99 {percentile(on, 0.99):.2f} ms")
        print(f"  view, sentinel off: median {statistics.median(off):.2f} ms, p99 {percentile(off, 0.99):.2f} ms")
        print(f"  added by the sentinel: median {statistics.median(on) - statistics.median(off):.2f} ms, "
              f"p99 {percentile(on, 0.99) - percentile(off, 0.99):.2f} ms")
        print(f"  decision alone    : median {statistics.median(decisions):.2f} ms, "
              f"p99 {percentile(decisions, 0.99):.2f} ms")


if __name__ == "__main__":
    main()
