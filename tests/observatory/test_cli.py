"""The command-line contract of spec/observatory.md, through a real subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from .tables import patients, smallest_class, smallest_distinct

SRC = Path(__file__).resolve().parents[2] / "src"
QUASI = ["birth_date", "sex", "postcode"]
REPORT_KEYS = {"rows_in", "rows_out", "suppressed", "k_achieved", "levels", "unique_rows_before",
               "risk", "information_loss", "label"}


def carnet(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run([sys.executable, "-m", "carnet", "observatory", *map(str, args)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def table_csv(tmp_path):
    path = tmp_path / "patients.csv"
    patients(1500).write_csv(path, separator=";")
    return path


def test_it_anonymizes_a_csv_into_a_csv_and_writes_the_report(tmp_path, table_csv):
    result = carnet("anonymize", table_csv, "--quasi", ",".join(QUASI), "--sensitive", "diagnosis,prescription",
                    "--k", 5, "--l", 2, "--drop", "patient_id", "-o", tmp_path / "out.csv",
                    "--report", tmp_path / "report.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = pl.read_csv(tmp_path / "out.csv", infer_schema=False)
    report = json.loads((tmp_path / "report.json").read_text())
    assert REPORT_KEYS | {"l_achieved"} <= set(report)
    assert report["label"] == "anonymous"
    assert report["rows_out"] == out.height and report["rows_in"] == 1500
    assert set(report["levels"]) == set(QUASI)
    assert smallest_class(out, QUASI) >= 5 and report["k_achieved"] == smallest_class(out, QUASI)
    assert smallest_distinct(out, QUASI, "diagnosis") >= 2
    assert report["information_loss"]["measure"] == "loss_metric"
    assert "patient_id" not in out.columns


def test_it_reads_and_writes_parquet_and_labels_a_pseudonymous_export(tmp_path):
    patients(1500).write_parquet(tmp_path / "in.parquet")
    result = carnet("anonymize", "in.parquet", "--quasi", ",".join(QUASI), "--sensitive", "diagnosis",
                    "--k", 4, "--pseudonym", "patient_id", "-o", "out.parquet", "--report", "r.json",
                    cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = pl.read_parquet(tmp_path / "out.parquet")
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["label"] == "pseudonymous"
    key_file = Path(report["pseudonym"]["key_file"])
    key = (tmp_path / key_file.name).read_text().strip()
    assert key not in (tmp_path / "out.parquet").read_bytes().decode("latin-1")
    assert key not in (tmp_path / "r.json").read_text()
    assert smallest_class(out, QUASI) >= 4


def test_it_reuses_a_named_key_file_for_linkable_exports(tmp_path, table_csv):
    args = ["--quasi", ",".join(QUASI), "--sensitive", "diagnosis", "--k", 3, "--pseudonym", "patient_id",
            "--key-file", "practice.key"]
    first = carnet("anonymize", table_csv, *args, "-o", "a.csv", "--report", "a.json", cwd=tmp_path)
    second = carnet("anonymize", table_csv, *args, "-o", "b.csv", "--report", "b.json", cwd=tmp_path)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    a = pl.read_csv(tmp_path / "a.csv", infer_schema=False).get_column("patient_id").to_list()
    b = pl.read_csv(tmp_path / "b.csv", infer_schema=False).get_column("patient_id").to_list()
    assert a == b


def test_it_prints_the_risk_report_of_a_table(tmp_path, table_csv):
    result = carnet("measure", table_csv, "--quasi", ",".join(QUASI), "--sensitive", "diagnosis", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows"] == 1500 and report["k_achieved"] >= 1
    assert {"unique_rows", "risk", "l_achieved", "class_sizes"} <= set(report)


@pytest.mark.parametrize(
    "args,message",
    [
        (["--quasi", "birth_date,sex", "--k", 5, "-o", "out.csv"], "patient_id"),  # direct identifier left
        (["--quasi", "nope", "--k", 5, "--drop", "patient_id", "-o", "out.csv"], "nope"),
        (["--quasi", "sex", "--k", 0, "--drop", "patient_id", "-o", "out.csv"], "k"),
        (["--quasi", "sex", "--k", 5, "--drop", "patient_id", "-o", "out.xlsx"], "xlsx"),
        (["--quasi", "sex", "--k", 5, "--drop", "patient_id", "--hierarchy", "sex=missing.csv", "-o", "o.csv"],
         "missing.csv"),
    ],
)
def test_it_fails_with_one_clear_line_and_exit_status_2(tmp_path, table_csv, args, message):
    result = carnet("anonymize", table_csv, *args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("carnet observatory: error:") and message in lines[-1]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_it_reports_a_missing_input_file(tmp_path):
    result = carnet("measure", "absent.csv", "--quasi", "sex", cwd=tmp_path)
    assert result.returncode == 2 and "introuvable" in result.stderr
