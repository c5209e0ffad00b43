from django.urls import path

from api.imports import views

urlpatterns = [
    path("imports/", views.ImportListView.as_view(), name="import-list"),
    path("imports/<uuid:id>/", views.ImportDetailView.as_view(), name="import-detail"),
    path("imports/<uuid:id>/commit/", views.ImportCommitView.as_view(), name="import-commit"),
]
