"""Keyed pseudonyms: HMAC-SHA-256 of a value under a secret key.

A plain hash of an identifier is not a pseudonym: anyone can hash every NIR
or name and match. With a secret key (per export, kept by the practice and
never written into the output), the rows of one person stay linkable inside
the export and nowhere else.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import polars as pl

KEY_BYTES = 32
PSEUDONYM_HEX_CHARS = 32  # 128 bits: collisions are out of reach for any table


def generate_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def write_key_file(path: str | Path, key: bytes) -> Path:
    """Write the key as hex, readable by its owner only; refuses to overwrite."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key.hex() + "\n")
    return path


def read_key_file(path: str | Path) -> bytes:
    text = Path(path).read_text().strip()
    try:
        key = bytes.fromhex(text)
    except ValueError as exc:
        raise ValueError(f"clé illisible dans {path} (hexadécimal attendu)") from exc
    if len(key) < 16:
        raise ValueError(f"clé trop courte dans {path} (au moins 16 octets)")
    return key


def pseudonym(value: str, key: bytes) -> str:
    digest = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_HEX_CHARS]


def pseudonymise(series: pl.Series, key: bytes) -> pl.Series:
    """Each value replaced by its keyed pseudonym (computed once per distinct value); nulls stay null."""
    distinct = series.drop_nulls().unique()
    as_text = distinct.cast(pl.String).to_list()
    mapping = pl.DataFrame(
        {"value": distinct, "pseudonym": [pseudonym(v, key) for v in as_text]},
        schema={"value": series.dtype, "pseudonym": pl.String},
    )
    return (
        series.to_frame("value")
        .join(mapping, on="value", how="left", maintain_order="left")
        .get_column("pseudonym")
        .alias(series.name)
    )
