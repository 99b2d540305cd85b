"""Checkpoints: signed with a key kept outside the database, checkable with
the exported public key, never signed over a broken chain."""

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from carnet.audit.checkpoints import ChainBroken, write_checkpoint
from carnet.audit.log import record_access
from carnet.audit.models import Checkpoint
from carnet.audit.signing import key_id, load_public_pem, signature_is_valid
from carnet.audit.verify import SignedCheckpoint
from carnet.cli import main


@pytest.fixture
def three_views(doctor_request, practice):
    return [record_access(doctor_request, practice.pk, "view", patient_ref=n) for n in range(3)]


def exported_public_key(capsys):
    assert main(["audit", "pubkey"]) == 0
    return load_public_pem(capsys.readouterr().out.encode())


def test_it_creates_a_private_key_file_on_first_checkpoint(three_views, practice, signing_key_in_tmp):
    assert not signing_key_in_tmp.exists()
    write_checkpoint(practice.pk)
    assert signing_key_in_tmp.stat().st_mode & 0o777 == 0o600
    first_key = signing_key_in_tmp.read_bytes()
    write_checkpoint(practice.pk)
    assert signing_key_in_tmp.read_bytes() == first_key


def test_it_signs_the_chain_head_with_the_exported_key(three_views, practice, capsys):
    signed = write_checkpoint(practice.pk)
    stored = Checkpoint.objects.get()
    assert (stored.practice_id, stored.seq, stored.head_hash) == (practice.pk, 3, three_views[-1].hash)
    public = exported_public_key(capsys)
    assert stored.key_id == key_id(public)
    statement = SignedCheckpoint.from_row(stored).statement
    assert signature_is_valid(public, statement, stored.signature)
    assert statement == signed.statement
    altered = SignedCheckpoint.from_record({**signed.to_record(), "seq": 2}, "test").statement
    assert not signature_is_valid(public, altered, stored.signature)


def test_it_takes_the_key_from_the_environment(three_views, practice, monkeypatch, signing_key_in_tmp, capsys):
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    monkeypatch.setenv("CARNET_AUDIT_SIGNING_KEY", pem.decode())
    write_checkpoint(practice.pk)
    assert Checkpoint.objects.get().key_id == key_id(key.public_key())
    assert key_id(exported_public_key(capsys)) == key_id(key.public_key())
    assert not signing_key_in_tmp.exists()


def test_it_makes_no_checkpoint_of_an_empty_log(practice):
    assert write_checkpoint(practice.pk) is None
    assert not Checkpoint.objects.exists()


def test_it_refuses_to_sign_a_tampered_chain(three_views, practice, attacker):
    attacker.disable_triggers()
    attacker.sql("UPDATE audit_accessevent SET patient_ref = %s WHERE id = %s", ["x", three_views[1].pk])
    with pytest.raises(ChainBroken, match="seq 2"):
        write_checkpoint(practice.pk)
    assert not Checkpoint.objects.exists()


def test_it_checks_only_what_follows_the_last_checkpoint_but_anchors_it(
    three_views, doctor_request, practice, attacker
):
    write_checkpoint(practice.pk)
    record_access(doctor_request, practice.pk, "search", patient_refs=[1, 2])
    assert write_checkpoint(practice.pk).statement.seq == 4
    attacker.disable_triggers()
    attacker.sql("UPDATE audit_accessevent SET patient_ref = %s WHERE id = %s", ["x", three_views[0].pk])
    attacker.rechain(practice.pk, from_seq=1)
    with pytest.raises(ChainBroken, match="seq 4"):
        write_checkpoint(practice.pk)
