"""Pages of the patient record. Access rules live in ``access.py``; every
read and change of patient data is written to the access log by ``trail``."""

from django.contrib import messages
from django.http import Http404
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from carnet.records import forms, search, trail
from carnet.records.access import administrative_view, medical_view, patient_list_view
from carnet.records.timeline import timeline

PAGE_SIZE = 50  # never more patients at once: no bulk listing of identities
LIST_FIELDS = ("family_name", "given_name", "birth_date")
ADMIN_FIELDS = tuple(forms.PatientForm.Meta.fields)


@patient_list_view
def patient_search(request):
    form = forms.PatientSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["born"]):
        found = search.find_patients(
            request.user.practice, form.cleaned_data["q"], form.cleaned_data["born"]
        )
        page = Paginator(found, PAGE_SIZE).get_page(form.cleaned_data.get("page") or 1)
        trail.record(
            request,
            "search",
            fields=LIST_FIELDS,
            detail={"page": page.number, "total": page.paginator.count},
            patient_refs=[p.public_id for p in page.object_list],
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "records/patient_search.html", {"form": form, "page": page}, status=status)


@patient_list_view
def patient_create(request):
    form = forms.PatientForm(request.POST or None, practice=request.user.practice)
    if request.method == "POST":
        if form.is_valid():
            patient = form.save(commit=False)
            patient.practice = request.user.practice
            patient.save()
            search.index_patient(patient)
            trail.record(request, "create", patient, fields=ADMIN_FIELDS)
            messages.success(request, _("Patient créé."))
            return redirect("records:patient_detail", public_id=patient.public_id)
        return render(request, "records/patient_form.html", {"form": form}, status=400)
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
        if form.is_valid():
            form.save()
            search.index_patient(patient)
            trail.record(request, "update", patient, fields=tuple(form.changed_data))
            messages.success(request, _("Dossier administratif enregistré."))
            return redirect("records:patient_detail", public_id=patient.public_id)
        return render(
            request, "records/patient_form.html", {"form": form, "patient": patient}, status=400
        )
    trail.record(request, "view", patient, fields=ADMIN_FIELDS)
    return render(request, "records/patient_form.html", {"form": form, "patient": patient})


@medical_view
def medical_record(request, patient):
    entries = timeline(patient)
    trail.record(
        request, "view", patient, fields=("medical_record",), detail={"entries": len(entries)}
    )
    return render(
        request,
        "records/medical_record.html",
        {"patient": patient, "timeline": entries, "kinds": forms.MEDICAL_FORMS},
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
    return render(
        request,
        "records/medical_entry_form.html",
        {"form": form, "patient": patient, "kind": kind, "title": form_class.Meta.model._meta.verbose_name},
        status=status,
    )
