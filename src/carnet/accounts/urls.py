from django.urls import path

from carnet.accounts import views

app_name = "accounts"
urlpatterns = [
    path("comptes/", views.member_list, name="member_list"),
    path("comptes/inviter/", views.member_invite, name="member_invite"),
    path("comptes/<int:user_id>/activation/", views.member_disable, name="member_disable"),
    path("comptes/<int:user_id>/double-authentification/", views.member_reset_mfa, name="member_reset_mfa"),
    path("journal/", views.access_log, name="access_log"),
    path("garde/", views.guard_report, name="guard_report"),
    path("reglages/", views.practice_settings, name="practice_settings"),
    path("alertes/", views.alert_list, name="alert_list"),
    path("observatoire/", views.observatory_export, name="observatory_export"),
    path("alertes/<int:alert_id>/deverrouiller/", views.alert_unlock, name="alert_unlock"),
]

public_urlpatterns = [
    path("verification/", views.step_up, name="step_up"),
    path("verification/confirmee/", views.step_up_reauthenticated, name="step_up_reauthenticated"),
    path("invitation/<str:uidb64>/<str:token>/", views.invitation, name="invitation"),
]
