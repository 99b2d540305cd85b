"""The sentinel in the live application (Django glue).

``gate(request, action, ...)`` is called by ``carnet.records.access`` on every
request that reads or changes patient data, before the data is decrypted. It
builds the same ``AccessEvent`` a replay reads from JSON, asks the same
``Sentinel``, and turns its decision into a response, or None to go on:

- step_up: to the second-factor prompt, then back to the page;
- throttle: HTTP 429 with a French page;
- lock: the account is disabled (its sessions end at once), the practice
  administrators get an alert page and an email, and can unlock.

State is shared by all worker processes: Redis when ``REDIS_URL`` is set,
the database otherwise.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.contrib.auth import logout
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from carnet.audit import log
from carnet.audit.log import request_origin

from . import ALLOW, LOCK, STEP_UP, THROTTLE, AccessEvent, Sentinel

STEP_UP_NEXT = "carnet_step_up_next"
# Where the live events take their time from; a test may replay a whole day
# through the real views by replacing it.
clock = timezone.localtime
_sentinel: Sentinel | None = None
_sentinel_lock = threading.Lock()


class StoreUnavailable(Exception):
    """The sentinel's shared state cannot be reached."""


def _store_errors() -> tuple:
    try:
        import redis
    except ImportError:  # pragma: no cover - redis is a pinned dependency
        return ()
    return (redis.RedisError,)


def get_sentinel() -> Sentinel:
    global _sentinel
    with _sentinel_lock:
        if _sentinel is None:
            _sentinel = Sentinel(_store())
        return _sentinel


def reset_sentinel() -> None:
    global _sentinel
    with _sentinel_lock:
        _sentinel = None


def _store():
    redis_url = getattr(settings, "SENTINEL_REDIS_URL", "") or settings.REDIS_URL
    if redis_url:
        import redis

        from .redis_store import RedisStore

        prefix = settings.SENTINEL_REDIS_PREFIX
        # Short timeouts: an unreachable Redis must not hold requests (and,
        # on SQLite, the write lock) for the system's TCP timeout.
        client = redis.Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1)
        return RedisStore(client, prefix=prefix)
    from .django_store import DatabaseStore

    return DatabaseStore()


def event_for(request, action: str, patient_ref: str | None = None, results=()) -> AccessEvent:
    ip, agent = request_origin(request)
    user = request.user
    return AccessEvent(
        ts=clock(),
        account=str(user.pk),
        practice=str(user.practice_id),
        action=action,
        patient=patient_ref,
        results=tuple(results),
        ip=ip or "",
        agent=agent,
    )


def decide(request, action: str, patient_ref: str | None = None, results=()):
    sentinel = get_sentinel()
    event = event_for(request, action, patient_ref, results)
    try:
        with sentinel.store.lock(event.account, reads=sentinel.reads(event), merge=sentinel.merge):
            return sentinel.decide(event)
    except _store_errors() as exc:
        raise StoreUnavailable(str(exc)) from exc


def report_care(request, patient_ref: str) -> None:
    """A change to the patient's record was saved: tell the sentinel (an
    ``update`` event). Its decision applies from the next request on."""
    if getattr(settings, "SENTINEL_ENABLED", True):
        decide(request, "update", patient_ref)


def gate(request, action: str, patient_ref: str | None = None, results=()):
    """None when the request may go on, else the response that contains it."""
    if not getattr(settings, "SENTINEL_ENABLED", True):
        return None
    try:
        decision = decide(request, action, patient_ref, results)
    except StoreUnavailable:
        # Fail closed: no patient data without the sentinel's decision.
        return render(request, "sentinel/unavailable.html", status=503)
    if decision.decision == ALLOW:
        return None
    practice_id = request.user.practice_id
    detail = {"reason": decision.reason, "score": round(decision.score, 3), "request": action}
    if decision.decision != LOCK:
        # A proof lifts a step-up and a throttle alike: come back here after it.
        request.session[STEP_UP_NEXT] = request.get_full_path() if request.method == "GET" else ""
    if decision.decision == STEP_UP:
        log.record_access(request, practice_id, "step_up", patient_ref=patient_ref, detail=detail)
        return redirect(reverse("public:step_up"))
    if decision.decision == THROTTLE:
        return _throttle(request, decision, patient_ref, detail)
    assert decision.decision == LOCK
    return _lock_account(request, decision, patient_ref, detail)


