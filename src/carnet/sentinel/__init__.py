"""Access sentinel: scores each record access of an account against its own
behaviour and its peers', and contains a misused account in steps
(step-up, throttle, lock), saying why in French.

Pure Python: no Django import here or in any core module.
"""

from .decision import ALLOW, LOCK, STEP_UP, THROTTLE, Decision
from .engine import Sentinel
from .events import AccessEvent, EventError, event_from_json_line, event_from_mapping
from .policy import DEFAULT_POLICY, Policy
from .store import KeyValueBackend, KeyValueStore, MemoryStore, SentinelStore

__all__ = [
    "ALLOW", "LOCK", "STEP_UP", "THROTTLE", "AccessEvent", "Decision", "EventError",
    "KeyValueBackend", "KeyValueStore", "MemoryStore", "Policy", "DEFAULT_POLICY", "Sentinel", "SentinelStore",
    "event_from_json_line", "event_from_mapping",
]
