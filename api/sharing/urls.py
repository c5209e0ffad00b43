from django.urls import path

from api.sharing import views

# The patient's side of sharing; the clinician's side is in api.clinicians.urls.
urlpatterns = [
    path("sharing/codes/", views.ShareCodeView.as_view(), name="share-code-create"),
    path("sharing/grants/", views.GrantListView.as_view(), name="grant-list"),
    path("sharing/grants/<id:id>/", views.GrantDetailView.as_view(), name="grant-detail"),
    path("sharing/access-log/", views.AccessLogView.as_view(), name="access-log"),
]
