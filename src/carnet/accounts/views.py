"""The practice administrator's pages: accounts of the practice and its access
log; and the invitation link a new member follows to choose a password."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import (
    url_has_allowed_host_and_scheme,
    urlsafe_base64_decode,
    urlsafe_base64_encode,
)
from django.utils.translation import gettext as _

from carnet.accounts import forms
from carnet.accounts.models import User
from carnet.records import trail
from carnet.records.access import practice_admin_view


def home(request):
    user = request.user
    if not user.is_authenticated:
        return redirect("account_login")
    if user.is_practice_admin:
        return redirect("accounts:member_list")
    return redirect("records:patient_search")


home.carnet_access = "public"


def _member(request, user_id) -> User:
    return get_object_or_404(User, pk=user_id, practice_id=request.user.practice_id)


@practice_admin_view
def member_list(request):
    members = User.objects.filter(practice_id=request.user.practice_id).order_by("last_name")
    return render(request, "accounts/member_list.html", {"members": members})


@practice_admin_view
def member_invite(request):
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/member_invite.html", {"form": form}, status=400)
        member = User(practice=request.user.practice, **form.cleaned_data)
        member.set_unusable_password()
        member.save()
        link = request.build_absolute_uri(invitation_path(member))
        send_mail(
            _("Votre compte Carnet"),
            _("Bonjour,\n\nUn compte Carnet a été créé pour vous (identifiant : %(u)s).\n"
              "Choisissez votre mot de passe ici : %(link)s\n"
              "Vous configurerez ensuite votre double authentification.")
            % {"u": member.username, "link": link},
            None,
            [member.email],
        )
        trail.record(request, "account_change", detail={"change": "invite", "member": member.username, "role": member.role})
        messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": member.email})
        return redirect("accounts:member_list")
    return render(request, "accounts/member_invite.html", {"form": form})


@practice_admin_view
def member_disable(request, user_id):
    member = _member(request, user_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if member == request.user:
        messages.error(request, _("Vous ne pouvez pas désactiver votre propre compte."))
        return redirect("accounts:member_list")
    member.is_active = not member.is_active
    member.save(update_fields=["is_active"])
    trail.record(
        request, "account_change",
        detail={"change": "enable" if member.is_active else "disable", "member": member.username},
    )
    messages.success(
        request,
        _("Compte désactivé : ses sessions sont closes.") if not member.is_active
        else _("Compte réactivé."),
    )
    return redirect("accounts:member_list")


@practice_admin_view
def member_reset_mfa(request, user_id):
    """Removes a member's second factors (a lost phone). Safeguards: the
    administrator proves their own second factor and cannot reset their own;
    the member's password is voided too (their sessions end) and a link to
    choose a new one goes to their registered address, then a new factor is
    set at first login. Without the password reset, whoever phished the
    password and talked the administrator into a reset ("I lost my phone")
    would enrol their own factor."""
    member = _member(request, user_id)
    if member == request.user:
        raise Http404
    # The administrator's proof: a TOTP code typed here, or a passkey just
    # proven on allauth's re-authentication page (used up by the reset).
    form = forms.OwnCodeForm(request.POST or None, admin=request.user)
    context = {"form": form, "member": member, "proven": _recent_second_factor(request, consume=False) is not None}
    if request.method == "POST":
        if not member.email:
            form.add_error(None, _("Ce compte n'a pas d'adresse électronique : le lien pour choisir un "
                                   "nouveau mot de passe ne pourrait pas lui parvenir. Rien n'a été modifié."))
            return render(request, "accounts/member_reset_mfa.html", context, status=400)
        if _recent_second_factor(request) is None and not form.is_valid():
            return render(request, "accounts/member_reset_mfa.html", context, status=400)
        from allauth.mfa.models import Authenticator

        Authenticator.objects.filter(user=member).delete()
        member.set_unusable_password()
        member.save(update_fields=["password"])
        trail.record(request, "mfa_change", detail={"change": "reset", "member": member.username})
        send_mail(
            _("Votre double authentification Carnet a été réinitialisée"),
            _("L'administrateur de votre cabinet a réinitialisé votre double "
              "authentification et votre mot de passe.\n"
              "Choisissez un nouveau mot de passe ici : %(link)s\n"
              "Vous configurerez ensuite un nouveau second facteur.\n\n"
              "Si vous n'en êtes pas à l'origine, prévenez-le.")
            % {"link": request.build_absolute_uri(invitation_path(member))},
            None, [member.email],
        )
        messages.success(request, _("Double authentification réinitialisée : un lien pour choisir "
                                    "un nouveau mot de passe a été envoyé à %(email)s.")
                         % {"email": member.email})
        return redirect("accounts:member_list")
    return render(request, "accounts/member_reset_mfa.html", context)


def invitation_path(member: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    return reverse("public:invitation", args=[uid, default_token_generator.make_token(member)])


def invitation(request, uidb64, token):
    try:
        member = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, User.DoesNotExist):
        member = None
    if member is None or not member.is_active or not default_token_generator.check_token(member, token):
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = forms.SetPasswordForm(request.POST or None, user=member)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                member.set_password(form.cleaned_data["password1"])
                member.save(update_fields=["password"])
            messages.success(request, _("Mot de passe enregistré : connectez-vous."))
            return redirect("account_login")
        return render(request, "accounts/invitation.html", {"form": form, "member": member}, status=400)
    return render(request, "accounts/invitation.html", {"form": form, "member": member})


invitation.carnet_access = "public"


def _start_of(day):
    """Midnight of ``day`` in the practice's time zone (None stays None)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


