from django.conf import settings
from django.http import FileResponse


def app_shell(request):
    """The PWA's single page; its assets come from /static/ through whitenoise."""
    response = FileResponse(open(settings.BASE_DIR / "frontend" / "index.html", "rb"), content_type="text/html")
    response["Cache-Control"] = "no-cache"
    return response
