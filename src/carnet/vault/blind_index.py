"""Keyed blind indexes: search encrypted values without decrypting them.

A blind index term is HMAC-SHA-256(practice index key, scope || value),
truncated to 8 bytes (64 bits) and written in base64url (11 characters). The
key is per practice, so the same name gives different terms in two practices,
and without the key the terms cannot be computed from a list of names.

Truncation keeps the index small; an accidental collision only adds a false
candidate, which the caller drops after decrypting (``matches_name_query``).

Names are searched by prefix: a name is normalised (case folded, accents and
punctuation removed) and every prefix of length 1..MAX_PREFIX of each of its
words, and of the words joined together, is indexed. "dup", "DUP" and "Dùp"
all find "Dupont"; "jean-pi" finds "Jean-Pierre". A query word longer than
MAX_PREFIX is cut to MAX_PREFIX characters, and the re-check after
decryption restores exactness.

What it leaks: someone holding the database sees which rows share a term,
e.g. the patients whose names start with the same letter or who share a
birth date. Values and terms are useless without the practice's index key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from datetime import date

from carnet.vault._framing import frame

MAX_PREFIX = 6
TERM_BYTES = 8
_SPLIT = re.compile(r"[^0-9a-z]+")
# Letters that NFKD does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"æ": "ae", "œ": "oe", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})


def name_words(name: str) -> list[str]:
    """Normalised words of a name: 'Le Gall-Dùpont' -> ['le', 'gall', 'dupont']."""
    folded = unicodedata.normalize("NFKD", name.casefold().translate(_LIGATURES))
    stripped = "".join(c for c in folded if not unicodedata.combining(c))
    stripped = stripped.translate(_LIGATURES)
    return [w for w in _SPLIT.split(stripped) if w]


def name_index_values(name: str, max_prefix: int = MAX_PREFIX) -> set[str]:
    """Every prefix to index for a name (before keying)."""
    words = name_words(name)
    forms = set(words)
    if len(words) > 1:
        forms.add("".join(words))
    prefixes = set()
    for form in forms:
        for length in range(1, min(len(form), max_prefix) + 1):
            prefixes.add(form[:length])
    return prefixes


def name_query_values(query: str, max_prefix: int = MAX_PREFIX) -> list[str]:
    """The prefix to look up for each word of a query, in query order."""
    return list(dict.fromkeys(w[:max_prefix] for w in name_words(query)))


def matches_name_query(names: list[str] | tuple[str, ...], query: str) -> bool:
    """Exact re-check after decryption: every query word starts a word of the
    names, or the start of a name's joined words ('jeanpi' for 'Jean-Pierre')."""
    forms: list[str] = []
    for name in names:
        words = name_words(name or "")
        forms.extend(words)
        forms.append("".join(words))
    return all(any(form.startswith(q) for form in forms) for q in name_words(query))


def term(index_key: bytes, scope: str, value: str) -> str:
    mac = hmac.new(index_key, frame("carnet-vault index", "v1", scope, value), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:TERM_BYTES]).rstrip(b"=").decode("ascii")


def date_value(value: date) -> str:
    return value.isoformat()
