"""``carnet audit checkpoint | verify`` as an operator runs them."""

import json

import pytest

from carnet.audit.log import record_access
from carnet.audit.models import Checkpoint
from carnet.cli import main


@pytest.fixture
def two_practices_logged(doctor_request, practice, other_practice):
    events = [record_access(doctor_request, practice.pk, "view", patient_ref=n) for n in range(4)]
    record_access(None, other_practice.pk, "login_failed", actor_username="x")
    return events


def run(capsys, *argv):
    status = main(["audit", *argv])
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err


def test_it_exits_zero_on_intact_chains(two_practices_logged, practice, other_practice, capsys):
    assert run(capsys, "checkpoint")[0] == 0
    status, reports, err = run(capsys, "verify")
    assert status == 0
    assert [(r["practice_id"], r["ok"], r["rows_checked"]) for r in reports] == [
        (practice.pk, True, 4), (other_practice.pk, True, 1),
    ]
    assert "2 chaîne(s) vérifiée(s), 0 altérée(s)" in err


def test_it_exits_non_zero_naming_the_first_bad_row(two_practices_logged, practice, attacker, capsys):
    bad = two_practices_logged[1]
    attacker.disable_triggers()
    attacker.sql("UPDATE audit_accessevent SET actor_username = %s WHERE id = %s", ["dr.autre", bad.pk])
    status, reports, err = run(capsys, "verify", "--practice", str(practice.pk))
    assert status == 1
    assert reports[0]["problem"] | {"message": None} == {
        "practice_id": practice.pk, "seq": 2, "id": bad.pk, "code": "hash_mismatch", "message": None,
    }
    assert f"cabinet {practice.pk}, ligne seq 2 (id {bad.pk})" in err


def test_it_catches_a_rewrite_with_copied_out_checkpoints(
    two_practices_logged, practice, attacker, tmp_path, capsys
):
    kept, pubkey = tmp_path / "kept.jsonl", tmp_path / "audit.pem"
    assert run(capsys, "checkpoint", "-o", str(kept))[0] == 0
    assert run(capsys, "pubkey", "-o", str(pubkey))[0] == 0
    assert [json.loads(line)["seq"] for line in kept.read_text().splitlines()] == [4, 1]
    # Full control of the database: history rewritten, stored checkpoints gone.
    attacker.disable_triggers()
    attacker.sql("UPDATE audit_accessevent SET patient_ref = %s WHERE id = %s", ["x", two_practices_logged[0].pk])
    attacker.rechain(practice.pk, from_seq=1)
    Checkpoint.objects.all().delete()
    assert run(capsys, "verify")[0] == 0  # nothing left inside the database to compare with
    status, reports, err = run(capsys, "verify", "--checkpoints", str(kept), "--pubkey", str(pubkey))
    assert status == 1
    assert reports[0]["problem"]["code"] == "checkpoint_mismatch"
    assert "kept.jsonl:1" in err


def test_it_says_when_a_checkpoint_file_is_unreadable(practice, tmp_path, capsys):
    status, _, err = run(capsys, "verify", "--checkpoints", str(tmp_path / "absent.jsonl"))
    assert status == 2
    assert "illisible" in err


def test_it_still_signs_the_intact_chains_when_one_is_tampered(
    two_practices_logged, practice, other_practice, attacker, capsys
):
    attacker.disable_triggers()
    attacker.sql("DELETE FROM audit_accessevent WHERE id = %s", [two_practices_logged[1].pk])
    status, written, err = run(capsys, "checkpoint")
    assert status == 1
    assert [c["practice_id"] for c in written] == [other_practice.pk]
    assert f"cabinet {practice.pk}, ligne seq 3" in err
    assert list(Checkpoint.objects.values_list("practice_id", flat=True)) == [other_practice.pk]
