"""Peerdesk settings: the only settings module. Everything that differs between machines comes from the
environment; with nothing set, it runs locally on the embedded PostgreSQL (see community/local.py).
Reading settings starts nothing.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from community import embedded, embedded_redis, queues, replicas
from community.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = embedded.VAR_DIR

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# A development key; `check --deploy` rejects it, so production must set SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-peerdesk-local-development-key-not-for-production")

SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The community's name: in the header, page titles, the admin, and the greeting, signature and subject of
# every mail (allauth would otherwise name the site after the request's host, e.g. "127.0.0.1:8000").
SITE_NAME = env("SITE_NAME", default="Peerdesk")
_site = urlsplit(SITE_URL)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[_site.hostname, "127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"{_site.scheme}://{_site.netloc}"])

INSTALLED_APPS = [
    "modeltranslation",  # before admin, so the admin shows a field per language
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "community",
    "community.accounts",
    "moderation",
    "notifications",
    "forum",
    "superusers",
    "ideas",
    "helpdesk",
    "insights",
    "ninja",  # the API's reference page at /api/docs (its template and static files)
]

MIDDLEWARE = [
    "community.logs.RequestIdMiddleware",  # first: every later log line of the request names it
    "community.metrics.MetricsMiddleware",
    # Then a page kept whole for signed-out readers is answered before anything else runs; it was kept
    # with the headers every middleware below gave it (community/page_cache.py).
    "community.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "community.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "community.middleware.ContentSecurityPolicyMiddleware",
    # Before anything reads the session, the query or a form: a NUL byte or another control character
    # gets a 400 here instead of reaching PostgreSQL.
    "community.middleware.RejectControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "community.accounts.middleware.PersonalPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A suspended member's writes are refused with the reason; the spam checker learns who writes.
    "moderation.middleware.RestrictionMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "community.middleware.UnreachableServiceMiddleware",
]

ROOT_URLCONF = "community.urls"
FORM_RENDERER = "community.forms.FormRenderer"
WSGI_APPLICATION = "community.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "community.context_processors.site",
                "forum.context_processors.announcement",
                "moderation.context_processors.restriction",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    },
]

# Database: DATABASE_URL, or the embedded server under var/pg when it runs (make run / make test start it).
_embedded = embedded.running_server()
EMBEDDED_DATABASE_URL = (
    _embedded.url() if _embedded else f"postgresql://postgres@/{embedded.DATABASE_NAME}?host={embedded.DATA_DIR}"
)
DATABASES = {"default": env.db("DATABASE_URL", default=EMBEDDED_DATABASE_URL)}
DATABASES["default"].update(
    CONN_MAX_AGE=env.int("CONN_MAX_AGE", default=60),
    CONN_HEALTH_CHECKS=True,
    # Behind PgBouncer in transaction mode a cursor cannot outlive its transaction (docs/SCALING.md).
    DISABLE_SERVER_SIDE_CURSORS=env.bool("DATABASE_TRANSACTION_POOLING", default=False),
)
# Titles count as similar from this word similarity on (pg_trgm's default of 0.6 misses rephrasings).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c pg_trgm.word_similarity_threshold=0.3"
# An optional streaming replica of the same database: read-only requests read from it (community/replicas.py),
# except for someone who wrote within DATABASE_REPLICA_PIN_SECONDS, who reads their own writes from the primary.
# The test run points it at the test database (TEST MIRROR), so routing is tested on real PostgreSQL.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=10)
if DATABASE_REPLICA_URL:
    DATABASES["replica"], DATABASE_ROUTERS = replicas.replica_database(DATABASE_REPLICA_URL, DATABASES["default"])
    replicas.add_middleware(MIDDLEWARE)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the broker and the cache: REDIS_URL when given, else the embedded server on a Unix socket under
# var/redis that `make run` and `make test` start (community/embedded_redis.py), so the local path is the
# production path.
REDIS_URL = env("REDIS_URL", default=embedded_redis.url())
# Redis down costs speed, never an answer: a read is a miss, a write is skipped (community/cache.py). A Redis
# that hangs is given up on after REDIS_CACHE_TIMEOUT seconds.
_cache_timeout = env.float("REDIS_CACHE_TIMEOUT", default=0.5)
CACHES = {
    "default": {
        "BACKEND": "community.cache.ForgivingRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": _cache_timeout, "socket_timeout": _cache_timeout},
    }
}
CELERY_BROKER_URL = embedded_redis.celery_url(REDIS_URL)
# Queues per kind of work (mail, search, nightly, default), routes, how tasks are delivered and acknowledged,
# with how short a visibility timeout: community/queues.py.
vars().update(queues.celery_settings(env.int("CELERY_VISIBILITY_TIMEOUT", default=queues.VISIBILITY_TIMEOUT)))
# Notifications: the sweep sends the emails a killed worker or a lost message left after this many seconds.
NOTIFICATIONS_SWEEP_AFTER_SECONDS = env.int("NOTIFICATIONS_SWEEP_AFTER_SECONDS", default=60)
_NOTIFICATIONS_SWEEP_EVERY = env.float("NOTIFICATIONS_SWEEP_EVERY_SECONDS", default=60.0)
# Hand-offs to Celery (community/handoffs.py): the sweep sends again what stayed pending this long, at most
# HANDOFF_MAX_ATTEMPTS messages per hand-off, and forgets done ones after HANDOFF_KEEP_DONE_DAYS. Both sweeps
# keep the same pace unless set apart.
HANDOFF_SWEEP_AFTER_SECONDS = env.int("HANDOFF_SWEEP_AFTER_SECONDS", default=NOTIFICATIONS_SWEEP_AFTER_SECONDS)
_HANDOFF_SWEEP_EVERY = env.float("HANDOFF_SWEEP_EVERY_SECONDS", default=_NOTIFICATIONS_SWEEP_EVERY)
HANDOFF_MAX_ATTEMPTS = env.int("HANDOFF_MAX_ATTEMPTS", default=6)
HANDOFF_KEEP_DONE_DAYS = env.int("HANDOFF_KEEP_DONE_DAYS", default=7)
HANDOFF_SWEEP_BATCH = 1000
NOTIFICATIONS_POLL_SECONDS = env.int("NOTIFICATIONS_POLL_SECONDS", default=4)
# What beat starts, and when: community/queues.py, beside where each task goes.
CELERY_BEAT_SCHEDULE = queues.beat_schedule(
    notifications_sweep_every=_NOTIFICATIONS_SWEEP_EVERY, handoffs_sweep_every=_HANDOFF_SWEEP_EVERY
)

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "community.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Sessions live in the database and are read from the cache (Redis): one query less on every signed-in page,
# and no web process keeps any state, so any of them answers any request. Not the cache alone: a Redis that
# restarts, or evicts under memory pressure, would sign everyone out; a session is written only when it
# changes (sign-in, a flash message), so the database pays little for that.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_REDIRECT_URL = "/"

SIGNUP_OPEN = env.bool("SIGNUP_OPEN", default=True)
# A member's data export: its emailed link works once, for this many hours; then the file is deleted.
DATA_EXPORT_LINK_HOURS = env.int("DATA_EXPORT_LINK_HOURS", default=48)
# Deleting an account signed in only through a company login asks for a sign-in this recent.
ERASURE_RECENT_LOGIN_MINUTES = env.int("ERASURE_RECENT_LOGIN_MINUTES", default=10)
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "community.accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "community.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer the same whether an address has an account or not, so nobody can
# find out who is a member. The owner of a taken address gets a mail instead ("someone tried to sign up
# with your address"), and a reset for an unknown address tells that address it has no account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Mail subjects start with "[SITE_NAME] " (the account adapter's format_email_subject), read at sending time.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = _site.scheme or "https"
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, written out so they are visible and can be tuned in one place.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "change_email": "1/m/user",
}
# Rate limits count per visitor. Behind a reverse proxy every request comes from the proxy, so its
# address (REMOTE_ADDR) would put everyone in one bucket: the address is read from X-Forwarded-For,
# `TRUSTED_PROXY_COUNT` places from the end (each proxy we run appends one), or from a header a single
# proxy sets (`TRUSTED_CLIENT_IP_HEADER`, e.g. X-Real-IP). With neither, X-Forwarded-For is ignored:
# a client can send one itself. `community.http.client_ip` reads these for the rest of the site.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default="") or None
SOCIALACCOUNT_ADAPTER = "community.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# OpenID Connect login (Keycloak, Azure AD, Google, ...) switches on with settings alone, e.g.
# OIDC_PROVIDERS='[{"id": "company", "name": "Company login", "server_url": "https://id.example.com",
#                   "client_id": "peerdesk", "secret": "..."}]'
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": provider["id"],
                "name": provider["name"],
                "client_id": provider["client_id"],
                "secret": provider.get("secret", ""),
                "settings": {"server_url": provider["server_url"]},
            }
            for provider in json.loads(env("OIDC_PROVIDERS", default="[]"))
        ],
    }
}

# Forum rules an operator may tune.
FORUM_EDIT_WINDOW_HOURS = env.int("FORUM_EDIT_WINDOW_HOURS", default=24)
# A post an agent wrote for a customer stays theirs to edit this long: they learn of it later, by mail.
FORUM_ON_BEHALF_EDIT_DAYS = env.int("FORUM_ON_BEHALF_EDIT_DAYS", default=14)
# After this many days without an accepted answer, super users may accept one for a quiet asker.
FORUM_STALE_DAYS = env.int("FORUM_STALE_DAYS", default=7)
# New members (joined less than NEW_MEMBER_DAYS ago) have lower rate limits (moderation.RateLimit, set by
# an admin) and their links wait for review.
NEW_MEMBER_DAYS = env.int("NEW_MEMBER_DAYS", default=7)
# Spam defence (moderation/spam.py): a link that SPAM_LINK_NEW_ACCOUNTS new accounts posted within
# SPAM_LINK_DAYS is held for review. The spam checker is an Akismet-compatible comment-check service, off
# unless AKISMET_KEY (Akismet itself) or SPAM_CHECKER_URL (a compatible service) is set; when it does not
# answer within SPAM_CHECKER_TIMEOUT seconds the post is held, never lost. SPAM_CHECKER names the client.
SPAM_LINK_DAYS = env.int("SPAM_LINK_DAYS", default=7)
SPAM_LINK_NEW_ACCOUNTS = env.int("SPAM_LINK_NEW_ACCOUNTS", default=3)
AKISMET_KEY = env("AKISMET_KEY", default="")
SPAM_CHECKER_URL = env("SPAM_CHECKER_URL", default="")
SPAM_CHECKER_TIMEOUT = env.float("SPAM_CHECKER_TIMEOUT", default=2.0)
SPAM_CHECKER = env("SPAM_CHECKER", default="moderation.spam.AkismetChecker")
# A sign-up form sent back sooner than this after it was shown came from a robot (0 turns the check off).
SIGNUP_MIN_SECONDS = env.int("SIGNUP_MIN_SECONDS", default=3)
TAGGIT_CASE_INSENSITIVE = True
# Points from votes count up to this many a day per person (vote rings earn nothing past it).
REPUTATION_DAILY_VOTE_CAP = env.int("REPUTATION_DAILY_VOTE_CAP", default=200)
# What the helpdesk sends out (webhooks, escalations): each POST waits at most this long to connect and
# then to read the answer; a failed attempt is tried again after the next step of HELPDESK_OUTBOUND_BACKOFF
# (seconds), HELPDESK_OUTBOUND_MAX_ATTEMPTS times in all, then marked failed. The sweep sends what stayed
# due this long (a lost retry message).
HELPDESK_OUTBOUND_CONNECT_TIMEOUT = env.float("HELPDESK_OUTBOUND_CONNECT_TIMEOUT", default=2.0)
HELPDESK_OUTBOUND_READ_TIMEOUT = env.float("HELPDESK_OUTBOUND_READ_TIMEOUT", default=3.0)
HELPDESK_OUTBOUND_BACKOFF = [
    int(s) for s in env.list("HELPDESK_OUTBOUND_BACKOFF", default=[10, 30, 120, 600, 1800, 7200])
]
HELPDESK_OUTBOUND_MAX_ATTEMPTS = env.int("HELPDESK_OUTBOUND_MAX_ATTEMPTS", default=6)
HELPDESK_OUTBOUND_SWEEP_AFTER_SECONDS = env.int("HELPDESK_OUTBOUND_SWEEP_AFTER_SECONDS", default=60)

# Languages: the saved language of a signed-in person wins, then the cookie of the language switch,
# then the browser's Accept-Language.
LANGUAGE_CODE = env("LANGUAGE_CODE", default="en")
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# The first path is the project's own catalog, kept in step with the code by `manage.py sync_catalogs`.
# The second holds our wording for strings of allauth and Django that our pages and mails show (German
# in the "du" form, their mistranslations fixed). makemessages puts a file's strings into the first path
# whose parent folder holds the file, else into the first path, so it never writes the second one and
# `sync_catalogs` (no_obsolete) cannot drop these entries. A catalog in LOCALE_PATHS wins over an installed
# app's own; `make messages` compiles both; tests/community/test_vendor_overrides.py checks each msgid.
LOCALE_PATHS = [BASE_DIR / "community" / "locale", BASE_DIR / "community" / "locale_overrides"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "de")
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", default="Europe/Berlin")
USE_TZ = True

# Static files are served by WhiteNoise under gunicorn; `COLLECTSTATIC=1` (the Docker image) serves the
# hashed, compressed copies that collectstatic wrote.
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles" if env.bool("COLLECTSTATIC", default=False) else None
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
COLLECTSTATIC = env.bool("COLLECTSTATIC", default=False)
# Files no one may fetch by address (members' data exports): outside MEDIA_ROOT, which a proxy serves, and read
# only by the view that checks who asks. Web and worker share it (a volume in docker-compose.yml).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/no-public-address/"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if COLLECTSTATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not COLLECTSTATIC
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Email: EMAIL_URL (smtp://user:password@host:587/?tls=True), or one .eml file per message under var/mail.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = "community.mail.EmlFileBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <community@example.com>")
# Django's own mails (errors to ADMINS); every other mail's subject comes from community.mail.subject.
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. With DEBUG off these make `manage.py check --deploy` clean; behind a TLS-terminating proxy set
# SECURE_PROXY_SSL_HEADER=1.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]  # probes and scrapers inside speak plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses are switched off for every response (community.middleware); the same
# setting as the django-permissions-policy package reads.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "hid", "interest-cohort", "magnetometer", "microphone",
        "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
}  # fmt: skip
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *env.list("CSP_FORM_ACTION", default=[])],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# /metrics (community/metrics.py) answers the staff, and a scraper that sends `Authorization: Bearer <token>`.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# One JSON object per log line with the request id (community/logs.py), or plain text: LOG_FORMAT=json|text,
# JSON unless DEBUG is on. The worker logs the same way (it does not replace the root logger's handler).
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = logging_config(json_lines=LOG_FORMAT == "json", level=env("LOG_LEVEL", default="INFO"))
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
