"""What the sentinel answers for one event."""

from __future__ import annotations

from dataclasses import dataclass

ALLOW, STEP_UP, THROTTLE, LOCK = "allow", "step_up", "throttle", "lock"
DECISIONS = (ALLOW, STEP_UP, THROTTLE, LOCK)


@dataclass(frozen=True, slots=True)
class Decision:
    decision: str  # one of DECISIONS
    score: float  # >= 1.0 means over the account's allowance in some window
    reason: str  # French, for the practice administrator; "" when nothing is unusual
    # True on the event that locks the account: the glue sends the alert then.
    alert: bool = False

    @property
    def allowed(self) -> bool:
        return self.decision == ALLOW

    def as_json(self) -> dict:
        """The replay's output line (spec/sentinel-replay.md)."""
        return {"decision": self.decision, "score": round(self.score, 3), "reason": self.reason}
