"""dacase settings: one module, read from the environment.

DJANGO_ENV selects the defaults: ``production`` (the default: secure, secrets
required), ``development`` (``make run``'s demo) or ``test``. Every value can
still be overridden by its own environment variable.
"""

import hashlib
import hmac
import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

from core.request_id import WellFormedRequestId

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
DJANGO_ENV = env.str("DJANGO_ENV", default="production")
if DJANGO_ENV not in {"production", "development", "test"}:
    raise environ.ImproperlyConfigured(f"DJANGO_ENV must be production, development or test, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=DJANGO_ENV == "development")
# Production refuses to start without a real secret; the others get a fixed,
# obviously unsafe one so that a fresh clone runs.
SECRET_KEY = (
    env.str("DJANGO_SECRET_KEY")
    if PRODUCTION
    else env.str("DJANGO_SECRET_KEY", default=f"insecure-{DJANGO_ENV}-key-never-use-in-production")
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "pgtrigger",
    "pghistory",
    "django_celery_beat",
    "django_guid",
    "django_prometheus",
    "core",
    "accounts",
    "audit",
    "people",
    "incidents",
    "risk",
    "sampling",
    "plans",
    "marac",
    "reports",
    "safeguarding",
    "imports",
    "dacase",  # last: it composes the apps above (demo data, what follows migrate)
]

MIDDLEWARE = [
    # First and last: django-prometheus times and counts every request by view (core/metrics.py).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.NoStoreMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
    # After authentication and innermost, so it sees every view's reads and its response.
    "audit.middleware.ConsultationMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "dacase.urls"
WSGI_APPLICATION = "dacase.wsgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/dacase")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that does not answer fails a connection in seconds (libpq's minimum is 2), not never.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DATABASE_CONNECT_TIMEOUT", default=3)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Each test process keeps its own keys (throttle counts among them), so that neither another
        # xdist worker nor an earlier run within the same minute or hour can throttle a test.
        "KEY_PREFIX": f"dacase-{DJANGO_ENV}" + (f"-{os.getpid()}" if DJANGO_ENV == "test" else ""),
        # A Redis that does not answer fails a request in a second, not a minute.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

# Users, roles and login security.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"

# OWASP ASVS 5.0 level 2, V6.2: long passphrases allowed, no composition rules,
# common and breached-looking passwords refused.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.BreachedPatternValidator"},
]
if DJANGO_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AXES_FAILURE_LIMIT = env.int("DACASE_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DACASE_LOGIN_COOLOFF_MINUTES", default=30))
# Lock the account, not the address: a control room shares one NAT address, and
# locking it would lock out every call handler at once.
AXES_LOCKOUT_PARAMETERS = ["username"]
# One counter per account: every spelling of a username (which is matched without regard to case)
# counts, is checked and is reset under the same normalised name.
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Two-factor login (TOTP); required in production, switchable off for the demo.
DACASE_REQUIRE_2FA = env.bool("DACASE_REQUIRE_2FA", default=PRODUCTION)
OTP_TOTP_ISSUER = env.str("DACASE_OTP_ISSUER", default="dacase")

# Sessions: a new key on login (Django's default), an idle timeout and an
# absolute lifetime, whichever comes first.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("DACASE_SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env.int("DACASE_SESSION_MAX_HOURS", default=10))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Transport and browser security. Production is behind TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz/"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Static files, served by the app itself (police networks are often closed).
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DJANGO_ENV == "test"
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DJANGO_ENV == "development"
# Uploaded evidence is private: never under STATIC or a public URL.
MEDIA_ROOT = Path(env.str("DACASE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES["evidence"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": MEDIA_ROOT / "evidence",
        "base_url": None,
        "directory_permissions_mode": 0o700,
        "file_permissions_mode": 0o600,
    },
}
# Uploads larger than this go to a temporary file, not memory; evidence photographs have their own limit.
DACASE_MAX_PHOTO_BYTES = env.int("DACASE_MAX_PHOTO_BYTES", default=10 * 1024 * 1024)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="dacase@localhost")
# The address users open dacase at (https://dacase.example.police.uk): e-mail links are made absolute with it.
DACASE_SITE_URL = env.str("DACASE_SITE_URL", default="").rstrip("/")

