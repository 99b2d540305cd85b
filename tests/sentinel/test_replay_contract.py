"""``carnet sentinel replay`` per spec/sentinel-replay.md."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from carnet.cli import main
from carnet.sentinel import MemoryStore, Sentinel, event_from_json_line
from carnet.sentinel.replay import ReplayError, replay_lines

SRC = Path(__file__).resolve().parents[2] / "src"


def _lines(count=120, gap_s=2, **extra):
    lines = []
    for k in range(count):
        minute, second = divmod(k * gap_s, 60)
        record = {"ts": f"2026-03-02T10:{minute:02d}:{second:02d}+01:00", "account": "a017",
                  "practice": "p03", "action": "view", "patient": f"p03-{k * 13:06d}",
                  "ip": "198.51.100.7", "agent": "ua-2", **extra}
        lines.append(json.dumps(record))
    return lines


def test_it_writes_one_decision_per_event_in_order(tmp_path):
    events, out = tmp_path / "events.jsonl", tmp_path / "decisions.jsonl"
    events.write_text("\n".join(_lines()) + "\n")
    assert main(["sentinel", "replay", str(events), "-o", str(out)]) == 0
    decisions = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(decisions) == 120
    for decision in decisions:
        assert set(decision) == {"decision", "score", "reason"}
        assert decision["decision"] in ("allow", "step_up", "throttle", "lock")
        assert isinstance(decision["score"], float) and isinstance(decision["reason"], str)
    assert decisions[0]["decision"] == "allow" and decisions[-1]["decision"] == "lock"


def test_it_takes_the_same_path_as_the_live_entry_point():
    lines = _lines()
    sentinel = Sentinel(MemoryStore())
    live = [sentinel.decide(event_from_json_line(line)).as_json() for line in lines]
    assert list(replay_lines(lines)) == live


def test_it_starts_every_replay_from_an_empty_state():
    lines = _lines()
    assert list(replay_lines(lines)) == list(replay_lines(lines))


def test_it_ignores_unknown_keys():
    plain = list(replay_lines(_lines()))
    decorated = list(replay_lines(_lines(session="s-1", referer="x", results_count=3)))
    assert decorated == plain


def test_it_keeps_locking_until_an_unlock_event():
    lines = _lines()
    lines.append(json.dumps({"ts": "2026-03-02T18:00:00+01:00", "account": "a017", "action": "view",
                             "patient": "p03-000000"}))
    lines.append(json.dumps({"ts": "2026-03-03T08:00:00+01:00", "account": "a017", "action": "unlock"}))
    lines.append(json.dumps({"ts": "2026-03-03T08:01:00+01:00", "account": "a017", "action": "view",
                             "patient": "p03-000000"}))
    decisions = [d["decision"] for d in replay_lines(lines)]
    assert decisions[-3:] == ["lock", "allow", "allow"]


@pytest.mark.parametrize("bad, message", [
    ("{not json", "line 2: not valid JSON"),
    ('{"account": "a", "action": "view"}', "line 2: missing 'ts'"),
    ('{"ts": "2026-03-02T10:00:00+01:00", "action": "view"}', "line 2: missing 'account'"),
    ('{"ts": "2026-03-02T10:00:00+01:00", "account": "a"}', "line 2: missing 'action'"),
    ('{"ts": "yesterday", "account": "a", "action": "view"}', "line 2: 'ts' is not ISO 8601"),
    ('["ts"]', "line 2: an event must be a JSON object"),
])
def test_it_stops_on_a_bad_line_and_names_it(bad, message):
    with pytest.raises(ReplayError, match=message):
        list(replay_lines([_lines(1)[0], bad]))


def test_it_exits_non_zero_with_one_line_naming_the_bad_line(tmp_path):
    events, out = tmp_path / "events.jsonl", tmp_path / "decisions.jsonl"
    events.write_text(_lines(1)[0] + "\n" + '{"ts": "2026-03-02T10:00:00+01:00", "action": "view"}\n')
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    run = subprocess.run([sys.executable, "-m", "carnet", "sentinel", "replay", str(events), "-o", str(out)],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        f"carnet sentinel: error: {events}: line 2: missing 'account'"]


def test_it_reports_a_missing_events_file(tmp_path, capsys):
    assert main(["sentinel", "replay", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err
