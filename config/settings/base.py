"""Settings shared by every environment, driven by environment variables (django-environ).

With no environment at all the app runs on SQLite with Celery tasks executed in-process
(the embedded default). ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and real
Celery workers.
"""

import datetime
import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.storage import default_storage_from

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is read only when asked for (DJANGO_READ_DOT_ENV=1), never by surprise in an
# image or on a server; what the environment already says wins over it.
if env.bool("DJANGO_READ_DOT_ENV", default=False):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "import_export",
    "simple_history",
    "axes",
]

# Our apps are floors, lowest first: each imports only the floors before it in this list, never
# one after it (docs/architecture.md; tests/test_architecture.py reads the imports and checks).
PROJECT_APPS = [
    "core",  # the kernel: concurrency, form pieces, charts, bilingual text, suppression, outbox
    "spreadsheets",  # shared import and export rules
    "sectors",  # sectors, memberships, and who may do what (permissions.py)
    # the user model, sign-in (local and the identity provider's), and the roles the provider
    # gives, which are sector memberships: so it stands above sectors
    "accounts",
    "periods",  # reporting periods and the fiscal calendar
    "actionplans",  # strategy, phases, plans, commitments, initiatives, KPIs and their values
    "reporting",  # the quarterly report cycle, reminders, notifications, the published figures
    "equity",  # representation, surveys, the maturity continuum
    "accountability",  # reviews, engagements, governance
    "feedback",  # the anonymous box
    "tracker",  # the ministerial tracker
    "dashboard",  # the home page and ARTF's dashboard
    "demo",  # the demo content
]
INSTALLED_APPS += PROJECT_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.HtmxMessagesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sectors.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that stops answering must not hold a web worker: libpq gives up connecting after
    # DJANGO_DB_CONNECT_TIMEOUT seconds and the server cancels any statement past
    # DJANGO_DB_STATEMENT_TIMEOUT_MS (0 turns it off, e.g. for a long one-off migration).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env.int("DJANGO_DB_CONNECT_TIMEOUT", default=5))
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", f"-c statement_timeout={env.int('DJANGO_DB_STATEMENT_TIMEOUT_MS', default=60_000)}"
    )