# Audit: every change of a tracked model is an append-only event.
PGHISTORY_APPEND_ONLY = True
PGHISTORY_MIDDLEWARE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous call gets 401 with WWW-Authenticate.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Proxies in front of web (docker-compose.yml: one TLS proxy): the client's address is the one the
    # nearest proxy added to X-Forwarded-For; with none, X-Forwarded-For is the client's to forge.
    "NUM_PROXIES": env.int("DACASE_PROXY_COUNT", default=1 if PRODUCTION else 0),
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttles.AnonRateThrottle", "core.api.throttles.UserRateThrottle"],
    # Counted in the Redis cache (CACHES["default"]), so every web process shares one count.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("DACASE_API_RATE_ANON", default="30/minute"),
        "user": env.str("DACASE_API_RATE_USER", default="1200/minute"),
        # Issuing API tokens: per address before sign-in, per user after.
        "auth_anon": env.str("DACASE_API_RATE_AUTH_ANON", default="10/minute"),
        "auth": env.str("DACASE_API_RATE_AUTH", default="10/hour"),
    },
}
# API tokens (django-rest-knox): stored as SHA-512 digests, issued only to a user signed in on the web
# (with two-factor login where required), and as short-lived as a session: each use moves the expiry
# to SESSION_IDLE_TIMEOUT from now, never past SESSION_ABSOLUTE_LIFETIME after issue.
REST_KNOX = {
    "TOKEN_TTL": SESSION_IDLE_TIMEOUT,
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": SESSION_ABSOLUTE_LIFETIME,
    "MIN_REFRESH_INTERVAL": 60,
    "TOKEN_LIMIT_PER_USER": env.int("DACASE_API_TOKENS_PER_USER", default=5),
    "AUTH_HEADER_PREFIX": "Token",
    # Lets secret scanners recognise a leaked dacase token.
    "TOKEN_PREFIX": "dacase_",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dacase API",
    "DESCRIPTION": "Domestic-abuse case management. OFFICIAL-SENSITIVE.",
    "VERSION": "1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Deep links put a link inside each operation's toggle button (axe: nested-interactive, target-size).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AnswerEnum": "incidents.models.incident.Answer",
        "GradeEnum": "risk.models.assessment.Grade",
        "PlanStatusEnum": "plans.api.serializers.PLAN_STATUS",
        "PlanActionStatusEnum": "plans.api.serializers.PLAN_ACTION_STATUS",
        "PlanTaskStatusEnum": "plans.api.serializers.PLAN_TASK_STATUS",
        "MaracActionStatusEnum": "marac.api.serializers.MARAC_ACTION_STATUS",
        "MaracShareStageEnum": "marac.api.serializers.MARAC_SHARE_STAGE",
        "MaracCriterionEnum": "marac.api.serializers.MARAC_CRITERION",
        "MaracAgendaVersionEnum": "marac.api.serializers.AGENDA_VERSION",
        "AliasKindEnum": "people.models.PersonAlias.Kind",
        "PhoneKindEnum": "people.models.Phone.Kind",
        "MarkerKindEnum": "people.models.Marker.Kind",
        "ProtectionNoticeStatusEnum": "safeguarding.api.serializers.NOTICE_STATUS",
        "ProtectionNoticeOutcomeEnum": "safeguarding.api.serializers.NOTICE_OUTCOME",
        "ProtectionConditionKindEnum": "safeguarding.api.serializers.CONDITION_KIND",
        "CivilOrderKindEnum": "safeguarding.api.serializers.CIVIL_ORDER_KIND",
        "ProtectionNoticeKindEnum": "safeguarding.api.serializers.NOTICE_KIND",
        "ProtectionOrderKindEnum": "safeguarding.api.serializers.ORDER_KIND",
        "ClaresLawDecisionEnum": "safeguarding.models.disclosures.DisclosureApplication.Decision",
        "ClaresLawStageEnum": "safeguarding.models.disclosures.Stage",
        "DisclosureMethodEnum": "safeguarding.models.disclosures.Disclosure.Method",
        "VictimContactMethodEnum": "safeguarding.models.victims_code.VictimContact.Method",
        "CustodyStatusKindEnum": "safeguarding.models.custody.CustodyStatus.Kind",
        "BailConditionKindEnum": "safeguarding.models.custody.BailCondition.Kind",
    },
}

# Celery: Redis broker; beat wakes each periodic job every minute (core/schedules.py) and the job works out
# from the database what it owes (core/jobs.py). Every task is idempotent: acknowledged once finished and
# given back if its worker dies. Timings nest: a job works in chunks for DACASE_JOB_BUDGET_SECONDS, then
# sends itself again, so no task runs near CELERY_TASK_TIME_LIMIT, which is below the visibility timeout
# (a task not acknowledged by then is delivered again); and a warm shutdown (docker-compose's
# stop_grace_period, 60 s) waits for one budget at most.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 300, "socket_connect_timeout": 2}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_TASK_TIME_LIMIT = 240
CELERY_TASK_SOFT_TIME_LIMIT = 200
CELERY_RESULT_EXPIRES = timedelta(hours=6)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
DACASE_JOB_BUDGET_SECONDS = env.float("DACASE_JOB_BUDGET_SECONDS", default=30.0)
# When each daily job falls due (local time); a job that could not run then runs at its next wake-up.
DACASE_DUPLICATES_AT = env.str("DACASE_DUPLICATES_AT", default="02:30")
DACASE_REMINDERS_AT = env.str("DACASE_REMINDERS_AT", default="06:30")

# /metrics/ (core/metrics.py) answers only to "Authorization: Bearer <this>"; unset, the URL is a 404.
DACASE_METRICS_TOKEN = env.str("DACASE_METRICS_TOKEN", default="")

# Logs: one JSON object a line, each with the request id.
# A caller's X-Request-ID is kept only when it is a well-formed UUID; anything else gets a new id
# (core/request_id.py), so a forged value is never the request id of a log line, an access-log row
# or the response. VALIDATE_GUID is django-guid's own, looser check, kept as a second line.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "INTEGRATIONS": [WellFormedRequestId()],
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s",
            "rename_fields": {"correlation_id": "request_id", "levelname": "level"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("DACASE_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django_guid": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Domain settings a force may change.
DACASE_FORCE_NAME = env.str("DACASE_FORCE_NAME", default="Demo Constabulary")
# The key of the pseudonyms analysts see in the problem profile (reports/profile/pseudonyms.py). Set it apart from
# the secret key so that rotating that one leaves pseudonyms as they are; unset, one is derived from the secret key.
DACASE_PSEUDONYM_KEY = env.str(
    "DACASE_PSEUDONYM_KEY",
    default=hmac.new(SECRET_KEY.encode(), b"dacase.reports.pseudonym", hashlib.sha256).hexdigest(),
)
# The crime-harm weights of the problem profile; empty: reports/data/harm_index.csv.
DACASE_HARM_INDEX_FILE = env.str("DACASE_HARM_INDEX_FILE", default="")
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
