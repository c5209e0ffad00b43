from django.urls import path

from api.screening import views

urlpatterns = [
    path("patterns/", views.PatternsView.as_view(), name="patterns"),
    path("red-flag-reviews/", views.DoctorCheckView.as_view(), name="red-flag-reviews"),
]
