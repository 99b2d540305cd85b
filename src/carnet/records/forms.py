"""Forms of the patient record. Each validates at the boundary, in French."""

from django import forms
from django.utils.translation import gettext_lazy as _

from carnet.records import models, validators


class StrictForm(forms.Form):
    """Rejects fields it does not know, so that a crafted request cannot slip
    extra data past the form (or believe it was saved)."""

    allowed_extra = frozenset({"csrfmiddlewaretoken", "guard_action"})

    def clean(self):
        cleaned = super().clean()
        unknown = set(self.data) - set(self.fields) - self.allowed_extra
        if unknown:
            raise forms.ValidationError(
                _("Champs inconnus : %(names)s."), params={"names": ", ".join(sorted(unknown))}
            )
        return cleaned


class StrictModelForm(StrictForm, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PatientForm(StrictModelForm):
    class Meta:
        model = models.Patient
        fields = [
            "family_name", "given_name", "birth_date", "sex", "nir", "address", "postcode",
            "city", "phone", "email", "insurance", "attending_doctor", "admin_comment",
        ]
        widgets = {
            "birth_date": DateInput(),
            "admin_comment": forms.Textarea(attrs={"rows": 4, "data-guard": "1"}),
        }

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        from carnet.accounts.models import Role, User

        doctor_field = self.fields["attending_doctor"]
        doctor_field.queryset = User.objects.filter(practice=practice, role=Role.DOCTOR, is_active=True)
        doctor_field.label_from_instance = lambda user: user.display_name
        self.fields["birth_date"].validators.append(validators.validate_birth_date)

    def clean_nir(self):
        value = validators.compact(self.cleaned_data["nir"])
        if value:
            validators.validate_nir(value)
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        if value:
            validators.validate_phone(value)
        return value

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if value:
            validators.validate_postcode(value)
        return value


class PatientSearchForm(StrictForm):
    q = forms.CharField(label=_("Nom ou prénom (premières lettres)"), max_length=60, required=False)
    born = forms.DateField(label=_("Date de naissance"), required=False, widget=DateInput())
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


class EncounterForm(StrictModelForm):
    class Meta:
        model = models.Encounter
        fields = ["date", "reason", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 6})}


class ClinicalNoteForm(StrictModelForm):
    class Meta:
        model = models.ClinicalNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class AllergyForm(StrictModelForm):
    class Meta:
        model = models.Allergy
        fields = ["substance", "reaction"]


class HistoryItemForm(StrictModelForm):
    class Meta:
        model = models.HistoryItem
        fields = ["label", "cim10", "since"]
        widgets = {"since": DateInput()}

    def clean_cim10(self):
        code = self.cleaned_data["cim10"].strip().upper().replace(".", "")
        if code and not (code[0].isalpha() and code[1:3].isdigit() and len(code) <= 6):
            raise forms.ValidationError(_("Code CIM-10 invalide (exemple : E11 ou I10)."))
        return code


class TreatmentForm(StrictModelForm):
    class Meta:
        model = models.Treatment
        fields = ["drug", "dosage", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("La fin du traitement précède son début."))
        return cleaned


class ResultForm(StrictModelForm):
    class Meta:
        model = models.Result
        fields = ["label", "value", "date"]
        widgets = {"date": DateInput()}


MEDICAL_FORMS = {
    "consultation": EncounterForm,
    "note": ClinicalNoteForm,
    "allergie": AllergyForm,
    "antecedent": HistoryItemForm,
    "traitement": TreatmentForm,
    "resultat": ResultForm,
}
