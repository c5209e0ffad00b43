"""Neckline settings, read top to bottom: each setting is built once, in its area.

Every value a deployment changes comes from an environment variable (see the table in
README.md); the defaults suit a local run. The areas, in order: paths and mode; secrets
and hosts; applications; database; Redis; accounts and logins; language and time; static
files and the PWA; hardening; the features (screening, reminders, clinicians); then the
settings that gather values from the areas above: the API (REST framework, OpenAPI),
Celery (with the beat schedule) and logging.
"""

import secrets
from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from api.client_address import parse_trusted_proxies
from config import env, vapid

# --- Paths, mode, and what production must set -----------------------------------------

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.string("NECKLINE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Production by default (issue 24): only the local run (tools/serve.sh) and the tests
# (config/settings_test.py) turn DEBUG on; an image or a Procfile started bare is production.
DEBUG = env.boolean("DEBUG", False)

# Production names its own secrets, database and broker: one left unset stops start-up
# naming it, instead of a silent fallback to a SQLite file in var/ or a Redis on localhost.
if not DEBUG:
    env.require(
        ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"],
        when="DEBUG is false",
        hint=" (docs/deploy.md; `python manage.py generate_vapid_keys` prints a VAPID pair)",
    )

# --- Secrets and hosts ------------------------------------------------------------------


def _local_secret_key() -> str:
    # A key generated once per checkout, so a local run needs no configuration
    # and sessions survive restarts. Production must set SECRET_KEY.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.string("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = _local_secret_key()

ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])

# --- Applications, middleware, URLs -----------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "config.apps.StaticFiles",  # django.contrib.staticfiles, leaving out what is never served
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "diary",
    "api",
]

MIDDLEWARE = [
    # A load balancer's probe of /api/v1/health/ by IP address passes the host check.
    "config.middleware.health_check_from_any_host",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.DatabaseUnavailable",
    "csp.middleware.CSPMiddleware",
    "config.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language (Accept-Language), else English; the account's own choice
    # replaces it once the user is known (api.middleware.account_language, below).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): this session passed the second step (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "api.middleware.account_language",
    # Idle and absolute session limits (CLINICIAN_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS).
    "api.accounts.session_limits.session_limits",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "api.middleware.no_store",
    # Last, as django-axes asks: it turns a lockout into a clear 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------

DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'neckline.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.integer("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so that a real Celery worker in the tests sees the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    # Web, worker and beat write at once in a local run: take the write lock at the
    # start of a transaction (no mid-transaction "database is locked"), and let
    # readers carry on while one process writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: the shared cache (and Celery's broker, below) -------------------------------

# Redis carries the Celery broker and the shared cache (throttles, locks).
# `make run` and `make test` start an embedded Redis and set REDIS_URL when it is unset.
REDIS_URL = env.redis_url("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.string("CACHE_KEY_PREFIX", "neckline"),
        # A short timeout: a cache outage must slow nothing down for long.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

# --- Accounts, sessions and logins ------------------------------------------------------

AUTH_USER_MODEL = "diary.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # After axes (which marks the request first): an account under attack answers 429 for
    # progressively longer (api/accounts/slow_down.py).
    "api.accounts.slow_down.SlowDownBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "diary.passwords.NotOnlyWhitespaceValidator"},
]

SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 60 * 60 * 24 * 30, minimum=300)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
# Sessions stored with their account (diary/models/sessions.py): listed, ended and erased by user.
SESSION_ENGINE = "diary.sessions"
# A clinician's session ends after this long unused; every session after SESSION_ABSOLUTE_HOURS
# from its login, however active (api/accounts/session_limits.py).
CLINICIAN_IDLE_MINUTES = env.integer("CLINICIAN_IDLE_MINUTES", 30, minimum=5)
SESSION_ABSOLUTE_HOURS = env.integer("SESSION_ABSOLUTE_HOURS", 24 * 30, minimum=1)

