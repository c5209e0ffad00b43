import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext
from django.views.defaults import page_not_found

FRONTEND = Path(settings.BASE_DIR) / "frontend"

# A quoted "/static/..." path in the shell, the service worker or the manifest.
STATIC_PATH = re.compile(r'"/static/([^"?#]+)"')


def _with_static_urls(text: str) -> str:
    """Each "/static/name" becomes the file's URL from the static files storage: its
    hashed name in production (cached for ever), the plain one in a local run."""
    return STATIC_PATH.sub(lambda match: json.dumps(static(match.group(1))), text)


def _frontend_file(name: str, content_type: str) -> HttpResponse:
    # no-cache: these three name every other file, so a new version shows at once.
    response = HttpResponse(_with_static_urls((FRONTEND / name).read_text()), content_type=content_type)
    response["Cache-Control"] = "no-cache"
    return response


def app_shell(request):
    """The PWA's single page; its assets come from /static/ through whitenoise."""
    return _frontend_file("index.html", "text/html")


def _frontend_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(FRONTEND.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(FRONTEND).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# Computed once per process in production; on every request in a local run, so edits show.
_cached_version = lru_cache(maxsize=1)(_frontend_version)


def _shell_files() -> list[str]:
    """What the service worker precaches: every script, the styles and the app icon."""
    files = sorted(p for p in FRONTEND.rglob("*") if p.suffix in (".js", ".css") and p.name != "sw.js")
    return [static(p.relative_to(FRONTEND).as_posix()) for p in files] + [static("icons/icon-192.png")]


def service_worker(request):
    """The service worker, at the root so its scope covers the whole app. The
    frontend's content hash is stamped in: any change to the app makes a new
    worker, which replaces the old cache."""
    version = _frontend_version() if settings.DEBUG else _cached_version()
    source = (
        _with_static_urls((FRONTEND / "sw.js").read_text())
        .replace('const VERSION = "dev";', f'const VERSION = "{version}";', 1)
        .replace("const STATIC_FILES = [];", f"const STATIC_FILES = {json.dumps(_shell_files())};", 1)
    )
    response = HttpResponse(source, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def manifest(request):
    """The manifest in the reader's language (the account's, else the browser's): the name an
    installed app shows under its icon and its shortcut's words. "Neckline" itself stays."""
    data = json.loads(_with_static_urls((FRONTEND / "manifest.webmanifest").read_text()))
    data["name"] = gettext("Neckline headache diary")
    data["description"] = gettext("A headache diary for headaches that may start in the neck.")
    data["lang"] = get_language() or "en"
    for shortcut in data.get("shortcuts", []):
        if shortcut.get("url") == "/#/log":
            shortcut["name"] = gettext("Log headache")
            shortcut["short_name"] = gettext("Log")
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def csrf_failure(request, reason=""):
    """CSRF refusals answer JSON like every other API error, and say what to do."""
    return JsonResponse(
        {"detail": f"CSRF check failed ({reason}). Fetch /api/v1/auth/csrf/ and send the token as X-CSRFToken."},
        status=403,
    )


def not_found(request, exception):
    """An unknown /api/... path answers JSON like the rest of the API; others, Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
