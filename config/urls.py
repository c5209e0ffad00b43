from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import views

# The admin asks for a second step too (issue 23): its login form takes the authenticator's
# code, and a session that did not pass one sees no admin page. Staff enrol in the app first.
admin.site.__class__ = OTPAdminSite

# Swagger UI sets inline styles; scripts stay 'self' only (the split view serves
# its start-up script as a file, so the strict script policy holds here too).
api_docs = csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="schema"))

urlpatterns = [
    path("", views.app_shell, name="app-shell"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
]

# An unexpected error answers JSON without details, for the API and the app alike.
handler500 = "rest_framework.exceptions.server_error"
# An unknown /api/... path answers JSON too (with DEBUG on, Django's explanatory page).
handler404 = "config.views.not_found"
