from django.urls import path

from api.entries import advice, views

urlpatterns = [
    path("entries/", views.EntryListView.as_view(), name="entry-list"),
    path("entries/<uuid:entry_id>/", views.EntryDetailView.as_view(), name="entry-detail"),
    path("advice/", advice.AdviceListView.as_view(), name="advice-list"),
    path("advice/<uuid:entry_id>/seen/", advice.AdviceSeenView.as_view(), name="advice-seen"),
]