# Email: SMTP in production (EMAIL_HOST, ...); a local run writes each message as a file in
# var/mail/ (and logs where), so reset and verification links work on a fresh machine.
EMAIL_BACKEND = env.string(
    "EMAIL_BACKEND",
    "api.accounts.mail.FileBackendThatLogs" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "Neckline <no-reply@localhost>")
# Links in emails point here (the PWA's origin), e.g. https://neckline.example
PUBLIC_URL = env.string("PUBLIC_URL", "http://127.0.0.1:8000")
# How long a password reset link works (Django's one-time token: it dies once the password changes).
PASSWORD_RESET_TIMEOUT = env.integer("PASSWORD_RESET_TIMEOUT_MINUTES", 60, minimum=5) * 60

# The clinician requirements (issue 23): a verified email before redeeming a share code or
# reading patient data, and a second step (TOTP or a recovery code) in the session before
# any patient data. On by default; `make run` turns them off for its demo clinician and says so.
CLINICIAN_EMAIL_VERIFICATION_REQUIRED = env.boolean("CLINICIAN_EMAIL_VERIFICATION_REQUIRED", True)
CLINICIAN_MFA_REQUIRED = env.boolean("CLINICIAN_MFA_REQUIRED", True)
# How long an email verification or email change link works (single use either way).
EMAIL_LINK_TIMEOUT_HOURS = env.integer("EMAIL_LINK_TIMEOUT_HOURS", 48, minimum=1)
# The name authenticator apps show for the account.
OTP_TOTP_ISSUER = "Neckline"

# Lockouts (django-axes): failures count per account whatever the address, and per address
# across accounts; a success clears only that account's own failures (not the AXES_RESET_ON_SUCCESS
# of axes, which also clears the address's failures against other accounts). A browser that
# signed in to the account before (api/accounts/devices.py) is never locked out of it.
AXES_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = False
# Tries made while locked out do not extend the lock: nobody can keep an account locked for good.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# Every failure is kept (without the password) for the progressive slow-down: an account
# whose failures pile up waits twice as long after each further LOGIN_FAILURE_LIMIT of them.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Masked where axes keeps a failed form (the admin's): the address and the second-step code.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token", "code"]
AXES_LOCKOUT_CALLABLE = "api.accounts.views.lockout_response"
AXES_WHITELIST_CALLABLE = "api.accounts.devices.is_known_device"
# The client's address, one way for lockouts and throttles (api/client_address.py):
# REMOTE_ADDR, or X-Forwarded-For when REMOTE_ADDR is one of these proxies (addresses or networks).
TRUSTED_PROXIES = parse_trusted_proxies(env.string_list("TRUSTED_PROXIES", []))
AXES_CLIENT_IP_CALLABLE = "api.client_address.client_address"
# The same account whether the email came from the API's form or the admin's "username".
AXES_USERNAME_CALLABLE = "api.accounts.views.login_email"
# Retention: the nightly clean-up (diary/services/cleanup.py) deletes expired sessions,
# and login records, reminder deliveries and used or expired share codes older than these.
RETENTION_LOGIN_RECORDS_DAYS = env.integer("RETENTION_LOGIN_RECORDS_DAYS", 30, minimum=1)
RETENTION_REMINDER_DELIVERIES_DAYS = env.integer("RETENTION_REMINDER_DELIVERIES_DAYS", 180, minimum=7)
RETENTION_SHARE_CODES_DAYS = env.integer("RETENTION_SHARE_CODES_DAYS", 30, minimum=1)

# --- Language and time ------------------------------------------------------------------

