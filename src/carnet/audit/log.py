"""Writing to the access log.

Call ``record_access`` inside the transaction that reads the data the response
shows, after the read: if the log cannot be written, the whole transaction
fails and nothing is shown without a trace.

    from carnet.audit.log import record_access

    with transaction.atomic():
        patient = ...                       # the read the response shows
        record_access(request, patient.practice_id, "view",
                      patient_ref=patient.pk, fields=["last_name", "birth_date"])

Appends to one practice's chain are serialised: on PostgreSQL the practice's
``ChainHead`` row is locked (SELECT ... FOR UPDATE) until the caller's
transaction ends, so keep the work after ``record_access`` short; on SQLite
the settings open every transaction with BEGIN IMMEDIATE, which already holds
the database's single write lock.
"""

from __future__ import annotations

import ipaddress

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from carnet.audit.chain import genesis_hash, json_value, row_hash
from carnet.audit.models import AccessEvent, Action, ChainHead

# Events with no practice (a failed login for an unknown username, a
# superuser's maintenance) go to their own chain.
SYSTEM_PRACTICE_ID = 0

# Key of ``detail`` holding the patients a search or list returned, in order.
RETURNED_PATIENTS = "patient_refs"

USER_AGENT_MAX = 512
PATIENT_REF_MAX = 64  # AccessEvent.patient_ref: an opaque id, never a name


def request_origin(request) -> tuple[str | None, str]:
    """(ip, user agent) of a Django request.

    The IP is the peer address (REMOTE_ADDR): a reverse proxy must set it from
    the client's address; X-Forwarded-For is not read, as any client can
    write it.
    """
    return clean_ip(request.META.get("REMOTE_ADDR")), clean_user_agent(
        request.META.get("HTTP_USER_AGENT", "")
    )


def clean_ip(value) -> str | None:
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        return None


def clean_user_agent(value) -> str:
    return str(value or "").replace("\x00", "")[:USER_AGENT_MAX]


def record_access(
    origin,
    practice_id: int | None,
    action: str,
    *,
    patient_ref=None,
    fields=(),
    detail: dict | None = None,
    patient_refs=None,
    actor=None,
    actor_username: str | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> AccessEvent:
    """Append one event to ``practice_id``'s chain and return it.

    ``origin`` is the Django request (actor, IP and user agent are taken from
    it), or the acting user, or None for the system. ``actor`` overrides the
    request's user (e.g. at login, before ``request.user`` is set);
    ``actor_username`` records the name typed at a failed login.
    ``fields`` are the names of the fields shown or changed; ``patient_refs``
    the patients a search or list returned (stored in ``detail``).
    """
    action = Action(action).value  # ValueError on an unknown action
    ip, user_agent = request_origin(origin) if hasattr(origin, "META") else (None, "")
    if actor is None:
        actor = getattr(origin, "user", None) if hasattr(origin, "META") else origin
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    detail = dict(detail or {})
    if patient_refs is not None:
        detail[RETURNED_PATIENTS] = [str(ref) for ref in patient_refs]
    practice_id = SYSTEM_PRACTICE_ID if practice_id is None else int(practice_id)
    if patient_ref is not None and len(str(patient_ref)) > PATIENT_REF_MAX:
        raise ValueError(f"patient_ref longer than {PATIENT_REF_MAX} characters")

    columns = {
        "practice_id": practice_id,
        "actor_id": actor.pk if actor is not None else None,
        "actor_username": (actor.get_username() if actor is not None else actor_username or "")[:150],
        "action": action,
        "patient_ref": None if patient_ref is None else str(patient_ref),
        "fields": sorted({str(f) for f in fields}),
        "detail": json_value(detail),
        "ip": ip,
        "user_agent": user_agent,
    }
    with transaction.atomic(using=using, savepoint=False):
        head = _locked_chain_head(practice_id, using)
        columns["seq"] = head.seq + 1
        columns["prev_hash"] = head.hash or genesis_hash(practice_id)
        # Taken under the lock, so that ts never goes backwards along a chain
        # (up to the clock's own jumps).
        columns["ts"] = timezone.now()
        columns["hash"] = row_hash(columns)
        event = AccessEvent.objects.using(using).create(**columns)
        ChainHead.objects.using(using).filter(pk=practice_id).update(
            seq=event.seq, hash=event.hash
        )
    return event


def _locked_chain_head(practice_id: int, using: str) -> ChainHead:
    heads = ChainHead.objects.using(using).select_for_update()
    try:
        return heads.get(pk=practice_id)
    except ChainHead.DoesNotExist:
        pass
    # First event of this practice (or the head row was lost: start from the
    # last row rather than restarting at seq 1). Two first writers may race:
    # ON CONFLICT DO NOTHING lets one insert win, and both then lock that row.
    last = (
        AccessEvent.objects.using(using)
        .filter(practice_id=practice_id)
        .order_by("-seq")
        .values_list("seq", "hash")
        .first()
    )
    seq, last_hash = last or (0, "")
    ChainHead.objects.using(using).bulk_create(
        [ChainHead(practice_id=practice_id, seq=seq, hash=last_hash)], ignore_conflicts=True
    )
    return heads.get(pk=practice_id)
