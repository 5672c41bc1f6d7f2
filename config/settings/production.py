"""Production: PostgreSQL, Celery on Redis, HTTPS only. Every secret comes from the environment."""

from safeguard.core.logs import logging_config

from .base import *  # noqa: F403
from .base import LOG_LEVEL, env
from .files import file_storage

DEBUG = False
SAFEGUARD_DEMO = False
SECRET_KEY = env("SECRET_KEY")
# While a new SECRET_KEY settles in, the old one here keeps people signed in (docs/runbook.md).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False
# A cache shared by every application server: the public LADO form's rate limit counts in it
# (docs/adr/0009). Redis, by default the queue's server in another database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=CELERY_BROKER_URL.rsplit("/", 1)[0] + "/1"),
    }
}
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The load balancer's health checks speak plain HTTP (and are answered before the Host check), and so
# does Prometheus, scraping /metrics from an address in METRICS_ALLOWED_ADDRESSES.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# Uploaded files on disk (MEDIA_ROOT), or in private, encrypted S3-compatible object storage shared by
# every server when FILE_STORAGE_BUCKET is set (config/settings/files.py).
STORAGES = {
    "default": file_storage(env),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One JSON object a line on stderr, for journald (docs/runbook.md).
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)

# Error reports to Sentry when a DSN is set, with personal data removed (safeguard/core/sentry.py).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from safeguard.core.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