# The five languages of issue 25. Which one a request gets: the account's own
# (User.language, in /me/), else the browser's Accept-Language, else English.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("es", "Español"),
]
# The demo's language (`manage.py load_demo`, `make run`): its accounts read the app in it,
# and its patient's and clinician's notes are written in it.
NECKLINE_DEMO_LANGUAGE = env.string("NECKLINE_DEMO_LANGUAGE", LANGUAGE_CODE)
if NECKLINE_DEMO_LANGUAGE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"NECKLINE_DEMO_LANGUAGE must be one of {', '.join(dict(LANGUAGES))}")
# The .po files (committed) and the .mo files compiled from them at start-up and by
# `make` (`python manage.py compiletranslations`; not committed). See CONTRIBUTING.md.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files and the PWA -----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# A local run serves the frontend straight from its folder, so edits show on reload.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STATICFILES_DIRS = [BASE_DIR / "frontend"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: hashed names cached for ever, gzip and Brotli copies (config/storage.py).
    # A local run serves the files as they are, so `collectstatic` has nothing to compress.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG else "config.storage.StaticFilesStorage"
        )
    },
}

# Only the hashed names are kept (the app's pages and service worker name them, see
# config/views.py): half the files to compress and ship. Source maps are for developer
# tools, which fetch them rarely: not worth compressing.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# --- Hardening and deployment -----------------------------------------------------------

# Behind a TLS-terminating proxy, name the header it sets, e.g. "HTTP_X_FORWARDED_PROTO,https".
_proxy_ssl_header = env.string_list("SECURE_PROXY_SSL_HEADER", [])
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must be HEADER,value, e.g. HTTP_X_FORWARDED_PROTO,https")
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header)
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health/$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# The CSRF cookie stays readable by the PWA's script, as Django intends: it is
# not a secret from the page, only from other sites.

# A strict Content Security Policy: no inline script anywhere (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The most bytes a request body may have, by path (the first pattern that matches), at
# what a real client sends; a larger body answers 413. Shown in the OpenAPI schema.
API_BODY_LIMIT_DEFAULT = 16 * 1024
API_BODY_LIMITS = [
    (r"^/api/v1/(auth|me|sharing|clinician/links|reminders|push)/", 4 * 1024),  # a few short fields
    (r"^/api/v1/(entries|clinician/patients)/", 32 * 1024),  # 2,000 characters of notes, even \u-escaped
]
# DEBUG's error page without the text that production's log leaves out (emails, bodies).
DEFAULT_EXCEPTION_REPORTER = "config.error_reports.ScrubbedExceptionReporter"

# Features the app never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# --- Screening (docs/screening.md) ------------------------------------------------------

# Threshold overrides by name, a JSON object; every name, its type and its default is in
# diary/screening/thresholds.py, e.g. {"side_locked_dominant_share": 0.9}. An unknown
# name or a wrong type stops start-up (a system check) naming it.
NECKLINE_SCREENING = env.json_object("NECKLINE_SCREENING")
# Diary saves this close together cause one re-screen: the first opens a window this
# long (diary.models.ScreeningDue), the sweeper sends its run once it has passed.
SCREENING_COALESCE_SECONDS = env.integer("SCREENING_COALESCE_SECONDS", 5, minimum=2)
# How often beat runs the sweeper: a re-screen starts at most this much after its window.
SCREENING_SWEEP_SECONDS = env.integer("SCREENING_SWEEP_SECONDS", 2, minimum=1, maximum=60)
# Patients per chunk in the nightly pass: bounds its memory.
SCREENING_NIGHTLY_CHUNK = env.integer("SCREENING_NIGHTLY_CHUNK", 500, minimum=1)

# --- Reminders and Web Push -------------------------------------------------------------

