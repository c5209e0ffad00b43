from django.conf import settings
from django.http import FileResponse, JsonResponse


def app_shell(request):
    """The PWA's single page; its assets come from /static/ through whitenoise."""
    response = FileResponse(open(settings.BASE_DIR / "frontend" / "index.html", "rb"), content_type="text/html")
    response["Cache-Control"] = "no-cache"
    return response


def csrf_failure(request, reason=""):
    """CSRF refusals answer JSON like every other API error, and say what to do."""
    return JsonResponse(
        {"detail": f"CSRF check failed ({reason}). Fetch /api/v1/auth/csrf/ and send the token as X-CSRFToken."},
        status=403,
    )
