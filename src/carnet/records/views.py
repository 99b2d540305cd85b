"""Pages of the patient record. Access rules live in ``access.py``; every
read and change of patient data is written to the access log by ``trail``."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from carnet.accounts.models import Practice
from carnet.guard import explain
from carnet.records import comment_guard, forms, search, trail
from carnet.records.access import administrative_view, medical_view, patient_list_view
from carnet.records.models import ClinicalNote
from carnet.records.timeline import timeline
from carnet.sentinel.live import gate as sentinel_gate

PAGE_SIZE = 50  # never more patients at once: no bulk listing of identities
LIST_FIELDS = ("family_name", "given_name", "birth_date")
IDENTITY_FIELDS = ("family_name", "given_name")
ADMIN_FIELDS = tuple(forms.PatientForm.Meta.fields)


@patient_list_view
def patient_search(request):
    # POST: what is typed (name prefixes, birth dates) stays out of URLs,
    # server logs and browser history.
    form = forms.PatientSearchForm(request.POST or None)
    page = None
    if form.is_bound and form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["born"]):
        found = search.find_patients(
            request.user.practice, form.cleaned_data["q"], form.cleaned_data["born"]
        )
        page = Paginator(found, PAGE_SIZE).get_page(form.cleaned_data.get("page") or 1)
        shown = [p.public_id for p in page.object_list]
        # Names were decrypted to sort and re-check, but nothing is shown
        # unless the sentinel allows this page of results.
        refused = sentinel_gate(request, "search", results=shown)
        if refused is not None:
            return refused
        trail.record(
            request,
            "search",
            fields=LIST_FIELDS,
            detail={"page": page.number, "total": page.paginator.count},
            patient_refs=shown,
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "records/patient_search.html", {"form": form, "page": page}, status=status)


@patient_list_view
def patient_create(request):
    form = forms.PatientForm(request.POST or None, practice=request.user.practice)
    if request.method == "POST":
        return _save_administrative_record(request, form, creating=True)
    return render(request, "records/patient_form.html", {"form": form})


@administrative_view
def patient_detail(request, patient):
    trail.record(request, "view", patient, fields=ADMIN_FIELDS)
    return render(request, "records/patient_detail.html", {"patient": patient})


@administrative_view
def patient_edit(request, patient):
    form = forms.PatientForm(
        request.POST or None, instance=patient, practice=request.user.practice
    )
    if request.method == "POST":
        return _save_administrative_record(request, form, creating=False)
    return _form_page(request, form, patient)


def _save_administrative_record(request, form, creating):
    """Saves the form once the notes guard is satisfied: flagged parts of the
    comment moved to the medical record, or the findings confirmed, unless
    the practice blocks them."""
    patient = None if creating else form.instance
    if not form.is_valid():
        return _form_page(request, form, patient, status=400)
    found = comment_guard.findings_of(form.cleaned_data)
    guard_action = request.POST.get("guard_action", "")
    moved = ""
    if guard_action == "move" and "admin_comment" in found:
        form.instance.admin_comment, moved = comment_guard.split_flagged(
            form.cleaned_data["admin_comment"], found.pop("admin_comment")
        )
    if found and request.user.practice.guard_mode == Practice.GuardMode.BLOCK:
        messages.error(request, _("Le cabinet interdit ces informations dans le dossier administratif."))
        return _form_page(request, form, patient, found=found, status=400)
    if found and guard_action != "confirm":
        return _form_page(request, form, patient, found=found, status=400)

    patient = form.save(commit=False)
    if creating:
        patient.practice = request.user.practice
    patient.save()
    search.index_patient(patient)
    changed = ADMIN_FIELDS if creating else tuple(form.changed_data)
    trail.record(request, "create" if creating else "update", patient, fields=changed)
    if moved:
        ClinicalNote.objects.create(
            patient=patient, author=request.user,
            text=_("Déplacé du commentaire administratif : %(text)s") % {"text": moved},
        )
        trail.record(request, "create", patient, fields=("note.text",), detail={"from": "admin_comment"})
        messages.info(request, _("Les informations sensibles ont été déplacées dans le dossier médical."))
    if found:
        trail.record(
            request, "guard_confirm", patient, fields=tuple(found),
            detail={name: list(result.categories) for name, result in found.items()},
        )
    messages.success(request, _("Dossier administratif enregistré."))
    return redirect("records:patient_detail", public_id=patient.public_id)


def _form_page(request, form, patient, found=None, status=200):
    if patient is not None:  # the page shows the record again, errors and all
        trail.record(request, "view", patient, fields=ADMIN_FIELDS)
    return render(
        request,
        "records/patient_form.html",
        {"form": form, "patient": patient, "found": found or {},
         "guard_blocks": request.user.practice.guard_mode == Practice.GuardMode.BLOCK},
        status=status,
    )


@patient_list_view
def guard_preview(request):
    """What the notes guard finds in a text being typed (JSON, for guard.js).
    Stores and logs nothing: the text is not saved yet."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    text = request.POST.get("text", "")
    if len(text) > forms.PatientForm.base_fields["admin_comment"].max_length * 2:
        return JsonResponse({"error": _("Texte trop long.")}, status=400)
    return JsonResponse(explain(text))


@medical_view
def medical_record(request, patient):
    entries = timeline(patient)
    trail.record(
        request, "view", patient, fields=("medical_record",), detail={"entries": len(entries)}
    )
    return render(
        request,
        "records/medical_record.html",
        {"patient": patient, "timeline": entries},
    )


@medical_view
def medical_entry_create(request, patient, kind):
    form_class = forms.MEDICAL_FORMS.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            entry = form.save(commit=False)
            entry.patient = patient
            entry.author = request.user
            entry.save()
            trail.record(
                request, "create", patient, fields=tuple(f"{kind}.{name}" for name in form.fields)
            )
            messages.success(request, _("Ajouté au dossier médical."))
            return redirect("records:medical_record", public_id=patient.public_id)
        status = 400
    else:
        status = 200
    trail.record(request, "view", patient, fields=IDENTITY_FIELDS)
    return render(
        request,
        "records/medical_entry_form.html",
        {"form": form, "patient": patient, "kind": kind, "title": form_class.Meta.model._meta.verbose_name},
        status=status,
    )
