from django.urls import include, path

from carnet.accounts import urls as accounts_urls
from carnet.accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("comptes/", include("allauth.urls")),
    path("comptes/", include((accounts_urls.public_urlpatterns, "accounts"), namespace="public")),
    path("cabinet/", include("carnet.accounts.urls")),
    path("patients/", include("carnet.records.urls")),
]
