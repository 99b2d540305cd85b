from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="records:patient_search"), name="home"),
    path("comptes/", include("allauth.urls")),
    path("patients/", include("carnet.records.urls")),
]