def _lock_account(request, decision, patient_ref, detail):
    from carnet.accounts.models import SentinelAlert, User

    user = request.user
    log.record_access(request, user.practice_id, "lock", patient_ref=patient_ref, detail=detail)
    if user.is_active:
        _alert(request, SentinelAlert.Kind.LOCK, decision)
        User.objects.filter(pk=user.pk).update(is_active=False)
    logout(request)
    return render(request, "sentinel/locked.html", {"reason": decision.reason}, status=403)


def _throttle(request, decision, patient_ref, detail):
    """A throttled account keeps its sessions; its administrators are told
    once, since a slow scraper may stay throttled without ever being locked."""
    from carnet.accounts.models import SentinelAlert

    log.record_access(request, request.user.practice_id, "throttle", patient_ref=patient_ref, detail=detail)
    open_alert = SentinelAlert.objects.filter(user=request.user, resolved_at__isnull=True)
    if not open_alert.exists():
        _alert(request, SentinelAlert.Kind.THROTTLE, decision)
    sentinel = get_sentinel()
    may_prove = sentinel.proof_would_lift(str(request.user.pk), clock().timestamp())
    return render(request, "sentinel/throttled.html", {"reason": decision.reason, "may_prove": may_prove},
                  status=429)


def _alert(request, kind, decision) -> None:
    """Records the alert and emails the practice's administrators."""
    from carnet.accounts.models import Role, SentinelAlert, User

    user = request.user
    ip, _ = request_origin(request)
    alert = SentinelAlert.objects.create(
        kind=kind, practice_id=user.practice_id, user=user, reason=decision.reason,
        score=decision.score, ip=ip,
    )
    admins = User.objects.filter(practice_id=user.practice_id, role=Role.ADMIN, is_active=True)
    recipients = [a.email for a in admins if a.email]
    if recipients:
        what = "verrouillé" if kind == SentinelAlert.Kind.LOCK else "ralenti"
        send_mail(
            f"Carnet : compte {what} ({user.get_username()})",
            f"La sentinelle d'accès a {what} le compte {user.get_username()} ({user.display_name}).\n\n"
            f"Motif : {alert.reason}\n\n"
            "Vérifiez avec la personne concernée, consultez le journal des accès, puis traitez "
            "l'alerte depuis la page « Alertes » de Carnet.",
            None,
            recipients,
        )


def step_up_passed(request, proof: str) -> None:
    """The account proved a second factor again (``proof``: totp, webauthn,
    recovery_codes)."""
    sentinel, account = get_sentinel(), str(request.user.pk)
    with sentinel.store.lock(account):
        sentinel.step_up_passed(account, clock().timestamp())
    log.record_access(request, request.user.practice_id, "step_up", detail={"proof": proof})


def unlock(admin_request, alert) -> None:
    """The administrator has dealt with the alert: the account is unlocked
    (or, after a throttle, its slate wiped) and the alert closed."""
    from carnet.accounts.models import User

    sentinel, account = get_sentinel(), str(alert.user_id)
    with sentinel.store.lock(account):
        sentinel.unlock(account, clock().timestamp())
    from carnet.accounts.models import SentinelAlert

    User.objects.filter(pk=alert.user_id).update(is_active=True)
    SentinelAlert.objects.filter(user_id=alert.user_id, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=admin_request.user
    )
    log.record_access(
        admin_request, alert.practice_id, "unlock", detail={"member": alert.user.get_username()}
    )