@practice_admin_view
def access_log(request):
    """The practice's access log, newest first, filterable, 50 rows a page."""
    from carnet.audit.queries import practice_events

    form = forms.AccessLogFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "patient_ref": data["patient"] or None,
            "actor_username": data["actor"] or None,
            "action": data["action"] or None,
            "since": _start_of(data["since"]),
            "until": _start_of(data["until"] + timedelta(days=1)) if data["until"] else None,
        }
    events = practice_events(request.user.practice_id, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "accounts/access_log.html", {"form": form, "page": page}, status=status)


@practice_admin_view
def guard_report(request):
    """The notes guard's audit of the practice's stored comments (as the DPO's
    report): counts per category and the patients concerned, by opaque id."""
    from carnet.records.guard_audit import audit_practice

    report = audit_practice(request.user.practice, origin=request)
    trail_categories = [(report["labels"][c], n) for c, n in report["per_category"].items() if n]
    return render(request, "accounts/guard_report.html",
                  {"report": report, "per_category": trail_categories})


@practice_admin_view
def practice_settings(request):
    form = forms.PracticeSettingsForm(request.POST or None, instance=request.user.practice)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/practice_settings.html", {"form": form}, status=400)
        form.save()
        trail.record(request, "account_change", detail={"change": "settings", **form.cleaned_data})
        messages.success(request, _("Réglages enregistrés."))
        return redirect("accounts:practice_settings")
    return render(request, "accounts/practice_settings.html", {"form": form})


def _back_from_step_up(request):
    """To the page the sentinel held, if it is one of ours; else home."""
    from carnet.sentinel.live import STEP_UP_NEXT

    target = request.session.pop(STEP_UP_NEXT, "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "home")


def step_up(request):
    """The sentinel asks the account to prove its second factor again."""
    from carnet.sentinel.live import step_up_passed

    if not request.user.is_authenticated:
        return redirect("account_login")
    form = forms.OwnCodeForm(request.POST or None, admin=request.user)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "sentinel/step_up.html", {"form": form}, status=400)
        step_up_passed(request, proof="totp")
        return _back_from_step_up(request)
    return render(request, "sentinel/step_up.html", {"form": form})


step_up.carnet_access = "public"

# How recent allauth's own second-factor check must be to count as a step-up.
REAUTHENTICATION_MAX_AGE_S = 120


# Proofs accepted from allauth's re-authentication page. Not recovery codes:
# whoever holds a session and the password can display them (allauth shows
# them again after a password re-authentication).
PROVING_FACTORS = ("totp", "webauthn")
_USED_PROOFS = "carnet_used_second_factor_proofs"


