from django.utils.cache import patch_cache_control

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
