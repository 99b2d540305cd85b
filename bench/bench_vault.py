"""Vault throughput figures (not a test; the lead may move it to bench/).

    .venv/bin/python bench/bench_vault.py [--patients 2000]

Prints: core encrypt/decrypt/index rates, and on the configured database
(SQLite, or PostgreSQL with DATABASE_URL) the time to create patients with
five encrypted fields and their name index, to list 50 names, and to rotate
every value. Uses a throw-away data directory and the test app's models; on
PostgreSQL it creates and drops the test app's tables (vault_testapp_*) in
DATABASE_URL's database.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

WORKTREE = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(WORKTREE / "src"), str(WORKTREE)]


def core_figures(data_dir: str) -> None:
    from carnet.vault import FieldContext, MemoryKeyStore, Vault, load_master_keys

    vault = Vault(load_master_keys(Path(data_dir) / "bench.key", environ={}), MemoryKeyStore())
    ctx = FieldContext("1", "records.patient", "comment", "0c6e7d1a-0000-4000-8000-000000000000")
    n = 20_000
    start = time.perf_counter()
    tokens = [vault.encrypt_text(ctx, "Patiente anxieuse, préfère le matin") for _ in range(n)]
    encrypt_s = time.perf_counter() - start
    start = time.perf_counter()
    for token in tokens:
        vault.decrypt_text(ctx, token)
    decrypt_s = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(2000):
        vault.name_index_terms("1", "Dupont-Moretti")
    index_s = time.perf_counter() - start
    print(
        f"core: encrypt {n / encrypt_s:,.0f} values/s, decrypt {n / decrypt_s:,.0f} values/s, "
        f"name index {2000 / index_s:,.0f} names/s"
    )


def django_figures(patients: int) -> None:
    import carnet.settings as project_settings

    project_settings.INSTALLED_APPS.append("tests.vault.testapp")
    project_settings.VAULT_KEY_MODEL = "vault_testapp.PracticeKey"
    os.environ["DJANGO_SETTINGS_MODULE"] = "carnet.settings"
    import django

    django.setup()
    from django.db import connection, transaction

    from carnet.vault.django_keys import get_vault
    from carnet.vault.rotation import rotate
    from tests.vault.django_helpers import make_patient
    from tests.vault.testapp.models import TEST_MODELS, Patient

    with connection.schema_editor() as editor:
        for model in TEST_MODELS:
            editor.create_model(model)
    try:
        # As the lead's practice creation does: keys exist before patients.
        for practice_id in (1, 2):
            get_vault().ensure_practice_keys(practice_id)
        start = time.perf_counter()
        with transaction.atomic():
            for i in range(patients):
                make_patient(
                    1 + i % 2, f"Dupont{i}", "Hélène", datetime.date(1980, 1, 1),
                    "helene@example.fr", "Commentaire administratif " * 3,
                )
        create_s = time.perf_counter() - start
        start = time.perf_counter()
        [p.family_name for p in Patient.objects.order_by("pk")[:50]]
        list_s = time.perf_counter() - start
        start = time.perf_counter()
        report = rotate(get_vault(), models=TEST_MODELS, progress=lambda message: None)
        rotate_s = time.perf_counter() - start
        values = sum(f.reencrypted for f in report.fields)
        print(
            f"django/{connection.vendor}: create {patients} patients {create_s:.1f} s "
            f"({patients / create_s:,.0f}/s); list 50 names {list_s * 1000:.0f} ms; "
            f"rotate {values} values {rotate_s:.1f} s ({values / rotate_s:,.0f}/s)"
        )
    finally:
        with connection.schema_editor() as editor:
            for model in reversed(TEST_MODELS):
                editor.delete_model(model)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=2000)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="carnet-vault-bench-")
    os.environ["CARNET_DATA_DIR"] = data_dir
    os.environ.pop("CARNET_MASTER_KEY", None)
    core_figures(data_dir)
    django_figures(args.patients)


if __name__ == "__main__":
    main()
