"""Signed checkpoints of the chain heads, and the keys that check them.

A checkpoint states "practice P's chain had hash H at seq N, at time T",
signed with the Ed25519 key kept outside the database. Once a copy of it is
kept elsewhere (``carnet audit checkpoint -o``, printed, mailed to the
practice), history up to N cannot be rewritten unnoticed, even by someone
who can drop the triggers and recompute every hash.

Before signing, the chain is checked from the previous checkpoint on, so a
checkpoint never vouches for a tampered chain.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from carnet.audit.chain import format_ts
from carnet.audit.models import Checkpoint
from carnet.audit.signing import (
    CheckpointStatement,
    SigningKeyMissing,
    key_id,
    load_private_key,
    load_public_pem,
    sign,
)
from carnet.audit.verify import PracticeReport, SignedCheckpoint, verify_practice


class ChainBroken(Exception):
    def __init__(self, report: PracticeReport):
        super().__init__(report.problem.message)
        self.report = report


def known_public_keys(extra_pem_files=()) -> dict:
    """Key id -> public key: the signing key's own (when it is available
    here) and any public keys given as PEM files."""
    keys = {}
    try:
        public = load_private_key(create=False).public_key()
        keys[key_id(public)] = public
    except SigningKeyMissing:
        pass
    for path in extra_pem_files:
        public = load_public_pem(Path(path).read_bytes())
        keys[key_id(public)] = public
    return keys


def write_checkpoint(practice_id: int, *, using: str = DEFAULT_DB_ALIAS) -> SignedCheckpoint | None:
    """Check ``practice_id``'s chain since its last checkpoint, then sign and
    store a checkpoint of its last row. None if the practice has no rows;
    ``ChainBroken`` if the check fails."""
    private_key = load_private_key(create=True)
    public = private_key.public_key()
    keys = known_public_keys()
    keys[key_id(public)] = public
    report = verify_practice(practice_id, public_keys=keys, from_last_checkpoint=True, using=using)
    if not report.ok:
        raise ChainBroken(report)
    if report.last_seq == 0:
        return None
    created_at = timezone.now()
    statement = CheckpointStatement(
        practice_id=practice_id,
        seq=report.last_seq,
        head_hash=report.last_hash,
        created_at=format_ts(created_at),
        key_id=key_id(public),
    )
    row = Checkpoint.objects.using(using).create(
        practice_id=practice_id,
        seq=statement.seq,
        head_hash=statement.head_hash,
        created_at=created_at,
        key_id=statement.key_id,
        signature=sign(private_key, statement),
    )
    return SignedCheckpoint.from_row(row)


def read_checkpoint_file(path) -> list[SignedCheckpoint]:
    """Checkpoints from a JSON Lines file written by ``carnet audit checkpoint -o``."""
    checkpoints = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if line.strip():
                checkpoints.append(
                    SignedCheckpoint.from_record(json.loads(line), f"{Path(path).name}:{number}")
                )
    return checkpoints
