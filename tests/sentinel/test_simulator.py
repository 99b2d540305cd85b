"""``carnet sentinel simulate``: deterministic traces, labels that match the events."""

import json
from collections import Counter
from datetime import datetime

import pytest

from carnet.cli import main
from carnet.sentinel.events import event_from_json_line
from carnet.sentinel.simulate import SCENARIOS


@pytest.fixture(scope="module")
def trace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sim")
    paths = {}
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        events, labels = folder / f"{name}.jsonl", folder / f"{name}-labels.jsonl"
        assert main(["sentinel", "simulate", "--practices", "3", "--weeks", "2", "--seed", str(seed),
                     "-o", str(events), "--labels", str(labels)]) == 0
        paths[name] = (events, labels)
    return paths


def _events(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_it_writes_the_same_trace_for_the_same_seed(trace):
    (events_a, labels_a), (events_b, labels_b) = trace["a"], trace["b"]
    assert events_a.read_bytes() == events_b.read_bytes()
    assert labels_a.read_bytes() == labels_b.read_bytes()


def test_it_writes_another_trace_for_another_seed(trace):
    assert trace["a"][0].read_bytes() != trace["c"][0].read_bytes()


def test_it_writes_events_the_replay_accepts_in_time_order(trace):
    lines = trace["a"][0].read_text().splitlines()
    stamps = [event_from_json_line(line).epoch for line in lines]
    assert stamps == sorted(stamps)


def test_it_labels_attacker_events_that_exist_and_match(trace):
    events = _events(trace["a"][0])
    labels = _events(trace["a"][1])
    assert labels
    for label in labels:
        event = events[label["line"] - 1]
        assert event["account"] == label["account"]
        assert label["attack"].startswith(label["scenario"])
        assert event["action"] != "unlock"
    assert {label["scenario"] for label in labels} == set(SCENARIOS)


def test_it_keeps_most_of_the_trace_benign_and_unlabelled(trace):
    events = _events(trace["a"][0])
    labelled = {label["line"] for label in _events(trace["a"][1])}
    benign = [e for n, e in enumerate(events, start=1) if n not in labelled]
    roles = Counter(e["account"].split("-")[1].rstrip("0123456789") for e in benign)
    assert {"gp", "sec", "adm"} <= set(roles)
    # Roughly 22 consultations a working day per doctor: a view and an update each.
    per_doctor_day = Counter((e["account"], e["ts"][:10]) for e in benign
                             if e["action"] == "update" and "-gp" in e["account"]
                             and "remplacant" not in e["account"])
    weekday_counts = [n for (account, day), n in per_doctor_day.items()
                      if datetime.fromisoformat(day).weekday() < 5]
    assert 15 <= sorted(weekday_counts)[len(weekday_counts) // 2] <= 35


def test_it_unlocks_each_victim_after_the_attack(trace):
    events = _events(trace["a"][0])
    labels = _events(trace["a"][1])
    unlocked = {e["account"] for e in events if e["action"] == "unlock"}
    assert {label["account"] for label in labels} <= unlocked
