"""Known browsers: a browser that signed in to an account before carries a cookie
naming it (a keyed hash of the email, useless without SECRET_KEY), and the per-account
lockout never applies to it. An attacker guessing the password from elsewhere locks
out their own tries, not the owner's browser (OWASP's "device cookies")."""

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

COOKIE = "neckline_device"
SALT = "neckline.devices"
MAX_ACCOUNTS = 5  # a shared family tablet keeps a few accounts
MAX_AGE = 60 * 60 * 24 * 365


def _token(email: str) -> str:
    return salted_hmac(SALT, email.strip().lower()).hexdigest()[:32]


def _tokens(request) -> list[str]:
    return [token for token in request.COOKIES.get(COOKIE, "").split(".") if token][:MAX_ACCOUNTS]


def is_known_device(request, credentials=None) -> bool:
    """AXES_WHITELIST_CALLABLE: this browser has signed in to the account it tries now."""
    from api.accounts.views import login_email  # views import this module

    email = login_email(request, credentials)
    if not email:
        return False
    expected = _token(email)
    return any(constant_time_compare(token, expected) for token in _tokens(request))


def remember_device(request, response, email: str) -> None:
    token = _token(email)
    tokens = [token, *(t for t in _tokens(request) if t != token)][:MAX_ACCOUNTS]
    response.set_cookie(
        COOKIE,
        ".".join(tokens),
        max_age=MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
