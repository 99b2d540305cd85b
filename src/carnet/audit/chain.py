"""The hash chain: canonical encoding of a row and its SHA-256 link.

Pure functions over plain values (no Django import), shared by the writer
(``log.record_access``) and the checker (``verify``) so that both hash exactly
the same bytes.

A row's hash covers every column but ``id`` (assigned by the database after
the hash is computed) and ``hash`` itself; ``seq`` and ``practice_id`` are
covered, so renumbering or moving a row changes its hash, and ``prev_hash`` is
covered, so each row commits to everything before it.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime, timezone

HASHED_COLUMNS = (
    "practice_id",
    "seq",
    "ts",
    "actor_id",
    "actor_username",
    "action",
    "patient_ref",
    "fields",
    "detail",
    "ip",
    "user_agent",
    "prev_hash",
)


def genesis_hash(practice_id: int) -> str:
    """The ``prev_hash`` of a practice's first row: fixed and practice-specific,
    so that a chain cannot be moved to another practice."""
    return hashlib.sha256(f"carnet-audit-genesis:v1:{int(practice_id)}".encode()).hexdigest()


def format_ts(ts: datetime) -> str:
    """UTC, microseconds, fixed width: the same text whatever the database
    returns (SQLite text or PostgreSQL timestamptz)."""
    if ts.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return ts.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def json_value(value):
    """``value`` reduced to what survives a JSON column round trip unchanged.

    Tuples become lists, keys must be strings, and floats with an integral
    value become ints (PostgreSQL's jsonb gives ``1e20`` back as an integer).
    Anything else (sets, dates, NaN) is refused: the caller must say what it
    means by it.
    """
    if value is None or isinstance(value, (bool, str)):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("NUL characters cannot be stored in the audit log")
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("audit detail: non-finite number")
        return int(value) if value.is_integer() else value
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("audit detail: object keys must be strings")
        return {k: json_value(v) for k, v in value.items()}
    raise TypeError(f"audit detail: {type(value).__name__} is not a JSON value")


def canonical_json(value) -> bytes:
    return json.dumps(
        json_value(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def row_hash(columns: dict) -> str:
    """SHA-256 (hex) of the canonical encoding of ``columns`` (HASHED_COLUMNS)."""
    document = {name: columns[name] for name in HASHED_COLUMNS}
    document["ts"] = format_ts(document["ts"])
    return hashlib.sha256(b"carnet-audit-row:v1:" + canonical_json(document)).hexdigest()
