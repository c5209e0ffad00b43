from django.urls import path

from api.treatments import views

urlpatterns = [
    path(
        "clinician/patients/<id:id>/procedures/", views.ClinicianProceduresView.as_view(), name="clinician-procedures"
    ),
    path(
        "clinician/patients/<id:id>/procedures/<id:procedure_id>/",
        views.ClinicianProcedureView.as_view(),
        name="clinician-procedure",
    ),
    path("clinician/patients/<id:id>/timeline/", views.ClinicianTimelineView.as_view(), name="clinician-timeline"),
    path("post-block/", views.PostBlockListView.as_view(), name="post-block-list"),
    path("post-block/<id:procedure_id>/", views.PostBlockDetailView.as_view(), name="post-block-detail"),
    path(
        "post-block/<id:procedure_id>/ratings/<str:slot>/",
        views.PostBlockRatingView.as_view(),
        name="post-block-rating",
    ),
    path("post-block/<id:procedure_id>/end/", views.PostBlockEndView.as_view(), name="post-block-end"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("timeline/<id:event_id>/", views.TimelineEventView.as_view(), name="timeline-event"),
]
