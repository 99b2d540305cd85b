"""``verify`` names the first bad row when someone with the database owner's
rights (triggers dropped) edits, deletes or inserts rows, or rewrites history
behind a signed checkpoint."""

import pytest

from carnet.audit.chain import HASHED_COLUMNS, row_hash
from carnet.audit.checkpoints import ChainBroken, known_public_keys, write_checkpoint
from carnet.audit.log import record_access
from carnet.audit.models import AccessEvent, ChainHead, Checkpoint
from carnet.audit.verify import verify_practice


@pytest.fixture
def chain(doctor_request, practice):
    """Five events of the practice, by seq."""
    return [
        record_access(doctor_request, practice.pk, "view", patient_ref=n, fields=["last_name"])
        for n in range(1, 6)
    ]


def verify(practice):
    return verify_practice(practice.pk, public_keys=known_public_keys())


def test_it_passes_an_intact_chain(chain, practice):
    write_checkpoint(practice.pk)
    record_access(None, practice.pk, "logout")
    report = verify(practice)
    assert report.ok, report.problem
    assert (report.rows_checked, report.last_seq, report.checkpoints_checked) == (6, 6, 1)


def test_it_names_an_edited_row(chain, practice, attacker):
    attacker.disable_triggers()
    attacker.sql("UPDATE audit_accessevent SET patient_ref = %s WHERE id = %s", ["999", chain[2].pk])
    problem = verify(practice).problem
    assert (problem.code, problem.seq, problem.row_id) == ("hash_mismatch", 3, chain[2].pk)
    assert "seq 3" in problem.message and f"id {chain[2].pk}" in problem.message


def test_it_names_the_row_after_a_deleted_one(chain, practice, attacker):
    attacker.disable_triggers()
    attacker.sql("DELETE FROM audit_accessevent WHERE id = %s", [chain[1].pk])
    problem = verify(practice).problem
    assert (problem.code, problem.seq, problem.row_id) == ("seq_gap", 3, chain[2].pk)


def test_it_notices_rows_deleted_at_the_end(chain, practice, attacker):
    attacker.disable_triggers()
    attacker.sql("DELETE FROM audit_accessevent WHERE id IN (%s, %s)", [chain[3].pk, chain[4].pk])
    problem = verify(practice).problem
    assert (problem.code, problem.seq) == ("rows_missing_at_end", 5)


def test_it_notices_rows_cut_behind_a_checkpoint_even_with_the_head_fixed(chain, practice, attacker):
    write_checkpoint(practice.pk)
    attacker.disable_triggers()
    attacker.sql("DELETE FROM audit_accessevent WHERE id = %s", [chain[4].pk])
    ChainHead.objects.filter(pk=practice.pk).update(seq=4, hash=chain[3].hash)
    problem = verify(practice).problem
    assert (problem.code, problem.seq) == ("checkpoint_row_missing", 5)


def test_it_names_an_inserted_row(chain, practice, attacker):
    attacker.disable_triggers()
    attacker.sql(
        "UPDATE audit_accessevent SET seq = seq + 1000 WHERE practice_id = %s AND seq >= 3", [practice.pk]
    )
    attacker.sql(
        "UPDATE audit_accessevent SET seq = seq - 999 WHERE practice_id = %s AND seq > 1000", [practice.pk]
    )
    forged = {name: getattr(chain[2], name) for name in HASHED_COLUMNS}
    forged.update(seq=3, patient_ref="123", prev_hash=chain[1].hash)
    forged["hash"] = row_hash(forged)
    AccessEvent.objects.create(**forged)
    problem = verify(practice).problem
    # The forged row links correctly; the genuine row pushed to seq 4 does not.
    assert (problem.code, problem.seq, problem.row_id) == ("broken_link", 4, chain[2].pk)


def test_it_notices_a_well_forged_row_appended_behind_the_application(chain, practice):
    forged = {name: getattr(chain[4], name) for name in HASHED_COLUMNS}
    forged.update(seq=6, patient_ref="123", prev_hash=chain[4].hash)
    forged["hash"] = row_hash(forged)
    AccessEvent.objects.create(**forged)
    problem = verify(practice).problem
    assert (problem.code, problem.seq) == ("rows_beyond_head", 6)


def test_it_notices_history_rewritten_behind_a_checkpoint(chain, practice, attacker):
    write_checkpoint(practice.pk)
    attacker.disable_triggers()
    attacker.sql("UPDATE audit_accessevent SET patient_ref = %s WHERE id = %s", ["999", chain[1].pk])
    attacker.rechain(practice.pk, from_seq=2)
    problem = verify(practice).problem
    assert (problem.code, problem.seq, problem.row_id) == ("checkpoint_mismatch", 5, chain[4].pk)


def test_it_rejects_a_checkpoint_with_a_forged_signature(chain, practice, attacker):
    write_checkpoint(practice.pk)
    genuine = Checkpoint.objects.get()
    Checkpoint.objects.create(
        practice_id=practice.pk, seq=3, head_hash=chain[2].hash, created_at=genuine.created_at,
        key_id=genuine.key_id, signature="00" * 64,
    )
    problem = verify(practice).problem
    assert (problem.code, problem.seq) == ("checkpoint_bad_signature", 3)


def test_it_rejects_a_checkpoint_signed_by_another_key(chain, practice, signing_key_in_tmp):
    write_checkpoint(practice.pk)
    signing_key_in_tmp.unlink()  # an attacker's key replaces ours
    with pytest.raises(ChainBroken, match="clé inconnue"):
        write_checkpoint(practice.pk)
    problem = verify(practice).problem
    assert (problem.code, problem.seq) == ("checkpoint_unknown_key", 5)
