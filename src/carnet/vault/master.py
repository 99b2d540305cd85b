"""Master keys: the root of the key hierarchy, kept outside the database.

A master key is 32 random bytes. It only ever wraps (encrypts) the
per-practice keys stored in the database; it never encrypts patient data.

Where it comes from, in order:

1. the ``CARNET_MASTER_KEY`` environment variable: one or more base64 keys
   separated by commas, spaces or newlines, the LAST one being current;
2. a key file (its path is given by the caller), one key a line, the LAST
   line being current, created with mode 0600 on first use.

It is never derived from Django's ``SECRET_KEY`` or any other setting: a copy
of the database together with the application's settings must not be enough
to read patient data.

Each key is named by an id that is a fingerprint of the key itself, so an id
can never be attached to the wrong key by a typing mistake.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from carnet.vault.errors import MasterKeyError

ENV_VAR = "CARNET_MASTER_KEY"
KEY_BYTES = 32

_FILE_HEADER = (
    "# Carnet vault master keys. Keep this file outside the database and its backups.\n"
    "# One key a line, '<key id>:<base64 key>'. The LAST line is the current key;\n"
    "# older lines stay until `carnet vault status` shows no key wrapped by them.\n"
)


def key_id_for(secret: bytes) -> str:
    """Fingerprint naming a master key (reveals nothing usable about the key)."""
    digest = hashlib.sha256(b"carnet-vault master key id\x00" + secret).hexdigest()
    return "m" + digest[:10]


@dataclass(frozen=True)
class MasterKey:
    key_id: str
    secret: bytes = field(repr=False)

    @classmethod
    def from_secret(cls, secret: bytes) -> "MasterKey":
        if len(secret) != KEY_BYTES:
            raise MasterKeyError(f"a master key must be {KEY_BYTES} bytes, got {len(secret)}")
        return cls(key_id_for(secret), bytes(secret))

    @classmethod
    def generate(cls) -> "MasterKey":
        return cls.from_secret(secrets.token_bytes(KEY_BYTES))

    def encoded(self) -> str:
        return base64.b64encode(self.secret).decode("ascii")


@dataclass(frozen=True)
class MasterKeyRing:
    """The current master key plus older ones still needed to unwrap keys."""

    keys: tuple[MasterKey, ...]
    source: str  # "env" or the key file's path, for status messages

    def __post_init__(self) -> None:
        if not self.keys:
            raise MasterKeyError("no master key")

    @property
    def current(self) -> MasterKey:
        return self.keys[-1]

    def get(self, key_id: str) -> MasterKey | None:
        for key in self.keys:
            if key.key_id == key_id:
                return key
        return None

    @property
    def key_ids(self) -> list[str]:
        return [k.key_id for k in self.keys]


def _decode_key(text: str, where: str) -> MasterKey:
    text = text.strip()
    expected_id = None
    if ":" in text:
        expected_id, text = (part.strip() for part in text.split(":", 1))
    try:
        secret = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise MasterKeyError(f"{where}: a master key is not valid base64") from None
    key = MasterKey.from_secret(secret)
    if expected_id is not None and expected_id != key.key_id:
        raise MasterKeyError(f"{where}: key id {expected_id!r} does not match its key")
    return key


def _dedupe(keys: list[MasterKey]) -> tuple[MasterKey, ...]:
    # A key listed twice keeps its last position (the last one is current).
    seen: dict[str, MasterKey] = {}
    for key in keys:
        seen.pop(key.key_id, None)
        seen[key.key_id] = key
    return tuple(seen.values())


def parse_env_keys(value: str) -> MasterKeyRing:
    parts = [p for p in re.split(r"[\s,]+", value) if p]
    return MasterKeyRing(_dedupe([_decode_key(p, ENV_VAR) for p in parts]), "env")


def read_key_file(path: Path) -> MasterKeyRing:
    path = Path(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise MasterKeyError(
            f"{path}: master key file is readable by others (mode {mode:o}); run chmod 600"
        )
    lines = [
        line for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")
    ]
    return MasterKeyRing(_dedupe([_decode_key(line, str(path)) for line in lines]), str(path))


def _write_new_key_file(path: Path, key: MasterKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: if two processes start at once, only one creates the file.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(_FILE_HEADER)
        f.write(f"{key.key_id}:{key.encoded()}\n")
        f.flush()
        os.fsync(f.fileno())


def load_master_keys(key_file: Path | None, environ: Mapping[str, str] | None = None) -> MasterKeyRing:
    """Master keys from the environment if set, else from ``key_file``.

    The key file is created with one fresh key (mode 0600) when it does not
    exist yet. With neither the variable nor a key file path, it is an error.
    """
    environ = os.environ if environ is None else environ
    value = environ.get(ENV_VAR, "").strip()
    if value:
        return parse_env_keys(value)
    if key_file is None:
        raise MasterKeyError(f"no master key: set {ENV_VAR} or give a key file")
    key_file = Path(key_file)
    try:
        _write_new_key_file(key_file, MasterKey.generate())
    except FileExistsError:
        pass
    return read_key_file(key_file)


def add_master_key(key_file: Path) -> MasterKey:
    """Append a fresh key to ``key_file``, making it the current master key."""
    key_file = Path(key_file)
    read_key_file(key_file)  # refuse to append to a broken or unsafe file
    key = MasterKey.generate()
    with open(key_file, "a") as f:
        f.write(f"{key.key_id}:{key.encoded()}\n")
        f.flush()
        os.fsync(f.fileno())
    return key
