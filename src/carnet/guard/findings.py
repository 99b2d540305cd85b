"""What ``scan`` returns: immutable, JSON-ready, with French explanations."""

from __future__ import annotations

from dataclasses import dataclass

from carnet.guard.categories import CATEGORY_LABELS


@dataclass(frozen=True, slots=True)
class Finding:
    """One sensitive mention: ``text[start:end]`` of the scanned note."""

    start: int
    end: int
    category: str
    text: str
    explanation: str
    negated: bool = False
    hearsay: bool = False

    @property
    def label(self) -> str:
        """The category's French label, for display."""
        return CATEGORY_LABELS[self.category]

    def as_dict(self) -> dict:
        """JSON-serialisable form, for the live typing endpoint."""
        return {
            "start": self.start,
            "end": self.end,
            "category": self.category,
            "label": self.label,
            "text": self.text,
            "explanation": self.explanation,
            "negated": self.negated,
            "hearsay": self.hearsay,
        }


@dataclass(frozen=True, slots=True)
class Findings:
    """All findings of one note, ordered by position."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def categories(self) -> tuple[str, ...]:
        """Sorted category ids; empty when the note holds nothing sensitive."""
        return tuple(sorted({f.category for f in self.findings}))

    @property
    def sensitive(self) -> bool:
        return bool(self.findings)

    def __bool__(self) -> bool:
        return self.sensitive

    def __iter__(self):
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def to_scan_record(self, note_id) -> dict:
        """The ``carnet guard scan`` output line (design.md contract)."""
        return {
            "id": note_id,
            "categories": list(self.categories),
            "spans": [{"start": f.start, "end": f.end, "category": f.category} for f in self.findings],
        }

    def as_dict(self) -> dict:
        """JSON-serialisable form with labels and explanations."""
        return {
            "categories": list(self.categories),
            "labels": {c: CATEGORY_LABELS[c] for c in self.categories},
            "findings": [f.as_dict() for f in self.findings],
        }
