from django.urls import path

from api.entries import views

urlpatterns = [
    path("entries/", views.EntryListView.as_view(), name="entry-list"),
    path("entries/<uuid:entry_id>/", views.EntryDetailView.as_view(), name="entry-detail"),
]
