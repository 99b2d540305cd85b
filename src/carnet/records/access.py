"""Who may open what: the one place where practice isolation and roles are
enforced for patient data.

Every view of Carnet that touches a patient or a practice is wrapped by one of
the decorators below. Each marks the view with the access level it enforces
(``view.carnet_access``), and a test walks every URL of the project to check
that no view lacks one and that each level holds for a foreign practice and a
lesser role. The checks run on the server, before any patient row is read;
a refusal is a 404, which does not even confirm that the patient exists.
"""

from enum import StrEnum
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404

from carnet.records.models import Patient
from carnet.sentinel.live import gate as sentinel_gate


class Access(StrEnum):
    PATIENT_LIST = "patient_list"  # search and create: doctors and secretaries
    ADMINISTRATIVE = "administrative"  # one patient's administrative record
    MEDICAL = "medical"  # one patient's medical record: clinicians only
    PRACTICE_ADMIN = "practice_admin"  # the practice's accounts and access log


def _allowed(user, access: Access) -> bool:
    if access is Access.MEDICAL:
        return user.is_clinician
    if access is Access.PRACTICE_ADMIN:
        return user.is_practice_admin
    return user.sees_patients


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


def _practice_patient(request, public_id):
    """The patient of the user's own practice, or None; locked for a change."""
    patients = Patient.objects.filter(public_id=public_id, practice_id=request.user.practice_id)
    if request.method == "POST":
        patients = patients.select_for_update(of=("self",))
    return patients.first()


def _guarded(access: Access, view, load_patient: bool):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not _allowed(user, access):
            raise Http404
        with transaction.atomic():
            if load_patient:
                patient = _practice_patient(request, kwargs.pop("public_id"))
                if patient is None:
                    raise Http404
                # The row is loaded but nothing is decrypted yet: the sentinel
                # decides before any patient data is read. A POST is judged as
                # a view too: only a change that is saved counts as care
                # (``trail.record`` tells the sentinel), never a mere attempt.
                response = sentinel_gate(request, "view", patient_ref=patient.public_id)
                if response is None:
                    response = view(request, patient, *args, **kwargs)
            else:
                response = view(request, *args, **kwargs)
        return _no_store(response)

    wrapped.carnet_access = access
    return wrapped


def patient_list_view(view):
    """Search, list or create patients of the user's own practice."""
    return _guarded(Access.PATIENT_LIST, view, load_patient=False)


def administrative_view(view):
    """A view of one patient's administrative record; receives the patient."""
    return _guarded(Access.ADMINISTRATIVE, view, load_patient=True)


def medical_view(view):
    """A view of one patient's medical record; receives the patient."""
    return _guarded(Access.MEDICAL, view, load_patient=True)


def practice_admin_view(view):
    """The practice administrator's pages."""
    return _guarded(Access.PRACTICE_ADMIN, view, load_patient=False)
