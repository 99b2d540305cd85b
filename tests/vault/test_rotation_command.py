import json

import pytest

from carnet.cli import main
from carnet.vault import key_id_of
from carnet.vault.django_keys import get_vault, master_key_file, reset_vault
from carnet.vault.master import ENV_VAR, MasterKey, read_key_file
from tests.vault.django_helpers import SEEDED, raw_column, seed, set_raw_column

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vault_testapp")]

FIELDS = ("family_name", "given_name", "birth_date", "email", "comment")


@pytest.fixture(autouse=True)
def _fresh_vault():
    reset_vault()
    yield
    reset_vault()


def models():
    from tests.vault.testapp.models import Note, Patient, PracticeKey

    return Patient, Note, PracticeKey


def seed_with_notes():
    Patient, Note, _ = models()
    patients = seed()
    for i, patient in enumerate(patients):
        Note.objects.create(patient=patient, text=f"Note {i} : tension normale")
    return patients


def snapshot():
    """Every row's clear values, read through a fresh vault."""
    Patient, Note, _ = models()
    reset_vault()
    patients = {p.pk: tuple(getattr(p, f) for f in FIELDS) for p in Patient.objects.all()}
    notes = {n.pk: n.text for n in Note.objects.select_related("patient")}
    return patients, notes


def tokens():
    Patient, Note, _ = models()
    return [raw_column(Patient, p.pk, f) for p in Patient.objects.all() for f in FIELDS if raw_column(Patient, p.pk, f)] + [
        raw_column(Note, n.pk, "text") for n in Note.objects.all()
    ]


def run(capsys, *argv):
    code = main(["vault", *argv])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines()]


def test_rotate_reencrypts_every_value_under_new_keys_without_losing_any(capsys):
    Patient, Note, _ = models()
    seed_with_notes()
    before = snapshot()
    old_keys = {key_id_of(t) for t in tokens()}
    updated_at = dict(Patient.objects.values_list("pk", "updated_at"))

    code, lines = run(capsys, "rotate", "--batch-size", "2")

    assert code == 0
    after = snapshot()
    assert after == before
    assert len(after[0]) == len(SEEDED) and len(after[1]) == len(SEEDED)
    new_keys = {key_id_of(t) for t in tokens()}
    assert new_keys.isdisjoint(old_keys)
    assert len(new_keys) == 2  # one per practice
    assert dict(Patient.objects.values_list("pk", "updated_at")) == updated_at
    reports = {(r["model"], r["field"]): r for r in lines if r["kind"] == "field"}
    assert reports[("vault_testapp.note", "text")]["reencrypted"] == len(SEEDED)
    assert reports[("vault_testapp.patient", "comment")]["reencrypted"] == len(SEEDED)


def test_old_tokens_still_decrypt_after_rotation_until_rewritten():
    Patient, _, _ = models()
    patient = seed()[0]
    old_token = raw_column(Patient, patient.pk, "comment")
    get_vault().rotate_data_key("1")
    reset_vault()
    assert Patient.objects.get(pk=patient.pk).comment == SEEDED[0][5]
    assert raw_column(Patient, patient.pk, "comment") == old_token


def test_status_shows_stale_values_before_and_none_after_rotation(capsys):
    seed_with_notes()
    get_vault().rotate_data_key("1")
    reset_vault()
    _, lines = run(capsys, "status")
    stale = {(r["model"], r["field"]): r["stale"] for r in lines if r["kind"] == "field"}
    assert stale[("vault_testapp.patient", "comment")] == 3  # practice 1's three patients
    practices = {r["practice"] for r in lines if r["kind"] == "practice"}
    assert practices == {"1", "2"}

    run(capsys, "rotate", "--no-new-data-keys")
    _, lines = run(capsys, "status")
    assert all(r["stale"] == 0 for r in lines if r["kind"] == "field")


def test_a_new_master_key_rewraps_every_practice_key_and_the_old_one_can_go(capsys):
    _, _, PracticeKey = models()
    seed_with_notes()
    before = snapshot()
    old_master = get_vault().master_keys.current

    code, lines = run(capsys, "rotate", "--new-master-key", "--rewrap-only")

    assert code == 0
    ring = read_key_file(master_key_file())
    assert ring.current != old_master and ring.get(old_master.key_id) == old_master
    assert set(PracticeKey.objects.values_list("master_key_id", flat=True)) == {ring.current.key_id}
    _, status = run(capsys, "status")
    assert status[0]["removable"] == [old_master.key_id]

    # Remove the old master key from the file: everything still decrypts.
    path = master_key_file()
    kept = [line for line in path.read_text().splitlines() if not line.startswith(old_master.key_id)]
    path.write_text("\n".join(kept) + "\n")
    assert old_master.key_id not in path.read_text()
    assert snapshot() == before


def test_a_new_master_key_from_the_environment_is_the_operators_job(capsys, monkeypatch):
    seed()
    monkeypatch.setenv(ENV_VAR, MasterKey.generate().encoded())
    reset_vault()
    assert main(["vault", "rotate", "--new-master-key"]) == 2
    assert ENV_VAR in capsys.readouterr().err


def test_rotation_leaves_an_unreadable_value_untouched_and_says_so(capsys):
    Patient, _, _ = models()
    patients = seed()
    broken = patients[1]
    bad = raw_column(Patient, patients[0].pk, "comment")  # another row's token
    set_raw_column(Patient, broken.pk, "comment", bad)
    before = snapshot_without(broken.pk)

    code, lines = run(capsys, "rotate")

    assert code == 1
    assert raw_column(Patient, broken.pk, "comment") == bad
    report = next(r for r in lines if r.get("field") == "comment")
    assert report["undecryptable"] == 1
    assert snapshot_without(broken.pk) == before


def snapshot_without(pk):
    Patient, _, _ = models()
    reset_vault()
    return {
        p.pk: tuple(getattr(p, f) for f in FIELDS)
        for p in Patient.objects.exclude(pk=pk)
    }


def test_rotate_rejects_bad_arguments(capsys):
    assert main(["vault", "rotate", "--batch-size", "0"]) == 2
    seed()
    assert main(["vault", "rotate", "--practice", "99"]) == 2
    assert "99" in capsys.readouterr().err


def test_without_a_key_model_setting_the_command_says_so(capsys, settings):
    del settings.VAULT_KEY_MODEL
    reset_vault()
    assert main(["vault", "status"]) == 2
    assert "VAULT_KEY_MODEL" in capsys.readouterr().err
