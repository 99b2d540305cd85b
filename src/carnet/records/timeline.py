"""The medical record as one chronological list."""

from itertools import chain

from carnet.records.models import MEDICAL_MODELS


def entry_date(entry):
    """The date that places an entry on the timeline: when it happened if
    known, else when it was written."""
    for name in ("date", "start", "since"):
        value = getattr(entry, name, None)
        if value:
            return value
    return entry.created_at.date()


def timeline(patient) -> list:
    entries = chain.from_iterable(
        model.objects.filter(patient=patient).select_related("author") for model in MEDICAL_MODELS
    )
    return sorted(entries, key=entry_date, reverse=True)
