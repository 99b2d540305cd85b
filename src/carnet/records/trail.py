"""Writes what a view read or changed to the access log, in the view's own
transaction (``access.py`` opens it), so a response never leaves unlogged."""

from carnet.audit import log
from carnet.sentinel import live

CARE = frozenset({"create", "update"})


def record(request, action, patient=None, fields=(), detail=None, patient_refs=None):
    """Logs the access; a saved change to a patient's record is also reported
    to the sentinel as care (it makes the patient the account's own)."""
    if action in CARE and patient is not None:
        live.report_care(request, patient.public_id)
    log.record_access(
        request,
        request.user.practice_id,
        action,
        patient_ref=patient.public_id if patient is not None else None,
        fields=fields,
        detail=detail,
        patient_refs=patient_refs,
    )
