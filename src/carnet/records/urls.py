from django.urls import path

from carnet.records import views

app_name = "records"
urlpatterns = [
    path("", views.patient_search, name="patient_search"),
]