# /healthz answers 503 when the database has not answered within this many seconds.
HEALTHZ_TIMEOUT = env.float("HEALTHZ_TIMEOUT", default=3.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# A signed-in session lasts at most 12 hours from sign-in, whatever the activity (ASVS 3.3).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=12 * 60 * 60)
LOGIN_URL = "accounts:login"

# Sign-in throttling (accounts/throttle.py): failures count for LOGIN_COOLOFF_MINUTES after the
# last one; an account is paused after LOGIN_FAILURES_PER_ACCOUNT of them, an address after
# LOGIN_FAILURES_PER_ADDRESS (looser: many people share an address behind a proxy).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Answers only the identity provider's callback, and only when OIDC_ENABLED (below).
    "accounts.oidc.ProviderBackend",
]
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=10)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=50)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ACCOUNT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "accounts.throttle.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
# A success does not wipe the address's count: a guesser with one account of their own could
# otherwise reset it at will. Successful sign-ins are not logged by Axes (no table of who signed
# in from where, kept for ever); failures are, for the cool-off.
AXES_RESET_ON_SUCCESS = False
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in through the department's identity provider (OpenID Connect, mozilla-django-oidc;
# accounts/oidc.py, docs/adr/0006, the README's "Signing in with the department's identity
# provider"). Off unless a client id and an issuer (or the endpoints) are given. Endpoints left
# empty are read from the issuer's /.well-known/openid-configuration.
OIDC_ISSUER = env("OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env("OIDC_SCOPES", default="openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_JWKS_ENDPOINT", default="")
OIDC_OP_END_SESSION_ENDPOINT = env("OIDC_END_SESSION_ENDPOINT", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID and (OIDC_ISSUER or OIDC_OP_AUTHORIZATION_ENDPOINT))
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGORITHM", default="RS256")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # the hint sign-out gives the provider to end its session too
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"  # /oidc/callback/: the redirect URI to register
# Roles from the provider, applied at every sign-in: the claim holding the person's groups (or app
# roles: OIDC_GROUPS_CLAIM=roles), the group ids that make ARTF staff and executives, and group id
# = SECTOR-CODE:lead|contributor for sector memberships. Anyone else signs in as a reader.
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM", default="groups")
OIDC_ARTF_GROUPS = env.list("OIDC_ARTF_GROUPS", default=[])
OIDC_EXECUTIVE_GROUPS = env.list("OIDC_EXECUTIVE_GROUPS", default=[])
OIDC_SECTOR_GROUPS = env.dict("OIDC_SECTOR_GROUPS", default={})
# The claim with the person's language ("fr-CA"), read once, when their account is made.
OIDC_LANGUAGE_CLAIM = env("OIDC_LANGUAGE_CLAIM", default="locale")
# The sign-in page's username and password. Off (LOCAL_SIGN_IN=0) only counts while the provider
# is configured; break-glass administrators (staff) still sign in at the admin's own login page.
LOCAL_SIGN_IN = env.bool("LOCAL_SIGN_IN", default=True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Both official languages; English is the default.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"  # never served: files are streamed by the views that check access
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    # The filesystem under MEDIA_ROOT, or an S3-compatible object store (DJANGO_STORAGE=s3): config/storage.py.
    "default": default_storage_from(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Spreadsheet import and export (django-import-export plus our own guards).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
SPREADSHEET_MAX_UPLOAD_BYTES = env.int("SPREADSHEET_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
SPREADSHEET_MAX_UNCOMPRESSED_BYTES = env.int("SPREADSHEET_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
SPREADSHEET_MAX_ZIP_MEMBERS = env.int("SPREADSHEET_MAX_ZIP_MEMBERS", default=1000)
# A sheet is read row by row and never past these (whatever size the file declares): the largest
# real import (a department's plan at ten times today's size) is 10,000 rows of 20 columns.
SPREADSHEET_MAX_ROWS = env.int("SPREADSHEET_MAX_ROWS", default=20_000)
SPREADSHEET_MAX_COLUMNS = env.int("SPREADSHEET_MAX_COLUMNS", default=100)
# Different texts an .xlsx may hold (Excel keeps each once, in a table read before the first row):
# ten per row at the row limit.
SPREADSHEET_MAX_SHARED_STRINGS = env.int("SPREADSHEET_MAX_SHARED_STRINGS", default=200_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# The anonymous feedback box: a size limit, and a rate limit per keyed hash of the address (IPv6
# per /64), counted in the cache (Redis when REDIS_URL is set) in windows on the clock and
# forgotten after the next one (feedback/ratelimit.py, docs/adr/0001-anonymous-box-traces.md).
FEEDBACK_MAX_LENGTH = env.int("FEEDBACK_MAX_LENGTH", default=2000)
FEEDBACK_RATE_LIMIT = env.int("FEEDBACK_RATE_LIMIT", default=5)  # per connection and window
FEEDBACK_RATE_WINDOW = env.int("FEEDBACK_RATE_WINDOW", default=3600)
# Messages the whole department may send per window before the box asks everyone to wait a little.
FEEDBACK_RATE_CEILING = env.int("FEEDBACK_RATE_CEILING", default=300)
# Keys the hashes (with the window's number); never stored in the cache. Empty: SECRET_KEY.
FEEDBACK_RATE_SECRET = env("FEEDBACK_RATE_SECRET", default="")
FEEDBACK_RATE_NAMESPACE = "feedback-rate"
# How many reverse proxies of ours stand before the app (each appends to X-Forwarded-For). The
# client's address is read from that header only through them; 0 means REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Small-count suppression: no published figure may reveal a count of people below this.
SUPPRESSION_THRESHOLD = env.int("SUPPRESSION_THRESHOLD", default=5)

# Celery: with no REDIS_URL, tasks run in-process (the embedded default).
REDIS_URL = env("REDIS_URL", default="")
# The cache holds only the feedback box's counts: a Redis that does not answer within this many
# seconds makes the box say "try again in a few minutes" rather than hold the person's page.
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=1.0)
REDIS_CACHE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": REDIS_URL,
    "KEY_PREFIX": "artracker",
    "OPTIONS": {"socket_connect_timeout": CACHE_SOCKET_TIMEOUT, "socket_timeout": CACHE_SOCKET_TIMEOUT},
}
CACHES = {"default": REDIS_CACHE if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A page never waits long on the broker: connecting gives up after this many seconds (the outbox
# publishes with no retry and leaves what Redis does not take to its sweeper).
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2)
# Work that must follow a commit waits in the outbox (core.outbox) while the broker is down; the
# sweeper publishes what was written more than OUTBOX_SWEEP_AFTER seconds ago, every minute.
OUTBOX_SWEEP_AFTER = env.int("OUTBOX_SWEEP_AFTER", default=10)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=30)
# Celery beat (the "beat" service): the outbox sweeper every minute, stale tracker jobs every five
# minutes, daily report reminders at 07:00 (each is sent once only), due trackers at 06:30.
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "core.tasks.outbox_sweep", "schedule": 60.0, "options": {"expires": 60}},
    "tracker-jobs-sweep": {
        "task": "tracker.tasks.tracker_jobs_sweep",
        "schedule": 300.0,
        "options": {"expires": 300},
    },
    "report-reminders": {
        "task": "reporting.tasks.report_reminders_send",
        "schedule": crontab(hour=env.int("REMINDER_HOUR", default=7), minute=0),
    },
    "trackers": {
        "task": "tracker.tasks.trackers_schedule",
        "schedule": crontab(hour=env.int("TRACKER_HOUR", default=6), minute=30),
    },
    # Each closed day's feedback rewritten in random order, so nothing in the table orders it.
    "feedback-shuffle": {
        "task": "feedback.tasks.feedback_shuffle",
        "schedule": crontab(hour=env.int("FEEDBACK_SHUFFLE_HOUR", default=2), minute=15),
    },
}
# A message a worker took but did not acknowledge (it died) goes back to the queue after this
# many seconds; it must exceed the longest task (the tracker's hard time limit).
# Workers look for such messages every interval × throttle seconds (kombu's defaults: 10 × 10).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
    # A Redis that does not answer (down, or cut off without closing the connection) fails fast
    # instead of holding a page or a worker; kombu waits forever by default.
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=5),
}

