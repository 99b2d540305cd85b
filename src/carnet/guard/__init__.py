"""carnet.guard: find sensitive categories in French administrative free text.

Pure Python, no Django. The whole public API::

    from carnet.guard import scan, scan_many, explain, CATEGORIES, CATEGORY_LABELS

    findings = scan("porteuse sida, serait homosexuelle d'après sa mère")
    findings.categories        # ('health', 'sex_life')
    for f in findings:         # Finding(start, end, category, text, explanation, ...)
        ...
    explain(text)              # JSON-ready dict for a live endpoint
    scan_many(texts, jobs=4)   # iterator of Findings, in order, on all cores
"""

from carnet.guard.batch import scan_many
from carnet.guard.categories import CATEGORIES, CATEGORY_EXPLANATIONS, CATEGORY_LABELS
from carnet.guard.findings import Finding, Findings
from carnet.guard.scanner import scan


def explain(text: str) -> dict:
    """Findings of ``text`` as JSON-serialisable data, with French labels and
    explanations: what the form shows while a comment is typed."""
    return scan(text).as_dict()


__all__ = [
    "CATEGORIES",
    "CATEGORY_EXPLANATIONS",
    "CATEGORY_LABELS",
    "Finding",
    "Findings",
    "explain",
    "scan",
    "scan_many",
]
