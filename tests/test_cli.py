import subprocess
import sys

from carnet.cli import main
from carnet.config import database_from_url, read_or_create_secret


def test_it_lists_the_subcommands(capsys):
    assert main([]) == 2
    assert "serve" in capsys.readouterr().err


def test_it_runs_as_a_module():
    out = subprocess.run(
        [sys.executable, "-m", "carnet", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "0.1.0"


def test_it_parses_a_postgres_url():
    db = database_from_url("postgres://u:p%40ss@db.local:5433/carnet", sqlite_path="x")
    assert db["ENGINE"].endswith("postgresql")
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "u", "p@ss", "db.local", "5433", "carnet",
    )


def test_it_falls_back_to_sqlite(tmp_path):
    db = database_from_url(None, sqlite_path=tmp_path / "c.sqlite3")
    assert db["ENGINE"].endswith("sqlite3")


def test_it_creates_a_secret_once_with_private_mode(tmp_path):
    path = tmp_path / "k" / "secret.key"
    first = read_or_create_secret(path)
    assert read_or_create_secret(path) == first
    assert path.stat().st_mode & 0o777 == 0o600