# VAPID keys (config/vapid.py): set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (or *_FILE) in
# production; a local run generates a pair into var/ once.
VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY = vapid.keys_from_env(debug=DEBUG, var_dir=VAR_DIR)
VAPID_SUBJECT = vapid.subject_from_env(debug=DEBUG)
# Only these push services may receive our requests (a subscription names the URL we
# POST to, so an open list would let anyone point the server at internal hosts).
PUSH_SERVICE_HOSTS = env.string_list(
    "PUSH_SERVICE_HOSTS",
    [
        "fcm.googleapis.com",
        "updates.push.services.mozilla.com",
        "push.services.mozilla.com",
        "web.push.apple.com",
        "notify.windows.com",
    ],
)
# Plain-http endpoints on a loopback address (127.0.0.1, ::1), for local runs and the test
# push endpoint; nothing else over http. The sender never follows redirects.
PUSH_ALLOW_LOCAL_ENDPOINTS = env.boolean("PUSH_ALLOW_LOCAL_ENDPOINTS", DEBUG)
PUSH_CONNECT_TIMEOUT_SECONDS = 3.05
PUSH_READ_TIMEOUT_SECONDS = env.integer("PUSH_READ_TIMEOUT_SECONDS", 7, minimum=1, maximum=30)
# 429 and 5xx are retried this many times in all, waiting 1, 2, 4... seconds (or what
# Retry-After asks, up to PUSH_MAX_RETRY_AFTER_SECONDS; longer means "try a later pass").
PUSH_MAX_ATTEMPTS = env.integer("PUSH_MAX_ATTEMPTS", 3, minimum=1, maximum=6)
PUSH_BACKOFF_SECONDS = 1.0
PUSH_MAX_RETRY_AFTER_SECONDS = 10
# Pushes in flight at once in each worker process (a pool of threads): a push is mostly
# waiting on the push service, so one process keeps this many going (issue 27).
PUSH_CONCURRENCY = env.integer("PUSH_CONCURRENCY", 50, minimum=1, maximum=200)
# How long a push service keeps a message for a phone that is offline.
PUSH_TTL_SECONDS = env.integer("PUSH_TTL_SECONDS", 60 * 60, minimum=0)

# A slot missed by more than this (an outage) is skipped, not sent late in a burst;
# an unsent delivery is retried by later passes for as long. More than the send lease
# below, so that a delivery whose worker died is still retried.
REMINDER_GRACE_MINUTES = env.integer("REMINDER_GRACE_MINUTES", 10, minimum=6, maximum=120)
# A sender owns a claimed delivery this long; after that a later pass may retry it.
# Longer than the worst case of one send: about 50 s per device (3 attempts of at most
# 10 s, plus backoff), for a few devices. A worker that died is retried after it.
# Shorter than the grace window, or such a delivery would never be retried (the
# failure drills shorten both ends to watch a retry happen).
REMINDER_SEND_LEASE_SECONDS = env.integer("REMINDER_SEND_LEASE_SECONDS", 5 * 60, minimum=5)
if REMINDER_SEND_LEASE_SECONDS >= REMINDER_GRACE_MINUTES * 60:
    raise ImproperlyConfigured("REMINDER_SEND_LEASE_SECONDS must be shorter than REMINDER_GRACE_MINUTES")
# Unpushed screening notices older than this are left for the app to show, not pushed.
REMINDER_NOTICE_MAX_AGE_HOURS = env.integer("REMINDER_NOTICE_MAX_AGE_HOURS", 24, minimum=1)
# Patients claimed and sent per Celery task when a pass fans out.
REMINDER_BATCH_SIZE = env.integer("REMINDER_BATCH_SIZE", 100, minimum=1, maximum=5000)
# Beat runs the dispatch pass at the start of every minute; a number of seconds here
# (tests, the benchmark) runs it on that interval instead.
REMINDER_DISPATCH_EVERY_SECONDS = env.integer("REMINDER_DISPATCH_EVERY_SECONDS", 0, maximum=60)

# --- Clinicians, sharing and exports ----------------------------------------------------

# Entering share codes is throttled per clinician and per address ("share_code.*" in
# the API's DEFAULT_THROTTLE_RATES below).

# --- Procedures, post-block diary and treatment timeline --------------------------------

# Overrides by name of TreatmentSettings in diary/screening/thresholds.py, a JSON object, e.g.
# {"anaesthetics": {...}, "diary_slots": ["baseline", "30m", "2h", "next_morning"],
#  "after_from_day": 15, "after_to_day": 45, "min_logged_days": 15}; checked at start-up too.
NECKLINE_TREATMENTS = env.json_object("NECKLINE_TREATMENTS")