def _recent_second_factor(request, consume: bool = True) -> str | None:
    """The second factor (totp, webauthn) the user proved on allauth's
    re-authentication page in the last REAUTHENTICATION_MAX_AGE_S seconds, and
    has not used yet for a step-up or a reset; marked used. None otherwise.

    The sign-in's own second factor does not count (allauth records it too, but
    not as a re-authentication), and one proof opens one door only.
    """
    import time

    from allauth.account.internal.flows.login import get_authentication_records

    used = request.session.get(_USED_PROOFS, [])
    recent = [
        r for r in get_authentication_records(request, request.user)
        if r.get("method") == "mfa" and r.get("reauthenticated") and r.get("type") in PROVING_FACTORS
        and time.time() - r.get("at", 0) <= REAUTHENTICATION_MAX_AGE_S and r.get("at") not in used
    ]
    if not recent:
        return None
    if consume:
        request.session[_USED_PROOFS] = (used + [recent[-1]["at"]])[-10:]
    return recent[-1]["type"]


def step_up_reauthenticated(request):
    """The other way through a step-up: allauth's re-authentication page
    sends the account back here; a passkey or a TOTP code proven there counts
    (a recovery code does not: see PROVING_FACTORS)."""
    from carnet.sentinel.live import step_up_passed

    if not request.user.is_authenticated:
        return redirect("account_login")
    proof = _recent_second_factor(request)
    if proof is None:
        return redirect("public:step_up")
    step_up_passed(request, proof=proof)
    return _back_from_step_up(request)


step_up_reauthenticated.carnet_access = "public"


@practice_admin_view
def alert_list(request):
    from carnet.accounts.models import SentinelAlert

    alerts = SentinelAlert.objects.filter(practice_id=request.user.practice_id).select_related("user")
    return render(request, "accounts/alert_list.html", {"alerts": alerts[:200]})


@practice_admin_view
def alert_unlock(request, alert_id):
    from carnet.accounts.models import SentinelAlert
    from carnet.sentinel.live import unlock

    alert = get_object_or_404(
        SentinelAlert, pk=alert_id, practice_id=request.user.practice_id, resolved_at__isnull=True
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    unlock(request, alert)
    messages.success(request, _("Compte déverrouillé."))
    return redirect("accounts:alert_list")


@practice_admin_view
def observatory_export(request):
    """An observatory export of the practice's data, with its measured risk."""
    from django.http import HttpResponse

    from carnet.observatory import AnonymizationError
    from carnet.records.observatory_export import as_zip, run_export

    form = forms.ObservatoryExportForm(request.POST or None, initial={"k": 10})
    context = {"form": form}
    if request.method != "POST":
        return render(request, "accounts/observatory_export.html", context)
    if not form.is_valid():
        return render(request, "accounts/observatory_export.html", context, status=400)
    params = form.cleaned_data
    # Building the table decrypts the whole practice's medical data: the
    # sentinel judges it, and the access log records it, preview included.
    from carnet.sentinel.live import gate

    refused = gate(request, "export")
    if refused is not None:
        return refused
    try:
        out, report, before = run_export(
            request.user.practice, params["quasi"], params["sensitive"], params["k"], params["l"],
            params["pseudonym"],
        )
    except AnonymizationError as exc:
        form.add_error(None, str(exc))
        return render(request, "accounts/observatory_export.html", context, status=400)
    download = request.POST.get("action") == "download"
    trail.record(request, "export", fields=[*params["quasi"], *params["sensitive"]], detail={
        "kind": "observatory", "downloaded": download, "k": params["k"], "l": params["l"],
        "label": report["label"], "rows_in": report["rows_in"], "rows_out": report["rows_out"],
        "levels": report["levels"],
    })
    if not download:
        context.update(report=report, before=before)
        return render(request, "accounts/observatory_export.html", context)
    response = HttpResponse(as_zip(out, report), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="carnet-observatoire.zip"'
    return response
