"""The evaluation script splits deterministically and counts honestly."""

import json

from carnet.guard import scan
from carnet.guard.evaluate import evaluate, main, part_of


def test_it_splits_by_id_the_same_way_every_time_about_seventy_thirty():
    ids = [f"n{i:05d}" for i in range(5000)]
    parts = [part_of(note_id) for note_id in ids]
    assert parts == [part_of(note_id) for note_id in ids]
    share = parts.count("tuning") / len(parts)
    assert 0.66 < share < 0.74


def test_it_counts_true_and_false_positives_per_category_and_binary():
    notes = [
        {"id": "a", "text": "diabétique", "labels": ["health"]},
        {"id": "b", "text": "tiers payant", "labels": ["health"]},
        {"id": "c", "text": "vote RN", "labels": []},
        {"id": "d", "text": "RDV annulé", "labels": []},
    ]
    per_category, binary, wrong = evaluate(notes)
    predicted = {n["id"]: set(scan(n["text"]).categories) for n in notes}
    assert predicted["a"] == {"health"} and predicted["c"] == {"politics"}
    assert (per_category["health"].tp, per_category["health"].fn) == (1, 1)
    assert per_category["politics"].fp == 1
    assert (binary.tp, binary.fp, binary.fn) == (1, 1, 1)
    assert binary.precision == 0.5 and binary.recall == 0.5
    assert {note["id"] for note, _ in wrong} == {"b", "c"}


def test_it_refuses_to_list_held_out_errors(tmp_path, capsys):
    path = tmp_path / "notes.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "vote RN", "labels": []}) + "\n", encoding="utf-8")
    assert main([str(path), "--part", "held-out", "--errors"]) == 2
    assert "tuning" in capsys.readouterr().err
