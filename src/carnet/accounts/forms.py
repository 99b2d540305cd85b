from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from carnet.accounts.models import Practice, Role, User
from carnet.records.forms import StrictForm, StrictModelForm


class InviteForm(StrictForm):
    username = forms.RegexField(
        label=_("Identifiant"), max_length=40, regex=r"^[a-z0-9._-]{3,40}$",
        error_messages={"invalid": _("3 à 40 caractères : lettres minuscules, chiffres, . _ -")},
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    email = forms.EmailField(label=_("Courriel professionnel"))
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("Cet identifiant est déjà utilisé."))
        return username


class OwnCodeForm(StrictForm):
    """The administrator proves their own second factor before a sensitive
    change to someone else's account."""

    code = forms.RegexField(
        label=_("Votre code de double authentification"), regex=r"^\d{6}$",
        error_messages={"invalid": _("Le code compte 6 chiffres.")},
    )

    def __init__(self, *args, admin, **kwargs):
        super().__init__(*args, **kwargs)
        self.admin = admin

    MAX_FAILURES = 5
    FAILURE_WINDOW_S = 15 * 60

    def clean_code(self):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP
        from django.core.cache import cache

        # Six digits are guessable without a limit: a stolen session must not
        # brute-force its way past a step-up.
        failures_key = f"carnet:second-factor-failures:{self.admin.pk}"
        if cache.get(failures_key, 0) >= self.MAX_FAILURES:
            raise forms.ValidationError(_("Trop d'essais : réessayez dans 15 minutes."))
        code = self.cleaned_data["code"]
        totp = Authenticator.objects.filter(user=self.admin, type=Authenticator.Type.TOTP).first()
        if totp is None or not TOTP(totp).validate_code(code):
            cache.add(failures_key, 0, self.FAILURE_WINDOW_S)
            cache.incr(failures_key)
            raise forms.ValidationError(_("Code incorrect ou déjà utilisé."))
        return code


class SetPasswordForm(StrictForm):
    password1 = forms.CharField(label=_("Mot de passe"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Confirmation"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError(_("Les deux mots de passe diffèrent."))
        if p1:
            validate_password(p1, self.user)
        return cleaned


class AccessLogFilterForm(StrictForm):
    allowed_extra = StrictForm.allowed_extra | {"page"}

    patient = forms.CharField(label=_("Patient (identifiant opaque)"), max_length=32, required=False)
    actor = forms.CharField(label=_("Compte"), max_length=150, required=False)
    action = forms.CharField(label=_("Action"), max_length=20, required=False)
    since = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PracticeSettingsForm(StrictModelForm):
    class Meta:
        model = Practice
        fields = ["guard_mode"]
        help_texts = {
            "guard_mode": _(
                "Avertir : une information sensible dans le dossier administratif demande une "
                "confirmation, tracée dans le journal. Bloquer : elle est refusée."
            )
        }


class ObservatoryExportForm(StrictForm):
    allowed_extra = StrictForm.allowed_extra | {"action"}

    quasi = forms.MultipleChoiceField(
        label=_("Quasi-identifiants (ce qu'un tiers peut connaître)"),
        widget=forms.CheckboxSelectMultiple, required=True,
    )
    sensitive = forms.MultipleChoiceField(
        label=_("Données étudiées"), widget=forms.CheckboxSelectMultiple, required=True,
    )
    k = forms.IntegerField(label=_("k (taille minimale de chaque groupe)"), min_value=2, max_value=100, initial=10)
    l = forms.IntegerField(label=_("l (valeurs distinctes par groupe, facultatif)"), min_value=2, max_value=10, required=False)
    pseudonym = forms.BooleanField(
        label=_("Ajouter un pseudonyme par patient (l'export sera alors pseudonyme, pas anonyme)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        from carnet.records.observatory_export import QUASI_FIELDS, SENSITIVE_FIELDS

        super().__init__(*args, **kwargs)
        self.fields["quasi"].choices = list(QUASI_FIELDS.items())
        self.fields["sensitive"].choices = list(SENSITIVE_FIELDS.items())
