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
]

public_urlpatterns = [
    path("invitation/<str:uidb64>/<str:token>/", views.invitation, name="invitation"),
]
