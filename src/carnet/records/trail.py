"""Writes what a view read or changed to the access log, in the view's own
transaction (``access.py`` opens it), so a response never leaves unlogged."""

from carnet.audit import log


def record(request, action, patient=None, fields=(), detail=None, patient_refs=None):
    log.record_access(
        request,
        request.user.practice_id,
        action,
        patient_ref=patient.public_id if patient is not None else None,
        fields=fields,
        detail=detail,
        patient_refs=patient_refs,
    )
