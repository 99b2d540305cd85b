"""The core imports no Django, and its state survives a JSON round trip (Redis, database)."""

import json
import subprocess
import sys
from pathlib import Path

from carnet.sentinel import Sentinel

from .helpers import at, fresh_sentinel, scrape

SRC = Path(__file__).resolve().parents[2] / "src"
CORE = ["carnet.sentinel", "carnet.sentinel.engine", "carnet.sentinel.replay",
        "carnet.sentinel.simulate", "carnet.sentinel.commands", "carnet.sentinel.store"]


def test_it_imports_no_django():
    code = (f"import sys; sys.path.insert(0, {str(SRC)!r}); "
            + "; ".join(f"import {module}" for module in CORE)
            + "; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


class JsonStore:
    """A store that keeps only JSON text, as Redis or a database column would."""

    def __init__(self):
        self.documents, self.patients = {}, {}

    def load(self, key):
        text = self.documents.get(key)
        return None if text is None else json.loads(text)

    def save(self, key, value):
        self.documents[key] = json.dumps(value)

    def recall(self, account, patients):
        memory = self.patients.get(account, {})
        return {p: json.loads(memory[p]) for p in patients if p in memory}

    def remember(self, account, entries):
        memory = self.patients.setdefault(account, {})
        for patient, entry in entries.items():
            memory[patient] = json.dumps(entry)


def test_it_decides_the_same_with_state_kept_as_json():
    in_memory = scrape(fresh_sentinel(), at(0, 10), 150, gap_s=3)
    as_json = scrape(Sentinel(JsonStore()), at(0, 10), 150, gap_s=3)
    assert as_json == in_memory
