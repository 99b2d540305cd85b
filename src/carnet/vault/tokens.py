"""The ciphertext format of one encrypted field value.

A token is ASCII text, safe in any text column::

    v1.<key id>.<base64url(nonce || ciphertext || tag)>

- ``v1``: format version; the only one so far.
- key id: which of the practice's data keys encrypted it (8 hex characters),
  so a token says which key it needs, and rotation finds stale tokens.
- nonce: 96 random bits; AES-256-GCM's 128-bit tag follows the ciphertext.

The associated data binds the token to its place: version, key id, practice,
table, column and row. A token copied to another row, column or practice, or
altered by a single bit, fails to decrypt.

Before encryption the value is padded to a multiple of 16 bytes (ISO/IEC
7816-4: a 0x80 byte then zeros), so a ciphertext's length only reveals the
value's length to within 16 bytes.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from carnet.vault._framing import frame
from carnet.vault.errors import InvalidToken

VERSION = "v1"
NONCE_BYTES = 12
TAG_BYTES = 16
PAD_BLOCK = 16
_KEY_ID = re.compile(r"^[0-9a-f]{8}$")


@dataclass(frozen=True)
class FieldContext:
    """Where a value lives. Part of the associated data of its ciphertext.

    ``row`` must be stable for the life of the row and known before it is
    first saved: Carnet's models use a random UUID (``vault_id``), since an
    auto-increment primary key does not exist yet when a new row is encrypted.
    """

    practice_id: str
    table: str
    column: str
    row: str

    def __post_init__(self) -> None:
        for name in ("practice_id", "table", "column", "row"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ValueError(f"FieldContext.{name} must be a non-empty string, got {value!r}")


@dataclass(frozen=True)
class ParsedToken:
    version: str
    key_id: str
    body: bytes  # nonce || ciphertext || tag


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parse_token(token: str) -> ParsedToken:
    if not isinstance(token, str):
        raise InvalidToken("a token is text")
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != VERSION or not _KEY_ID.match(parts[1]):
        raise InvalidToken("not a vault token")
    try:
        body = _b64decode(parts[2])
    except (binascii.Error, ValueError):
        raise InvalidToken("not a vault token") from None
    if len(body) < NONCE_BYTES + PAD_BLOCK + TAG_BYTES:
        raise InvalidToken("token too short")
    return ParsedToken(parts[0], parts[1], body)


def key_id_of(token: str) -> str:
    """The id of the data key a token needs."""
    return parse_token(token).key_id


def _associated_data(key_id: str, context: FieldContext) -> bytes:
    return frame(
        "carnet-vault field",
        VERSION,
        key_id,
        context.practice_id,
        context.table,
        context.column,
        context.row,
    )


def _pad(data: bytes) -> bytes:
    padded = data + b"\x80"
    return padded + b"\x00" * (-len(padded) % PAD_BLOCK)


def _unpad(data: bytes) -> bytes:
    end = data.rstrip(b"\x00")
    if not end.endswith(b"\x80"):
        raise InvalidToken("bad padding")
    return end[:-1]


def seal(key: bytes, key_id: str, context: FieldContext, plaintext: bytes) -> str:
    if not _KEY_ID.match(key_id):
        raise ValueError(f"bad key id {key_id!r}")
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(nonce, _pad(plaintext), _associated_data(key_id, context))
    return f"{VERSION}.{key_id}.{_b64encode(nonce + ciphertext)}"


def open_sealed(key: bytes, parsed: ParsedToken, context: FieldContext) -> bytes:
    nonce, ciphertext = parsed.body[:NONCE_BYTES], parsed.body[NONCE_BYTES:]
    try:
        padded = AESGCM(key).decrypt(nonce, ciphertext, _associated_data(parsed.key_id, context))
    except InvalidTag:
        raise InvalidToken(
            "the token was altered or does not belong to this practice, table, column and row"
        ) from None
    return _unpad(padded)