# --- Home exercise programmes and questionnaires ----------------------------------------

# A folder of extra instrument files (licensed questionnaires a deployment holds a
# licence for), loaded beside the shipped ones; see docs/questionnaires.md.
NECKLINE_EXTRA_INSTRUMENTS_DIR = env.string("NECKLINE_EXTRA_INSTRUMENTS_DIR", "")

# --- Imports (issue 26) -----------------------------------------------------------------

# An upload larger than this is refused before it is read (an Apple Health export.zip
# of several years is tens of MB); a text file (CSV, JSON) is read whole, up to the second;
# an export.xml is streamed, up to the third unpacked, and a zip may inflate no more than
# IMPORT_MAX_ZIP_RATIO times its packed size (a zip bomb inflates thousands of times).
IMPORT_MAX_UPLOAD_BYTES = env.integer("IMPORT_MAX_UPLOAD_BYTES", 200 * 1024 * 1024, minimum=1024)
IMPORT_MAX_TEXT_BYTES = env.integer("IMPORT_MAX_TEXT_BYTES", 20 * 1024 * 1024, minimum=1024)
IMPORT_MAX_UNPACKED_BYTES = env.integer("IMPORT_MAX_UNPACKED_BYTES", 2 * 1024 * 1024 * 1024, minimum=1024)
IMPORT_MAX_ZIP_RATIO = env.integer("IMPORT_MAX_ZIP_RATIO", 100, minimum=2)

# --- The API: REST framework and its OpenAPI schema -------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.GuardedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "TIME_FORMAT": "%H:%M",
    "TIME_INPUT_FORMATS": ["%H:%M"],
    # Throttles find the client with api/client_address.py; DRF's own default would trust
    # any X-Forwarded-For. 0 makes DRF's fallback REMOTE_ADDR.
    "NUM_PROXIES": 0,
    # A write that raced the deletion of its account answers 403, not 500.
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    # Throttles (api/throttles.py), per user and per client address, in the shared cache.
    # Every unsafe request counts as a write; a view may name a stricter scope.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.WritesPerUser", "api.throttles.WritesPerAddress"],
    "DEFAULT_THROTTLE_RATES": {
        "writes.user": env.rate("THROTTLE_WRITES_PER_USER", "120/min"),
        "writes.address": env.rate("THROTTLE_WRITES_PER_ADDRESS", "600/min"),
        "login.address": env.rate("THROTTLE_LOGIN_PER_ADDRESS", "30/min"),
        "register.address": env.rate("THROTTLE_REGISTER_PER_ADDRESS", "20/hour"),
        # Reset emails and link checks: each email costs us a message, each check guesses a token.
        "password_reset.address": env.rate("THROTTLE_PASSWORD_RESET_PER_ADDRESS", "10/hour"),
        # Entering a patient's share code (codes have 60 random bits; this keeps guessing visible).
        "share_code.user": env.rate("THROTTLE_SHARE_CODE_PER_USER", "10/hour"),
        "share_code.address": env.rate("THROTTLE_SHARE_CODE_PER_ADDRESS", "30/hour"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Neckline API",
    "DESCRIPTION": "A headache diary for headaches that may start in the neck. "
    "Session cookies with CSRF: GET /api/v1/auth/csrf/ first, then send X-CSRFToken.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the sidecar package: the docs work with no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # api/converters.py: ids in URLs are what the id column holds (issue 24).
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 2**63 - 1}},
    "ENUM_NAME_OVERRIDES": {
        "ProcedureKindEnum": "diary.choices.ProcedureKind",
        "ProcedureSideEnum": "diary.choices.ProcedureSide",
        "SideEnum": "diary.choices.Side",
        "TreatmentEventKindEnum": "api.treatments.serializers.EVENT_KINDS",
        "ReliefEndedByEnum": "diary.choices.ReliefEndedBy",
        "UrgencyEnum": "diary.red_flags.URGENCY_ORDER",
        "ReviewerRoleEnum": "api.screening.serializers.REVIEWER_ROLES",
        "RoleEnum": "diary.choices.Role",
        "RecordKindEnum": "diary.models.records.RecordKind",
        "RecordActionEnum": "diary.models.records.RecordAction",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "api.parsers.document_body_limits",
    ],
}

