"""Unambiguous encoding of associated data.

Associated data is built from several strings (practice id, table, column,
row id...). Joining them with a separator would let ("a.b", "c") and
("a", "b.c") collide; each part is therefore prefixed with its length.
"""

import struct


def frame(*parts: str | bytes) -> bytes:
    out = bytearray()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else bytes(part)
        out += struct.pack(">I", len(data))
        out += data
    return bytes(out)
