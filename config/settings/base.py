"""Settings shared by every environment, driven by environment variables (django-environ).

With no environment at all the app runs on SQLite with Celery tasks executed in-process
(the embedded default). ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and real
Celery workers.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
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
    "accounts",
    "spreadsheets",
    "sectors",
    "actionplans",
    "reporting",
    "equity",
    "feedback",
    "accountability",
]

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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
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
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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

# The anonymous feedback box: a size limit, and a rate limit per salted hash of the address,
# counted in the cache (Redis when REDIS_URL is set) and forgotten after the window.
FEEDBACK_MAX_LENGTH = env.int("FEEDBACK_MAX_LENGTH", default=2000)
FEEDBACK_RATE_LIMIT = env.int("FEEDBACK_RATE_LIMIT", default=5)
FEEDBACK_RATE_WINDOW = env.int("FEEDBACK_RATE_WINDOW", default=3600)
FEEDBACK_RATE_NAMESPACE = "feedback-rate"
# How many reverse proxies of ours stand before the app (each appends to X-Forwarded-For). The
# client's address is read from that header only through them; 0 means REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Small-count suppression: no published figure may reveal a count of people below this.
SUPPRESSION_THRESHOLD = env.int("SUPPRESSION_THRESHOLD", default=5)

# Celery: with no REDIS_URL, tasks run in-process (the embedded default).
REDIS_URL = env("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "artracker"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
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
# Celery beat (the "beat" service): daily report reminders at 07:00; each is sent once only.
CELERY_BEAT_SCHEDULE = {
    "report-reminders": {
        "task": "reporting.tasks.report_reminders_send",
        "schedule": crontab(hour=env.int("REMINDER_HOUR", default=7), minute=0),
    },
    "trackers": {
        "task": "reporting.tasks.trackers_schedule",
        "schedule": crontab(hour=env.int("TRACKER_HOUR", default=6), minute=30),
    },
}
# A message a worker took but did not acknowledge (it died) goes back to the queue after this
# many seconds; it must exceed the longest task (the tracker's hard time limit).
# Workers look for such messages every interval × throttle seconds (kombu's defaults: 10 × 10).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}

# The ministerial tracker: time allowed to render one, and how long after the due date the
# schedule produces it even if some reports are not approved.
TRACKER_SOFT_TIME_LIMIT = env.int("TRACKER_SOFT_TIME_LIMIT", default=900)
TRACKER_AUTO_AFTER_DAYS = env.int("TRACKER_AUTO_AFTER_DAYS", default=14)
TRACKER_SCHEDULE_LOOKBACK_DAYS = env.int("TRACKER_SCHEDULE_LOOKBACK_DAYS", default=120)

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="artf-noreply@example.gc.ca")
# Where people reach the app: links in e-mails are built on it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# The department's reference data: the ARTF and executive roles are groups.
ARTF_GROUP = "ARTF"
EXECUTIVE_GROUP = "Executive"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every layout step at INFO; keep its warnings (refused fetches, CSS).
    "loggers": {"weasyprint.progress": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# The demo accounts' password (make run prints it).
DEMO_PASSWORD = env("DEMO_PASSWORD", default="anti-racism-demo")
