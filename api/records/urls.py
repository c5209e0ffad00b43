from django.urls import path

from api.records import views
from diary.choices import RecordKind
from diary.services.records import HIDEABLE

# One path per kind (not a <kind> parameter), so each correction has its own input in the schema.
urlpatterns = [
    path("records/history/", views.HistoryView.as_view(), name="record-history"),
    path(
        "clinician/patients/<id:id>/records/history/",
        views.ClinicianHistoryView.as_view(),
        name="clinician-record-history",
    ),
]
for kind in RecordKind.values:
    urlpatterns += [
        path(
            f"clinician/patients/<id:id>/records/{kind}/<id:record_id>/",
            views.correction_view(kind).as_view(),
            name=f"clinician-{kind}-correct",
        ),
        path(
            f"clinician/patients/<id:id>/records/{kind}/<id:record_id>/withdraw/",
            views.ClinicianWithdrawView.as_view(kind=kind),
            name=f"clinician-{kind}-withdraw",
        ),
    ]
for kind in HIDEABLE:
    urlpatterns += [
        path(f"records/{kind}/<id:record_id>/hide/", views.HideView.as_view(kind=kind), name=f"{kind}-hide"),
        path(
            f"records/{kind}/<id:record_id>/show/",
            views.HideView.as_view(kind=kind, hidden=False),
            name=f"{kind}-show",
        ),
    ]
