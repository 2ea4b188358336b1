"""Production: every secret comes from the environment, with no default, so a missing one fails."""

from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": {**env.db("DATABASE_URL"), "OPTIONS": DATABASES["default"].get("OPTIONS", {})}}  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production runs behind one TLS proxy: the client's address is the last X-Forwarded-For entry.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container health check speaks plain HTTP
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
SITE_URL = env("SITE_URL")  # links in e-mails: required, a wrong host would mislead people

# Real workers in production: the broker is required, and so is its password: Redis holds the
# task queue and the feedback box's counts, which no one else on the network may read or write.
REDIS_URL = env("REDIS_URL")
if not (urlsplit(REDIS_URL).password or parse_qs(urlsplit(REDIS_URL).query).get("password")):
    raise ImproperlyConfigured(
        "REDIS_URL has no password: give Redis one (requirepass) and put it in the URL, "
        "e.g. redis://:PASSWORD@redis:6379/0 (docker-compose takes it from REDIS_PASSWORD)."
    )
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
# The feedback box's rate limit must be shared by every web worker: Redis, not process memory.
CACHES = {"default": {**REDIS_CACHE, "LOCATION": REDIS_URL}}  # noqa: F405
