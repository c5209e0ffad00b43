from django.urls import path

from api.clinicians import views

# The clinician's endpoints; the downloads are in api.exports.urls, the patient's side of
# sharing in api.sharing.urls.

urlpatterns = [
    path("clinician/links/", views.LinkView.as_view(), name="clinician-link"),
    path("clinician/patients/", views.PatientListView.as_view(), name="clinician-patient-list"),
    path("clinician/patients/<id:id>/summary/", views.PatientSummaryView.as_view(), name="clinician-patient-summary"),
    path("clinician/patients/<id:id>/entries/", views.PatientEntriesView.as_view(), name="clinician-patient-entries"),
    path("clinician/patients/<id:id>/exams/", views.PatientExamView.as_view(), name="clinician-patient-exams"),
    path(
        "clinician/patients/<id:id>/red-flag-reviews/",
        views.PatientRedFlagReviewView.as_view(),
        name="clinician-patient-red-flag-reviews",
    ),
]