# --- Celery: the worker, and beat's schedule --------------------------------------------

# Tasks are idempotent, so they are acknowledged late and redelivered if a worker dies
# mid-task.
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2, "socket_timeout": 5}
# Publishing from a web request gives up quickly: a broker outage delays
# background work (the nightly pass catches up) but never blocks a save.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TASK_DEFAULT_QUEUE = env.string("CELERY_QUEUE", "neckline")
CELERY_TIMEZONE = "UTC"
# A second beat started by mistake sends nothing twice: each periodic task's slot is
# claimed in Redis before it is sent (config/beat.py).
CELERY_BEAT_SCHEDULER = "config.beat:Scheduler"
CELERY_BEAT_SCHEDULE = {
    # Screening: the nightly pass over recently changed diaries.
    "screen-recent-patients": {
        "task": "neckline.screen_recent_patients",
        "schedule": crontab(hour=2, minute=30),  # UTC, a quiet hour for most patients
    },
    # Screening: the re-screens whose coalescing window has passed (issue 27).
    "screening-sweep": {
        "task": "neckline.sweep_due_screenings",
        "schedule": SCREENING_SWEEP_SECONDS,
        # A sweep that waited past the next one is useless: that one takes its rows.
        "options": {"expires": SCREENING_SWEEP_SECONDS},
    },
    # Reminders: the dispatch pass.
    "reminders-dispatch": {
        "task": "neckline.reminders.dispatch",
        "schedule": REMINDER_DISPATCH_EVERY_SECONDS or crontab(minute="*"),
        # A pass that waited in the queue past the next one is useless: drop it.
        "options": {"expires": REMINDER_DISPATCH_EVERY_SECONDS or 60},
    },
    # Treatments: a gentle notice when a radiofrequency ablation's benefit wanes.
    "rfa-waning-notices": {
        "task": "neckline.rfa_waning_notices",
        "schedule": crontab(hour=3, minute=15),  # UTC, daily
    },
    # Exercises: the next two days' session and questionnaire reminders, kept written ahead.
    "exercise-reminders-schedule": {
        "task": "neckline.schedule_programme_reminders",
        "schedule": crontab(minute=7),
        "options": {"expires": 3600},
    },
    # Clean-up: expired sessions and old records, after the nightly screening pass.
    "cleanup": {
        "task": "neckline.cleanup",
        "schedule": crontab(hour=3, minute=45),  # UTC; not with the 03:15 notices (issue 24)
    },
}

# --- Logging ----------------------------------------------------------------------------

# JSON lines on stderr, reduced to fields that carry no health data (config/logging.py).
# No AdminEmailHandler: Django's error emails include the request body.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "filters": {"warning_without_stack": {"()": "config.logging.WarningWithoutStack"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (plain text, in DEBUG) gives way to the JSON one.
        "django": {"handlers": [], "level": "INFO"},
        "axes": {"level": "WARNING"},
        # Celery logs a task's return value on success; tasks return no health data, and
        # the worker's own formatter is replaced by the one above (see config/celery.py).
        "celery": {"level": env.string("LOG_LEVEL", "INFO")},
        # urllib3 logs request paths at DEBUG, and a push endpoint's path identifies a device.
        "urllib3": {"level": "WARNING"},
        # A request for a host not in ALLOWED_HOSTS (a scanner, a misdirected probe) is
        # answered 400: worth a warning, not an error with a stack.
        "django.security.DisallowedHost": {"filters": ["warning_without_stack"]},
    },
}
