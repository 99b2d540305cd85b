"""The Ed25519 key that signs checkpoints, and checkpoint signatures.

The private key lives outside the database, so that someone who can rewrite
the tables cannot also sign a new history:

- ``CARNET_AUDIT_SIGNING_KEY``: the PEM text of the key (PKCS#8), or
- the file ``settings.AUDIT_SIGNING_KEY_FILE`` if set, else
  ``settings.DATA_DIR / "audit-signing.key"``, created (mode 0600) the first
  time a checkpoint is written.

Verification needs only the public key: ``carnet audit pubkey`` prints it, to
be kept with the copied-out checkpoints.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from carnet.audit.chain import canonical_json

ENV_KEY = "CARNET_AUDIT_SIGNING_KEY"
KEY_FILE_NAME = "audit-signing.key"


class SigningKeyMissing(Exception):
    pass


def key_path() -> Path:
    from django.conf import settings

    configured = getattr(settings, "AUDIT_SIGNING_KEY_FILE", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / KEY_FILE_NAME


def load_private_key(*, create: bool) -> Ed25519PrivateKey:
    """The signing key from the environment or the key file; with ``create``,
    a new key file is made on first use."""
    pem = os.environ.get(ENV_KEY)
    if pem:
        return _parse_private(pem.encode())
    path = key_path()
    if not path.exists():
        if not create:
            raise SigningKeyMissing(f"no audit signing key at {path} (nor in ${ENV_KEY})")
        _create_key_file(path)
    return _parse_private(path.read_bytes())


def _parse_private(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the audit signing key must be an Ed25519 key")
    return key


def _create_key_file(path: Path) -> None:
    """Write a new key at ``path``, atomically: a concurrent first run either
    wins or finds the other's complete file (os.link refuses to overwrite)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)


def public_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def load_public_pem(pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class CheckpointStatement:
    """What a checkpoint signature covers."""

    practice_id: int
    seq: int
    head_hash: str
    created_at: str  # ISO 8601, UTC (chain.format_ts)
    key_id: str

    def message(self) -> bytes:
        return b"carnet-audit-checkpoint:v1:" + canonical_json(
            {
                "practice_id": self.practice_id,
                "seq": self.seq,
                "head_hash": self.head_hash,
                "created_at": self.created_at,
                "key_id": self.key_id,
            }
        )


def sign(private_key: Ed25519PrivateKey, statement: CheckpointStatement) -> str:
    return private_key.sign(statement.message()).hex()


def signature_is_valid(
    public_key: Ed25519PublicKey, statement: CheckpointStatement, signature_hex: str
) -> bool:
    try:
        public_key.verify(bytes.fromhex(signature_hex), statement.message())
    except (InvalidSignature, ValueError):
        return False
    return True
