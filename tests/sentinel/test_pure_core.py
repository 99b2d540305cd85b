"""The core imports no Django, and its state survives a JSON round trip (Redis, database)."""

import subprocess
import sys
from pathlib import Path

from carnet.sentinel import KeyValueStore, MemoryStore, Sentinel

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


class DictBackend:
    """A key-value backend that keeps strings only, as Redis does (expiry ignored)."""

    def __init__(self):
        self.values, self.ttls = {}, {}

    def get(self, key):
        return self.values.get(key)

    def set(self, key, value, ttl_s=None):
        assert isinstance(value, str)
        self.values[key], self.ttls[key] = value, ttl_s

    def get_many(self, keys):
        return {key: self.values[key] for key in keys if key in self.values}


def test_it_decides_the_same_with_state_kept_as_json_strings():
    in_memory = scrape(fresh_sentinel(), at(0, 10), 150, gap_s=3)
    backend = DictBackend()
    as_json = scrape(Sentinel(KeyValueStore(backend)), at(0, 10), 150, gap_s=3)
    assert as_json == in_memory
    assert backend.values and all(isinstance(v, str) for v in backend.values.values())
    # Patient memory expires after a year of disuse; account documents do not.
    patient_keys = [k for k in backend.ttls if ":pm:" in k]
    assert patient_keys and all(backend.ttls[k] >= 365 * 24 * 3600 for k in patient_keys)
    assert backend.ttls["sentinel:acct:p01-gp1"] is None


class RecordingStore(MemoryStore):
    """Notes every document and patient memory entry a decision reads."""

    def __init__(self):
        super().__init__()
        self.loaded, self.recalled = set(), set()

    def load(self, key):
        self.loaded.add(key)
        return super().load(key)

    def recall(self, account, patients):
        patients = list(patients)
        self.recalled.update(patients)
        return super().recall(account, patients)


def test_it_names_everything_a_decision_reads(tmp_path):
    """A shared store fetches ``reads(event)`` when it takes the lock; a key the
    decision reads without naming it would cost a round trip more, or be stale."""
    from carnet.sentinel.events import event_from_json_line
    from carnet.sentinel.simulate import SimulationConfig, write_trace

    write_trace(SimulationConfig(practices=2, weeks=1, seed=3), tmp_path / "e.jsonl", tmp_path / "l.jsonl")
    store = RecordingStore()
    sentinel = Sentinel(store)
    lines = (tmp_path / "e.jsonl").read_text().splitlines()
    assert len(lines) > 1000
    for line in lines:
        event = event_from_json_line(line)
        keys, patients = sentinel.reads(event)
        store.loaded.clear()
        store.recalled.clear()
        sentinel.decide(event)
        assert store.loaded <= set(keys), line
        assert store.recalled <= set(patients), line
