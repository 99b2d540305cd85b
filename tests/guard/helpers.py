"""Shared by the guard tests."""

from __future__ import annotations

import os
from pathlib import Path

from carnet.guard import scan

SRC = Path(__file__).resolve().parents[2] / "src"


def categories(text: str) -> set[str]:
    return set(scan(text).categories)


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env
