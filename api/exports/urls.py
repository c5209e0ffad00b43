from django.urls import path

from api.exports import views

# The downloads: a linked patient's diary for a clinician, and a patient's own data.

urlpatterns = [
    path("clinician/patients/<id:id>/export/", views.PatientExportView.as_view(), name="clinician-patient-export"),
    path("export/", views.OwnExportView.as_view(), name="own-export"),
]