# The ministerial tracker: time allowed to render one, and how long after the due date the
# schedule produces it even if some reports are not approved.
TRACKER_SOFT_TIME_LIMIT = env.int("TRACKER_SOFT_TIME_LIMIT", default=900)
TRACKER_AUTO_AFTER_DAYS = env.int("TRACKER_AUTO_AFTER_DAYS", default=14)
TRACKER_SCHEDULE_LOOKBACK_DAYS = env.int("TRACKER_SCHEDULE_LOOKBACK_DAYS", default=120)
# A tracker queued this many seconds with no worker taking it (the queue lost it, or no worker
# runs) is failed with that reason, so it can be retried; swept every five minutes.
TRACKER_QUEUED_TIMEOUT = env.int("TRACKER_QUEUED_TIMEOUT", default=1800)

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="artf-noreply@example.gc.ca")
# Where people reach the app: links in e-mails are built on it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# The department's reference data: the ARTF and executive roles are groups.
ARTF_GROUP = "ARTF"
EXECUTIVE_GROUP = "Executive"

# Nothing about a request to the anonymous feedback box reaches a log ("Bad Request:
# /en/feedback/", a refused CSRF token, an error report mailed to ADMINS): every handler carries
# the quiet_feedback filter, and a handler added here must carry it too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "quiet_feedback": {"()": "config.quiet.QuietFeedbackFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["quiet_feedback"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["quiet_feedback"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "quiet_feedback"],
        },
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own default sends "django" to an unfiltered console (DEBUG) and mail_admins;
        # here it reaches the filtered console through the root, and a filtered mail_admins.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},  # runserver
        # WeasyPrint reports every layout step at INFO; keep its warnings (refused fetches, CSS).
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# A refused CSRF token on the feedback form keeps the text typed (and logs nothing).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

# The demo accounts' password (make run prints it).
DEMO_PASSWORD = env("DEMO_PASSWORD", default="anti-racism-demo")
