from django.urls import path

from api.vocabulary import views

urlpatterns = [
    path("vocabulary/", views.VocabularyView.as_view(), name="vocabulary"),
]
