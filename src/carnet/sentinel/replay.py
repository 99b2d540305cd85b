"""Replay a recorded stream of events through the sentinel (spec/sentinel-replay.md)."""

from __future__ import annotations

import json
from typing import Iterable, Iterator, TextIO

from .engine import Sentinel
from .events import EventError, event_from_json_line
from .store import MemoryStore


class ReplayError(ValueError):
    """A line that stops the replay; the message names the line."""


def replay_lines(lines: Iterable[str], sentinel: Sentinel | None = None) -> Iterator[dict]:
    """Decisions (as JSON objects) for each non-blank line, from an empty state by default."""
    sentinel = sentinel or Sentinel(MemoryStore())
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            event = event_from_json_line(line)
        except EventError as exc:
            raise ReplayError(f"line {number}: {exc}") from None
        yield sentinel.decide(event).as_json()


def replay_file(events: TextIO, decisions: TextIO, progress: TextIO | None = None) -> int:
    """Write one decision line per event line; returns the number of events."""
    count = 0
    for count, decision in enumerate(replay_lines(events), start=1):
        decisions.write(json.dumps(decision, ensure_ascii=False) + "\n")
        if progress is not None and count % 100_000 == 0:
            print(f"{count} events replayed", file=progress)
    return count
