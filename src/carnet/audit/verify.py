"""Checking the log: every chain, link by link, against its signed checkpoints.

For one practice, in order:

1. every checkpoint (from the database, and from copies kept outside it)
   must carry a valid signature by a known public key;
2. rows are walked by ``seq``: numbers must follow each other from 1, each
   ``prev_hash`` must be the previous row's hash (the genesis value for the
   first), each recomputed hash must equal the stored one, and where a
   checkpoint names that ``seq`` its hash must be the row's hash;
3. a checkpoint beyond the last row means rows were cut off the end; the
   ``ChainHead`` row must agree with the last row.

The first problem met is reported, naming the row (practice, seq, id) and
what is wrong; later rows are not trusted once one is bad, so checking stops
there for that practice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS

from carnet.audit.chain import HASHED_COLUMNS, format_ts, genesis_hash, row_hash
from carnet.audit.models import AccessEvent, ChainHead, Checkpoint
from carnet.audit.signing import CheckpointStatement, signature_is_valid


@dataclass(frozen=True)
class SignedCheckpoint:
    statement: CheckpointStatement
    signature: str
    source: str  # "checkpoint #12" (database row) or "FILE:LINE"

    @classmethod
    def from_row(cls, row: Checkpoint) -> "SignedCheckpoint":
        return cls(
            CheckpointStatement(
                practice_id=row.practice_id,
                seq=row.seq,
                head_hash=row.head_hash,
                created_at=format_ts(row.created_at),
                key_id=row.key_id,
            ),
            row.signature,
            f"point de contrôle #{row.pk}",
        )

    def to_record(self) -> dict:
        s = self.statement
        return {
            "practice_id": s.practice_id,
            "seq": s.seq,
            "head_hash": s.head_hash,
            "created_at": s.created_at,
            "key_id": s.key_id,
            "signature": self.signature,
        }

    @classmethod
    def from_record(cls, record: dict, source: str) -> "SignedCheckpoint":
        return cls(
            CheckpointStatement(
                practice_id=int(record["practice_id"]),
                seq=int(record["seq"]),
                head_hash=str(record["head_hash"]),
                created_at=str(record["created_at"]),
                key_id=str(record["key_id"]),
            ),
            str(record["signature"]),
            source,
        )


@dataclass(frozen=True)
class Problem:
    practice_id: int
    seq: int | None
    row_id: int | None
    code: str
    message: str  # French, for the person running the check

    def to_record(self) -> dict:
        return {
            "practice_id": self.practice_id,
            "seq": self.seq,
            "id": self.row_id,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class PracticeReport:
    practice_id: int
    rows_checked: int = 0
    last_seq: int = 0
    last_hash: str = ""
    checkpoints_checked: int = 0
    last_checkpoint_seq: int | None = None
    problem: Problem | None = None
    _checkpoints_by_seq: dict = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return self.problem is None

    def to_record(self) -> dict:
        return {
            "practice_id": self.practice_id,
            "ok": self.ok,
            "rows_checked": self.rows_checked,
            "last_seq": self.last_seq,
            "checkpoints_checked": self.checkpoints_checked,
            "last_checkpoint_seq": self.last_checkpoint_seq,
            "problem": self.problem.to_record() if self.problem else None,
        }


def practice_ids(using: str = DEFAULT_DB_ALIAS) -> list[int]:
    """Every practice the log knows of: from rows, chain heads and checkpoints,
    so that a practice whose rows were all deleted is still checked."""
    ids = set(ChainHead.objects.using(using).values_list("practice_id", flat=True))
    ids |= set(AccessEvent.objects.using(using).values_list("practice_id", flat=True).distinct())
    ids |= set(Checkpoint.objects.using(using).values_list("practice_id", flat=True).distinct())
    return sorted(ids)


def verify_practice(
    practice_id: int,
    *,
    public_keys: dict,
    external_checkpoints=(),
    from_last_checkpoint: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> PracticeReport:
    """Check one practice's chain. ``public_keys`` maps key ids to Ed25519
    public keys. With ``from_last_checkpoint`` the walk starts at the newest
    valid checkpoint instead of the genesis (used before signing a new one)."""
    report = PracticeReport(practice_id)
    checkpoints = [
        SignedCheckpoint.from_row(row)
        for row in Checkpoint.objects.using(using).filter(practice_id=practice_id).order_by("seq", "pk")
    ] + [cp for cp in external_checkpoints if cp.statement.practice_id == practice_id]
    report.problem = _check_signatures(practice_id, checkpoints, public_keys)
    if report.problem:
        return report
    report.checkpoints_checked = len(checkpoints)
    if checkpoints:
        report.last_checkpoint_seq = max(cp.statement.seq for cp in checkpoints)
    for cp in checkpoints:
        report._checkpoints_by_seq.setdefault(cp.statement.seq, []).append(cp)

    # Read the head before the rows: appends that land during the walk are
    # then seen as rows beyond the head, which the end check re-reads.
    head = ChainHead.objects.using(using).filter(pk=practice_id).values_list("seq", "hash").first()
    start_seq, start_hash = 0, genesis_hash(practice_id)
    if from_last_checkpoint and report.last_checkpoint_seq:
        start_seq = report.last_checkpoint_seq
        start_hash = report._checkpoints_by_seq[start_seq][0].statement.head_hash
        # The walk starts after the checkpointed row: check that row here.
        anchor = (
            AccessEvent.objects.using(using)
            .filter(practice_id=practice_id, seq=start_seq)
            .values_list("pk", "hash")
            .first()
        )
        if anchor is None or anchor[1] != start_hash:
            report.problem = _checkpoint_problem(practice_id, start_seq, anchor and anchor[0], report)
            return report

    report.last_seq, report.last_hash = start_seq, start_hash
    report.problem = _walk(practice_id, start_seq, start_hash, report, using)
    if report.problem is None:
        report.problem = _check_end(practice_id, head, report, using)
    return report


def _check_signatures(practice_id, checkpoints, public_keys) -> Problem | None:
    for cp in checkpoints:
        s = cp.statement
        key = public_keys.get(s.key_id)
        if key is None:
            return Problem(
                practice_id, s.seq, None, "checkpoint_unknown_key",
                f"{cp.source} (seq {s.seq}) : signé par une clé inconnue ({s.key_id}), "
                "signature impossible à vérifier",
            )
        if not signature_is_valid(key, s, cp.signature):
            return Problem(
                practice_id, s.seq, None, "checkpoint_bad_signature",
                f"{cp.source} (seq {s.seq}) : signature invalide, le point de contrôle a été "
                "modifié ou fabriqué",
            )
    return None


def _walk(practice_id, start_seq, start_hash, report, using) -> Problem | None:
    rows = (
        AccessEvent.objects.using(using)
        .filter(practice_id=practice_id, seq__gt=start_seq)
        .order_by("seq", "pk")
        .values_list("pk", "hash", *HASHED_COLUMNS)
        .iterator(chunk_size=2000)
    )
    expected_seq, prev_hash = start_seq + 1, start_hash
    for pk, stored_hash, *values in rows:
        columns = dict(zip(HASHED_COLUMNS, values))
        seq = columns["seq"]
        where = f"cabinet {practice_id}, ligne seq {seq} (id {pk})"
        if seq < expected_seq:
            return Problem(
                practice_id, seq, pk, "seq_duplicate",
                f"{where} : numéro déjà utilisé, une ligne a été insérée",
            )
        if seq > expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq} à {seq - 1}"
            return Problem(
                practice_id, seq, pk, "seq_gap",
                f"{where} : ligne(s) seq {missing} absente(s), supprimée(s) avant cette ligne",
            )
        if columns["prev_hash"] != prev_hash:
            return Problem(
                practice_id, seq, pk, "broken_link",
                f"{where} : ne suit pas la ligne précédente (prev_hash différent) : une ligne a "
                "été insérée, supprimée ou modifiée avant celle-ci",
            )
        if row_hash(columns) != stored_hash:
            return Problem(
                practice_id, seq, pk, "hash_mismatch",
                f"{where} : contenu différent de son empreinte, la ligne a été modifiée",
            )
        for cp in report._checkpoints_by_seq.get(seq, ()):
            if cp.statement.head_hash != stored_hash:
                return _checkpoint_problem(practice_id, seq, pk, report, cp)
        report.rows_checked += 1
        report.last_seq, report.last_hash = seq, stored_hash
        expected_seq, prev_hash = seq + 1, stored_hash
    return None


def _checkpoint_problem(practice_id, seq, pk, report, cp=None) -> Problem:
    cp = cp or report._checkpoints_by_seq[seq][0]
    if pk is None:
        return Problem(
            practice_id, seq, None, "checkpoint_row_missing",
            f"cabinet {practice_id} : la ligne seq {seq} du {cp.source} n'existe plus, des "
            "lignes ont été supprimées",
        )
    return Problem(
        practice_id, seq, pk, "checkpoint_mismatch",
        f"cabinet {practice_id}, ligne seq {seq} (id {pk}) : son empreinte n'est plus celle du "
        f"{cp.source}, l'historique a été réécrit jusqu'à cette ligne",
    )


def _check_end(practice_id, head, report, using) -> Problem | None:
    beyond = [seq for seq in report._checkpoints_by_seq if seq > report.last_seq]
    if beyond:
        return _checkpoint_problem(practice_id, min(beyond), None, report)
    if head is None:
        if report.last_seq:
            return Problem(
                practice_id, None, None, "head_missing",
                f"cabinet {practice_id} : tête de chaîne absente alors que le journal a des lignes",
            )
        return None
    head_seq, head_hash = head
    if head_seq > report.last_seq:
        return Problem(
            practice_id, head_seq, None, "rows_missing_at_end",
            f"cabinet {practice_id} : la chaîne s'arrête à seq {report.last_seq} mais sa tête "
            f"indique seq {head_seq}, des lignes ont été supprimées à la fin",
        )
    if head_seq == report.last_seq and head_hash != report.last_hash:
        return Problem(
            practice_id, head_seq, None, "head_mismatch",
            f"cabinet {practice_id} : la dernière ligne (seq {head_seq}) n'a pas l'empreinte "
            "enregistrée dans la tête de chaîne",
        )
    if head_seq < report.last_seq:
        # Either appends that committed during the walk, or rows written
        # around record_access: the current head tells which.
        current = ChainHead.objects.using(using).filter(pk=practice_id).values_list("seq", flat=True).first()
        if current is None or current < report.last_seq:
            return Problem(
                practice_id, report.last_seq, None, "rows_beyond_head",
                f"cabinet {practice_id} : lignes au-delà de la tête de chaîne (seq {head_seq} à "
                f"{report.last_seq}) : ajoutées hors de l'application",
            )
    return None
