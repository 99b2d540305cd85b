"""Reading the access log: the practice administrator's page, and the breach
scope (which patients and fields a set of accounts saw in a time window)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet

from carnet.audit.log import RETURNED_PATIENTS
from carnet.audit.models import AccessEvent, Action

# Actions through which patient data reached the actor's screen or file.
DISCLOSING_ACTIONS = frozenset(
    {Action.VIEW, Action.SEARCH, Action.LIST, Action.CREATE, Action.UPDATE, Action.EXPORT}
)


def practice_events(
    practice_id: int,
    *,
    patient_ref=None,
    actor_id: int | None = None,
    actor_username: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> QuerySet:
    """A practice's events, newest first; every filter is optional.
    ``since`` is inclusive, ``until`` exclusive. Paginate the result."""
    events = AccessEvent.objects.using(using).filter(practice_id=int(practice_id))
    if patient_ref is not None:
        events = events.filter(patient_ref=str(patient_ref))
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if actor_username:
        events = events.filter(actor_username=actor_username)
    if action:
        events = events.filter(action=action)
    if since is not None:
        events = events.filter(ts__gte=since)
    if until is not None:
        events = events.filter(ts__lt=until)
    return events.order_by("-seq")


@dataclass(frozen=True)
class PatientExposure:
    """What a set of accounts saw of one patient."""

    practice_id: int
    patient_ref: str
    fields: frozenset[str]
    fields_by_actor: dict  # actor id (None for unknown) -> frozenset of field names
    first_seen: datetime
    last_seen: datetime
    events: int

    @property
    def actor_ids(self) -> frozenset:
        return frozenset(self.fields_by_actor)


def accessed_patients(
    actor_ids,
    since: datetime,
    until: datetime,
    *,
    practice_id: int | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> list[PatientExposure]:
    """Distinct patients the accounts ``actor_ids`` saw in [since, until), with
    the fields each saw: from single-patient events (``patient_ref``) and from
    the patients returned by searches and lists (``detail.patient_refs``,
    with the fields that result page showed). Sorted by practice and patient.
    """
    events = (
        AccessEvent.objects.using(using)
        .filter(actor_id__in=list(actor_ids), ts__gte=since, ts__lt=until, action__in=DISCLOSING_ACTIONS)
        .order_by("practice_id", "seq")
        .values_list("practice_id", "actor_id", "ts", "patient_ref", "fields", "detail")
    )
    if practice_id is not None:
        events = events.filter(practice_id=practice_id)
    seen: dict[tuple[int, str], dict] = {}
    for practice, actor, ts, patient_ref, fields, detail in events.iterator(chunk_size=2000):
        patients = list((detail or {}).get(RETURNED_PATIENTS, ()))
        if patient_ref is not None:
            patients.append(patient_ref)
        for ref in dict.fromkeys(patients):
            entry = seen.setdefault(
                (practice, str(ref)), {"by_actor": {}, "first": ts, "last": ts, "events": 0}
            )
            entry["by_actor"].setdefault(actor, set()).update(fields)
            entry["first"], entry["last"] = min(entry["first"], ts), max(entry["last"], ts)
            entry["events"] += 1
    return [
        PatientExposure(
            practice_id=practice,
            patient_ref=ref,
            fields=frozenset().union(*entry["by_actor"].values()),
            fields_by_actor={a: frozenset(f) for a, f in entry["by_actor"].items()},
            first_seen=entry["first"],
            last_seen=entry["last"],
            events=entry["events"],
        )
        for (practice, ref), entry in sorted(seen.items())
    ]
