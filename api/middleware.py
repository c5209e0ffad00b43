from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control

from config.middleware import answers_503_when_the_database_is_down

NO_STORE_PREFIX = "/api/v1/"


def no_store(get_response):
    """Every API answer, exports included, is personal: no browser or proxy cache
    may keep a copy (a shared computer's back button, a proxy's disk)."""

    def middleware(request):
        response = get_response(request)
        if request.path_info.startswith(NO_STORE_PREFIX):
            patch_cache_control(response, no_store=True, private=True)
        return response

    return middleware


@answers_503_when_the_database_is_down  # reading the session's user may be the request's first query
def account_language(get_response):
    """The account's own language, when it has chosen one, before the browser's
    (LocaleMiddleware, earlier, picked that from Accept-Language): every answer a
    person reads, errors included, is in the language they set in /me/."""

    def middleware(request):
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if chosen and chosen in dict(settings.LANGUAGES):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return get_response(request)

    return middleware
