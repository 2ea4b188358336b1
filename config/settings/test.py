"""Test runs: fast hashing, local memory e-mail, PostgreSQL when DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-only-not-a-secret")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default="/tmp/artracker-test-media")  # noqa: S108 -- test runs only; DJANGO_MEDIA_ROOT overrides it

# A file, not memory, for SQLite test runs: tests that cut the database connection need to
# be able to close and reopen it.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
