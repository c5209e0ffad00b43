from django.urls import path

from api.sharing import exports, views

urlpatterns = [
    path("sharing/codes/", views.ShareCodeView.as_view(), name="share-code-create"),
    path("sharing/grants/", views.GrantListView.as_view(), name="grant-list"),
    path("sharing/grants/<int:id>/", views.GrantDetailView.as_view(), name="grant-detail"),
    path("sharing/access-log/", views.AccessLogView.as_view(), name="access-log"),
    path("clinician/links/", views.LinkView.as_view(), name="clinician-link"),
    path("clinician/patients/", views.PatientListView.as_view(), name="clinician-patient-list"),
    path("clinician/patients/<int:id>/summary/", views.PatientSummaryView.as_view(),
         name="clinician-patient-summary"),
    path("clinician/patients/<int:id>/entries/", views.PatientEntriesView.as_view(),
         name="clinician-patient-entries"),
    path("clinician/patients/<int:id>/exams/", views.PatientExamView.as_view(),
         name="clinician-patient-exams"),
    path("clinician/patients/<int:id>/export/", exports.PatientExportView.as_view(),
         name="clinician-patient-export"),
    path("export/", exports.OwnExportView.as_view(), name="own-export"),
]
