from django.urls import include, path, register_converter

from api.converters import IdConverter
from api.health import HealthView

register_converter(IdConverter, "id")

# One URL module per area.
urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
    path("", include("api.vocabulary.urls")),
    path("", include("api.accounts.urls")),
    path("", include("api.entries.urls")),
    path("", include("api.screening.urls")),
    path("", include("api.reminders.urls")),
    path("", include("api.sharing.urls")),
    path("", include("api.clinicians.urls")),
    path("", include("api.exports.urls")),
    path("", include("api.treatments.urls")),
    path("", include("api.exercises.urls")),
    path("", include("api.imports.urls")),
    path("", include("api.records.urls")),
]
