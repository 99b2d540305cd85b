from django.urls import path

from carnet.records import views

app_name = "records"
urlpatterns = [
    path("", views.patient_search, name="patient_search"),
    path("nouveau/", views.patient_create, name="patient_create"),
    path("garde/", views.guard_preview, name="guard_preview"),
    path("<str:public_id>/", views.patient_detail, name="patient_detail"),
    path("<str:public_id>/modifier/", views.patient_edit, name="patient_edit"),
    path("<str:public_id>/dossier-medical/", views.medical_record, name="medical_record"),
    path(
        "<str:public_id>/dossier-medical/ajouter/<slug:kind>/",
        views.medical_entry_create,
        name="medical_entry_create",
    ),
]
