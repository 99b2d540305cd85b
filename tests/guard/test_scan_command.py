"""`carnet guard scan` follows the design.md contract."""

import json
import subprocess
import sys

import pytest

from carnet.cli import main
from carnet.guard import scan

from .helpers import subprocess_env


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


NOTES = [
    {"id": "n1", "text": "porteuse sida !!!", "labels": ["health"]},
    {"id": 2, "text": "", "other": "ignored"},
    {"id": "n3", "text": "RDV annulé"},
    {"id": "n4", "text": "Vote RN, délégué CGT"},
]


def test_it_writes_one_object_per_input_line_in_order(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(source, NOTES * 30)
    assert main(["guard", "scan", str(source), "-o", str(target), "--jobs", "2"]) == 0
    records = read_jsonl(target)
    assert [r["id"] for r in records] == [n["id"] for n in NOTES * 30]
    for note, record in zip(NOTES * 30, records):
        assert set(record) == {"id", "categories", "spans"}
        assert record["categories"] == list(scan(note["text"]).categories)
        assert record["categories"] == sorted(record["categories"])
        for span in record["spans"]:
            assert set(span) == {"start", "end", "category"}
            assert span["category"] in record["categories"]


def test_it_accepts_empty_text(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(source, [{"id": "e", "text": ""}])
    assert main(["guard", "scan", str(source), "-o", str(target)]) == 0
    assert read_jsonl(target) == [{"id": "e", "categories": [], "spans": []}]


@pytest.mark.parametrize(("bad_line", "words"), [
    ('{"id": 2, "text": "x"', "JSON"),
    ('{"text": "no id"}', "id"),
    ('{"id": 3}', "text"),
    ('{"id": 4, "text": 12}', "text"),
    ('["not", "an", "object"]', "objet"),
])
def test_it_stops_on_a_malformed_line_naming_it(tmp_path, capsys, bad_line, words):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text('{"id": 1, "text": "ok"}\n' + bad_line + '\n{"id": 5, "text": "ok"}\n',
                      encoding="utf-8")
    assert main(["guard", "scan", str(source), "-o", str(target), "--jobs", "1"]) != 0
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert "ligne 2" in error and words in error
    assert not target.exists()


def test_it_reads_csv_with_named_columns(tmp_path):
    source, target = tmp_path / "export.csv", tmp_path / "out.jsonl"
    source.write_text('num;commentaire;autre\nA1;"Femme battue; TS en 2019";x\nA2;tiers payant;y\n',
                      encoding="utf-8")
    assert main(["guard", "scan", str(source), "--text-column", "commentaire",
                 "--id-column", "num", "-o", str(target)]) == 0
    records = read_jsonl(target)
    assert [r["id"] for r in records] == ["A1", "A2"]
    assert records[0]["categories"] == ["health", "violence"]
    assert records[1]["categories"] == []


def test_it_names_a_missing_csv_column(tmp_path, capsys):
    source, target = tmp_path / "export.csv", tmp_path / "out.jsonl"
    source.write_text("num,texte\n1,rien\n", encoding="utf-8")
    assert main(["guard", "scan", str(source), "--text-column", "commentaire",
                 "--id-column", "num", "-o", str(target)]) == 2
    assert "commentaire" in capsys.readouterr().err


def test_it_reports_progress_on_stderr_and_nothing_on_stdout(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(source, NOTES)
    result = subprocess.run([sys.executable, "-m", "carnet", "guard", "scan", str(source), "-o", str(target)],
                            capture_output=True, text=True, env=subprocess_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "4 notes" in result.stderr
    assert len(read_jsonl(target)) == 4


def test_it_exits_non_zero_for_a_missing_input_file(tmp_path, capsys):
    assert main(["guard", "scan", str(tmp_path / "absent.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "absent.jsonl" in capsys.readouterr().err
