from django.urls import path

from api.exercises import views

urlpatterns = [
    path("exercises/library/", views.LibraryView.as_view(), name="exercise-library"),
    path("programme/", views.ProgrammeView.as_view(), name="programme"),
    path("programme/default/", views.DefaultProgrammeView.as_view(), name="programme-default"),
    path("programme/<id:programme_id>/end/", views.ProgrammeEndView.as_view(), name="programme-end"),
    path("programme/sessions/<uuid:session_id>/", views.SessionView.as_view(), name="programme-session"),
    path("questionnaires/", views.QuestionnaireListView.as_view(), name="questionnaires"),
    path("questionnaire-responses/", views.QuestionnaireResponseListView.as_view(), name="questionnaire-responses"),
    path(
        "questionnaire-responses/<uuid:response_id>/",
        views.QuestionnaireResponseView.as_view(),
        name="questionnaire-response",
    ),
    path(
        "clinician/patients/<id:id>/programmes/",
        views.ClinicianProgrammeListView.as_view(),
        name="clinician-programmes",
    ),
    path(
        "clinician/patients/<id:id>/programmes/<id:programme_id>/progress/",
        views.ClinicianProgrammeProgressView.as_view(),
        name="clinician-programme-progress",
    ),
    path(
        "clinician/patients/<id:id>/programmes/<id:programme_id>/end/",
        views.ClinicianProgrammeEndView.as_view(),
        name="clinician-programme-end",
    ),
    path(
        "clinician/patients/<id:id>/programme/",
        views.ClinicianProgrammeOverviewView.as_view(),
        name="clinician-programme",
    ),
]
