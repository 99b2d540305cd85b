"""The notes guard applied to the administrative record.

While a secretary or a doctor types the administrative comment, the form
shows what the guard finds (``static/carnet/guard.js`` calls
``views.guard_preview``). On save, a comment that still holds a finding is
either moved, in part, into the medical record, or saved after an explicit
confirmation (logged), or refused when the practice blocks such comments.

``split_flagged`` is pure: it cuts the comment into segments (sentences,
lines, " / " or " - " separated items, as such comments are written) and
separates those that hold a finding from those that do not.
"""

import re

from carnet.guard import scan

GUARDED_FIELDS = ("admin_comment", "insurance")
_SEGMENT_END = re.compile(r"(?:[.;!?]+\s+|\n+|\s+[/|+•*-]{1,2}\s+|\s*//\s*)")


def segments(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty segment of ``text``."""
    spans, start = [], 0
    for match in _SEGMENT_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if text[s:e].strip(" .;-/|+*•"):
            trimmed.append((s, e))
    return trimmed


def split_flagged(text: str, findings) -> tuple[str, str]:
    """(kept, moved): the segments without and with a finding, each joined
    back with " / "; ``moved`` is empty when nothing was found."""
    flagged = [(f.start, f.end) for f in findings]
    kept, moved = [], []
    for start, end in segments(text):
        part = text[start:end].strip()
        touched = any(s < end and e > start for s, e in flagged)
        (moved if touched else kept).append(part)
    return " / ".join(kept), " / ".join(moved)


def findings_of(cleaned_data: dict) -> dict:
    """Field name -> Findings, for the guarded fields that hold something."""
    found = {}
    for name in GUARDED_FIELDS:
        result = scan(cleaned_data.get(name) or "")
        if result:
            found[name] = result
    return found
