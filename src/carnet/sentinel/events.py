"""The access event the sentinel judges, and its JSON form (spec/sentinel-replay.md).

An event is a plain dataclass so that the replay (JSON Lines) and the live
middleware (a Django request) build the same object and take the same path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

ACTIONS = ("login", "view", "search", "list", "update", "export", "unlock")

# Actions that open one patient's record (the patient is obtained).
OPENING_ACTIONS = ("view", "update", "export")
# Actions whose ``results`` show a page of patients (identities are obtained).
LISTING_ACTIONS = ("search", "list", "export")


class EventError(ValueError):
    """An event that cannot be judged: the message says why, in English."""


@dataclass(frozen=True, slots=True)
class AccessEvent:
    ts: datetime  # timezone-aware; its own offset gives the local clock time
    account: str
    action: str
    practice: str = ""
    patient: str | None = None
    results: tuple[str, ...] = ()
    ip: str = ""
    agent: str = ""
    # The search text when the caller knows it (the live app does); optional.
    query: str | None = None
    epoch: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.ts.tzinfo is None:
            object.__setattr__(self, "ts", self.ts.replace(tzinfo=timezone.utc))
        object.__setattr__(self, "epoch", self.ts.timestamp())

    @property
    def local_day(self) -> str:
        return self.ts.date().isoformat()

    @property
    def local_hour(self) -> int:
        return self.ts.hour


def parse_timestamp(value: object) -> datetime:
    if not isinstance(value, str):
        raise EventError("'ts' must be an ISO 8601 string")
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise EventError(f"'ts' is not ISO 8601: {value!r}") from exc


def event_from_mapping(data: object) -> AccessEvent:
    """Build an event from a decoded JSON object; unknown keys are ignored."""
    if not isinstance(data, dict):
        raise EventError("an event must be a JSON object")
    for key in ("ts", "account", "action"):
        if data.get(key) in (None, ""):
            raise EventError(f"missing '{key}'")
    action = data["action"]
    if not isinstance(action, str):
        raise EventError("'action' must be a string")
    results = data.get("results") or ()
    if not isinstance(results, (list, tuple)):
        raise EventError("'results' must be a list of patient ids")
    patient = data.get("patient")
    query = data.get("query")
    return AccessEvent(
        ts=parse_timestamp(data["ts"]),
        account=str(data["account"]),
        action=action,
        practice=str(data.get("practice") or ""),
        patient=None if patient in (None, "") else str(patient),
        results=tuple(str(r) for r in results),
        ip=str(data.get("ip") or ""),
        agent=str(data.get("agent") or ""),
        query=None if query is None else str(query),
    )


def event_from_json_line(line: str) -> AccessEvent:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EventError(f"not valid JSON ({exc.msg})") from exc
    return event_from_mapping(data)
