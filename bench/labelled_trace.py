"""Reading a trace and its labels (spec/sentinel-replay.md), for the scripts that rewrite traces."""

from __future__ import annotations

import json


def read_labelled_trace(events_path: str, labels_path: str) -> tuple[list[dict], dict[int, dict]]:
    """The events in order, and the labels by the 1-based line of the event they mark."""
    with open(events_path, encoding="utf-8") as lines:
        events = [json.loads(line) for line in lines if line.strip()]
    with open(labels_path, encoding="utf-8") as lines:
        labels = {int(label["line"]): label for label in map(json.loads, filter(str.strip, lines))}
    return events, labels
