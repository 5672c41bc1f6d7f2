"""Settings shared by every environment. Values come from environment variables (see .env.example)."""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

from config.environment import env_file_read
from safeguard.core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env_file_read()

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me")
# Fernet keys (comma-separated; the first encrypts, each decrypts) for the secrets Safeguard sends on to
# another service: a council's single sign-on client secret, its mailbox password (safeguard/core/secrets.py,
# docs/adr/0034). Empty outside production: a key derived from SECRET_KEY stands in.
SAFEGUARD_SECRETS_KEY = env.list("SAFEGUARD_SECRETS_KEY", default=[])
# A council's single sign-on issuer must be https; http on loopback only where this is on (the tests'
# provider, a demo's), never in production (docs/adr/0034).
COUNCIL_SIGN_IN_ALLOW_HTTP_LOOPBACK = False
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "safeguard.core",
    "safeguard.accounts",
    "safeguard.reference",
    "safeguard.records",
    "safeguard.register",
    "safeguard.missing",
    "safeguard.exploitation",
    "safeguard.allegations",
    "safeguard.notifications",
    "safeguard.education",
    "safeguard.inclusion",
    "safeguard.content",
    "safeguard.directory",
    "safeguard.consultations",
    "safeguard.manual",
    "safeguard.partnership",
    "safeguard.learning",
    "safeguard.home",
    # Wagtail, the content foundation (docs/adr/0016-wagtail-content-foundation.md).
    "wagtail.contrib.routable_page",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.users",
    "wagtail.sites",
    "wagtail",
    "modelcluster",
    "taggit",
    "ninja",
    "django_prometheus",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "safeguard.core.middleware.RequestIdMiddleware",
    "safeguard.core.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safeguard.core.middleware.RequestContextMiddleware",
    "safeguard.core.middleware.PrivateResponseMiddleware",
    "safeguard.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Inside the sign-in, second-factor, CSP and frame middleware: it answers for /cms/ and adjusts those.
    "safeguard.content.middleware.CmsGateMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Functions the apps above core offer every Jinja2 template (core's environment imports them by name).
SAFEGUARD_TEMPLATE_GLOBALS = {
    "hours_summary": "safeguard.reference.selectors.hours_summary",
    "no_number_words": "safeguard.reference.selectors.no_number_words",
    "audit_action_words": "safeguard.accounts.audit_words.action_words",
    "rich_text": "safeguard.content.sanitise.rich_text",
}

TEMPLATES = [
    {
        # Our pages: Jinja2 with the GOV.UK Frontend macros (docs/adr/0002-templates-govuk-frontend-jinja.md).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "safeguard.core.jinja2.environment",
            "context_processors": [
                "safeguard.home.navigation.context_processor",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # Django's admin only.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'safeguard.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "safeguard.accounts.backends.SignInBackend",  # Django's ModelBackend, loading the host council too
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
# Links to set a password: an invitation lasts days (the invitee may be away), a forgotten-password
# link two hours (issue 17).
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_VALID_MINUTES", default=120) * 60
LOGIN_REDIRECT_URL = "home:home"

# Sessions end after this much inactivity: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failed sign-ins (django-axes), per account.
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_LOCKOUT_MINUTES", default=30))
# Per account, not per address: a council office signs in from one shared address, and locking the
# address would lock out the whole office (docs/adr/0005-sign-in-and-access.md).
AXES_LOCKOUT_PARAMETERS = ["username"]
# Beyond the per-account lockout, a limit per client address (password spraying across many accounts):
# failed sign-ins and attempts per window (seconds), generous for a shared council office (ADR 0033).
SIGN_IN_RATE = (
    env.int("SIGN_IN_FAILURES_PER_ADDRESS", default=30),
    env.int("SIGN_IN_ATTEMPTS_PER_ADDRESS", default=100),
    900,
)
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if DATABASES["default"].get("ENGINE", "").endswith("sqlite3"):
    # The embedded default: SQLite ignores a covering index's INCLUDE columns (the education list's count
    # index), which is all the warning says; PostgreSQL builds it whole.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "safeguard.accounts.views.lockout_response"
AXES_USERNAME_CALLABLE = "safeguard.accounts.views.sign_in_username"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Safeguard")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
# GOV.UK Frontend's compiled CSS and JS, copied from the npm package by scripts/assets.sh.
STATICFILES_DIRS = [VAR_DIR / "frontend" / "static"]
# GOV.UK Frontend's CSS asks for fonts and images under /assets/; served from here.
WHITENOISE_ROOT = VAR_DIR / "frontend" / "root"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"

# Security headers for every environment; production adds HTTPS-only settings.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# E-mail: GOV.UK Notify when a key is configured, otherwise Django's backend.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=VAR_DIR / "mail")
EMAIL_HOST = env("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="safeguard@localhost")
NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="")
NOTIFY_EMAIL_TEMPLATE_ID = env("NOTIFY_EMAIL_TEMPLATE_ID", default="")

# The queue. Outbox delivery: docs/adr/0003-outbox-and-queue.md.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# How often the outbox sweep sends what is due (what the broker could not queue, and retries), and the
# first back-off after a failed attempt (doubling each time, at most an hour). `make faults` shortens both.
OUTBOX_SWEEP_SECONDS = env.float("OUTBOX_SWEEP_SECONDS", default=60.0)
OUTBOX_BACKOFF_BASE_SECONDS = env.int("OUTBOX_BACKOFF_BASE_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "outbox-deliver-due": {"task": "safeguard.core.tasks.outbox_deliver_due", "schedule": OUTBOX_SWEEP_SECONDS},
    "work-items-escalate": {"task": "safeguard.notifications.tasks.work_items_escalate", "schedule": 300.0},
    "notifications-chase": {"task": "safeguard.notifications.tasks.notifications_chase", "schedule": 3600.0},
    "missing-sweep": {"task": "safeguard.missing.tasks.missing_sweep", "schedule": 300.0},
    # The procedures manual: unconfirmed subscriptions deleted, release e-mails of releases dated for
    # today, and the links in live chapters checked once a day (docs/adr/0020).
    "manual-subscriptions-sweep": {"task": "safeguard.manual.tasks.manual_subscriptions_sweep", "schedule": 900.0},
    "learning-sweep": {"task": "safeguard.learning.tasks.learning_sweep", "schedule": 3600.0},
    "manual-links-check": {"task": "safeguard.manual.tasks.manual_links_check", "schedule": 86400.0},
    "education-sweep": {"task": "safeguard.education.tasks.education_sweep", "schedule": 3600.0},
    # Records management (docs/adr/0041): records past their retention date onto the review list, and
    # automatic disposal after the grace period where a council chose it.
    "records-review-sweep": {"task": "safeguard.records.tasks.records_review_sweep", "schedule": 86400.0},
    # Background imports a worker lost (restarted mid-job) or never got: queued again (docs/adr/0040).
    "import-jobs-resume": {"task": "safeguard.core.tasks.import_jobs_resume", "schedule": 120.0},
    "worker-heartbeat": {"task": "safeguard.core.tasks.worker_heartbeat", "schedule": 60.0},
    # Timed clean-ups: expired sessions (Django's clearsessions), and sign-in records past the lockout's
    # cool-off (safeguard/core/housekeeping.py).
    "sessions-clear-expired": {"task": "safeguard.core.tasks.sessions_clear_expired", "schedule": 3600.0},
    "sign-in-records-clear-old": {"task": "safeguard.core.tasks.sign_in_records_clear_old", "schedule": 3600.0},
    # The host councils' notifications mailboxes over IMAP (docs/adr/0035): every minute, each read when
    # its own interval has passed.
    "notifications-mailbox-read": {"task": "safeguard.notifications.tasks.notification_mailbox_read", "schedule": 60.0},
}
# /health/ready reports the worker down when the heartbeat (a beat task the worker runs) is older.
WORKER_HEARTBEAT_MAX_AGE_SECONDS = env.int("WORKER_HEARTBEAT_MAX_AGE_SECONDS", default=180)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=12)

# Safeguard itself.
SAFEGUARD_DEMO = env.bool("SAFEGUARD_DEMO", default=False)
# The host council whose public pages are shown to people who are not signed in.
SAFEGUARD_DEFAULT_HOST = env("SAFEGUARD_DEFAULT_HOST", default="821")
# How long each process keeps the councils and host councils it has read (docs/adr/0031): a change made
# on another application server is seen here within this many seconds (at once on this one).
REFERENCE_CACHE_SECONDS = env.int("REFERENCE_CACHE_SECONDS", default=60)
# How long a host's contacts and opening hours ("who to call now" on the partnership's pages) are kept in
# the shared cache; any edit of a contact or its hours forgets them at once (reference/selectors.py).
REFERENCE_CONTACTS_CACHE_SECONDS = env.int("REFERENCE_CONTACTS_CACHE_SECONDS", default=300)
# The longest a register list's count is kept in the shared cache; any change to a child or a
# placement starts the counts afresh at once (docs/adr/0031).
REGISTER_COUNT_SECONDS = env.int("REGISTER_COUNT_SECONDS", default=300)
# The service's name as the host council brands it (the header, page titles); the council's own name
# comes from its configuration (reference/data/hosts/<slug>.json).
SAFEGUARD_SERVICE_NAME = env("SAFEGUARD_SERVICE_NAME", default="Safeguard")
SAFEGUARD_FEEDBACK_EMAIL = env("SAFEGUARD_FEEDBACK_EMAIL", default="safeguard-feedback@localhost")
# The public LADO referral form: accepted referrals and attempts per client address per window (seconds).
# Reverse proxies in front of the application that append the client's address to X-Forwarded-For
# (0: REMOTE_ADDR is the client). The public LADO form's rate limit counts per client address.
SAFEGUARD_TRUSTED_PROXIES = env.int("SAFEGUARD_TRUSTED_PROXIES", default=0)
LADO_REFERRAL_RATE = (env.int("LADO_REFERRAL_ACCEPTED", default=5), env.int("LADO_REFERRAL_ATTEMPTS", default=20), 600)
# The procedures manual's subscriptions (docs/adr/0020-manual-releases-subscriptions-and-links.md): the
# same rate limit per client address (subscriptions accepted, attempts, per window in seconds), and how
# long a confirmation link works before the unconfirmed address is deleted.
MANUAL_SUBSCRIBE_RATE = (
    env.int("MANUAL_SUBSCRIBE_ACCEPTED", default=5),
    env.int("MANUAL_SUBSCRIBE_ATTEMPTS", default=20),
    600,
)
# The partnership's learning events (docs/adr/0027-learning-events-and-bookings.md): bookings accepted and
# attempts per client address per window (seconds); how many working days before an event a person may
# still cancel their own place; how many days before it the reminder goes.
LEARNING_BOOKING_RATE = (
    env.int("LEARNING_BOOKING_ACCEPTED", default=5),
    env.int("LEARNING_BOOKING_ATTEMPTS", default=20),
    600,
)
LEARNING_CANCEL_CLOSES_WORKING_DAYS = env.int("LEARNING_CANCEL_CLOSES_WORKING_DAYS", default=2)
LEARNING_REMINDER_DAYS = env.int("LEARNING_REMINDER_DAYS", default=2)
# The partnership's public forms (docs/adr/0028-consultations-and-feedback.md): the same rate limit per
# client address (accepted, attempts, per window in seconds) for feedback and for consultation responses.
PARTNERSHIP_FEEDBACK_RATE = (
    env.int("PARTNERSHIP_FEEDBACK_ACCEPTED", default=5),
    env.int("PARTNERSHIP_FEEDBACK_ATTEMPTS", default=20),
    600,
)
CONSULTATION_RESPONSE_RATE = (
    env.int("CONSULTATION_RESPONSE_ACCEPTED", default=5),
    env.int("CONSULTATION_RESPONSE_ATTEMPTS", default=20),
    600,
)
MANUAL_SUBSCRIPTION_CONFIRM_HOURS = env.int("MANUAL_SUBSCRIPTION_CONFIRM_HOURS", default=48)
# The manual's link check: seconds before a link is given up on, and links checked at once (its
# User-Agent names the service and SAFEGUARD_BASE_URL, so other sites' owners know who asks).
MANUAL_LINK_CHECK_TIMEOUT_SECONDS = env.float("MANUAL_LINK_CHECK_TIMEOUT_SECONDS", default=10.0)
MANUAL_LINK_CHECK_CONCURRENCY = env.int("MANUAL_LINK_CHECK_CONCURRENCY", default=4)

# Logs: JSON lines in production, readable text here; a request or task id on each, no personal data
# (safeguard/core/logs.py, docs/adr/0013-logs-errors-and-metrics.md).
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)
# django-axes names the account in its log lines: a keyed digest instead of the e-mail address.
AXES_CLIENT_STR_CALLABLE = "safeguard.core.logs.axes_client_str"

# Prometheus metrics at /metrics, answered only to these addresses (CIDR), and 404 to any other.
# The address is REMOTE_ADDR, or the one SAFEGUARD_TRUSTED_PROXIES proxies saw.
METRICS_ALLOWED_ADDRESSES = env.list("METRICS_ALLOWED_ADDRESSES", default=["127.0.0.1/32", "::1/128"])
for _network in METRICS_ALLOWED_ADDRESSES:
    ipaddress.ip_network(_network, strict=False)  # a mistyped network stops start-up, rather than open /metrics

# Notifications
# Each host council sets its own notifications mailbox on /settings/mailbox/ (notifications.CouncilMailbox,
# docs/adr/0035-imap-mailbox.md). These settings are the fallback for one council: the mailbox of
# NOTIFICATIONS_MAILBOX_HOST while that council has none set on its page. Messages taken in are moved to
# NOTIFICATIONS_IMAP_DONE_FOLDER (or flagged when it is empty).
NOTIFICATIONS_IMAP_HOST = env("NOTIFICATIONS_IMAP_HOST", default="")
NOTIFICATIONS_IMAP_PORT = env.int("NOTIFICATIONS_IMAP_PORT", default=993)
NOTIFICATIONS_IMAP_USER = env("NOTIFICATIONS_IMAP_USER", default="")
NOTIFICATIONS_IMAP_PASSWORD = env("NOTIFICATIONS_IMAP_PASSWORD", default="")
NOTIFICATIONS_IMAP_FOLDER = env("NOTIFICATIONS_IMAP_FOLDER", default="INBOX")
NOTIFICATIONS_IMAP_DONE_FOLDER = env("NOTIFICATIONS_IMAP_DONE_FOLDER", default="Taken into Safeguard")
NOTIFICATIONS_IMAP_CA_FILE = env("NOTIFICATIONS_IMAP_CA_FILE", default="")
# The host council (slug) whose mailbox it is.
NOTIFICATIONS_MAILBOX_HOST = env("NOTIFICATIONS_MAILBOX_HOST", default="luton")
NOTIFICATIONS_MAILBOX_INTERVAL_MINUTES = env.float("NOTIFICATIONS_MAILBOX_INTERVAL_MINUTES", default=5.0)
SAFEGUARD_BASE_URL = env("SAFEGUARD_BASE_URL", default="http://127.0.0.1:8000")
# Incomplete notifications are chased after this many working days (and again after as many more).
NOTIFICATION_CHASE_WORKING_DAYS = env.int("NOTIFICATION_CHASE_WORKING_DAYS", default=3)
# The JSON API: requests a minute per placing council token before 429 (a case system sends a few a day).
API_REQUESTS_PER_MINUTE = env.int("API_REQUESTS_PER_MINUTE", default=1200)
# Seconds a client is asked to wait (Retry-After on the 503) while the database cannot be reached.
DATABASE_UNAVAILABLE_RETRY_AFTER = env.int("DATABASE_UNAVAILABLE_RETRY_AFTER", default=10)

# Missing from care: a photograph older than this is out of date (seed 000: "two recent photographs").
PHOTO_MAX_AGE_MONTHS = env.int("PHOTO_MAX_AGE_MONTHS", default=6)
# The police's risk grades for a missing child (College of Policing APP: very low to high).
MISSING_RISK_GRADES = env.list("MISSING_RISK_GRADES", default=["Very low", "Low", "Medium", "High"])
# Grades at which the host's Referral and Assessment team is told at once.
MISSING_TELL_RA_GRADES = env.list("MISSING_TELL_RA_GRADES", default=["High"])
# ... and whatever the grade, once a child has been missing or away longer than this many hours.
MISSING_TELL_RA_AFTER_HOURS = env.int("MISSING_TELL_RA_AFTER_HOURS", default=24)
# Repeat episodes: this many episodes starting within this many days flag the child for a
# multi-agency review.
MISSING_REPEAT_EPISODES = env.int("MISSING_REPEAT_EPISODES", default=3)
MISSING_REPEAT_DAYS = env.int("MISSING_REPEAT_DAYS", default=90)
# A risk assessment's uploaded document: largest size in bytes.
RISK_ASSESSMENT_DOCUMENT_MAX_BYTES = env.int("RISK_ASSESSMENT_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)

# Exploitation concerns: the R&A duty manager reviews each within this many working hours, or it escalates.
EXPLOITATION_REVIEW_WITHIN_WORKING_HOURS = env.int("EXPLOITATION_REVIEW_WITHIN_WORKING_HOURS", default=8)
# The procedures manual's read acknowledgements (docs/adr/0021): a chapter assigned again after a
# material change is due at least this many days after, whatever date the manager set.
MANUAL_READ_AGAIN_WITHIN_DAYS = env.int("MANUAL_READ_AGAIN_WITHIN_DAYS", default=14)

# Education (the Virtual School's view of placed children; docs/adr/0024-education-virtual-school.md).
# A looked-after child placed out of area should have a school place within this many school days
# (statutory guidance "Promoting the education of looked-after children", 2018): flagged and escalated.
EDUCATION_SCHOOL_PLACE_WITHIN_SCHOOL_DAYS = env.int("EDUCATION_SCHOOL_PLACE_WITHIN_SCHOOL_DAYS", default=20)
# The personal education plan: initiated within this many working days of entering care, ready for the
# first statutory review at the second, then reviewed every this many terms (councils' common practice).
EDUCATION_PEP_INITIATE_WORKING_DAYS = env.int("EDUCATION_PEP_INITIATE_WORKING_DAYS", default=10)
EDUCATION_PEP_READY_WORKING_DAYS = env.int("EDUCATION_PEP_READY_WORKING_DAYS", default=20)
EDUCATION_PEP_REVIEW_TERMS = env.int("EDUCATION_PEP_REVIEW_TERMS", default=1)
# Where the host's term dates do not reach the next review: this many months after the last PEP.
EDUCATION_PEP_FALLBACK_MONTHS = env.int("EDUCATION_PEP_FALLBACK_MONTHS", default=4)
# Attendance (docs/adr/0030-attendance-and-the-virtual-school-list.md): a child whose attendance over the
# school year falls below this percentage is reported to the Virtual School and the placing social worker
# (a host's configuration file may set its own, `attendance_threshold_percent`); 90% is the DfE's line
# of persistent absence. Imports larger than this are refused (the API and the upload page).
EDUCATION_ATTENDANCE_THRESHOLD_PERCENT = env.float("EDUCATION_ATTENDANCE_THRESHOLD_PERCENT", default=90.0)
EDUCATION_ATTENDANCE_MAX_BYTES = env.int("EDUCATION_ATTENDANCE_MAX_BYTES", default=100 * 1024 * 1024)

# Content: Wagtail (docs/adr/0016-wagtail-content-foundation.md). The editor's admin is at /cms/, for
# host councils' content editors only (safeguard/content/middleware.py); sign-in is Safeguard's own.
SAFEGUARD_CMS_PREFIX = "/cms/"
WAGTAIL_SITE_NAME = SAFEGUARD_SERVICE_NAME
WAGTAILADMIN_BASE_URL = SAFEGUARD_BASE_URL
# Each host council's Wagtail Site answers <host slug>.<this domain>; the default host's answers any other.
SAFEGUARD_CONTENT_DOMAIN = env("SAFEGUARD_CONTENT_DOMAIN", default="localhost")
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Documents are streamed through Wagtail's view, which checks their privacy, never by a redirect to the
# file store's own address (docs/adr/0032-shared-file-storage.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "txt", "csv"]
# Wagtail's database search backend: PostgreSQL full-text search on PostgreSQL (English stemming, so
# "placements" finds "placement"), SQLite's FTS5 on the embedded default (docs/adr/0019-manual-search-feed-pdf.md).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}}
# The partnership site's quick exit ("Exit this page") leaves for this neutral site (GOV.UK's default).
PARTNERSHIP_EXIT_URL = env("PARTNERSHIP_EXIT_URL", default="https://www.bbc.co.uk/weather")
# Model permissions a host's editors' group holds, named by the content apps (content imports none of them).
SAFEGUARD_CONTENT_EDITOR_PERMISSIONS = [
    "manual.add_manualrelease",
    "manual.change_manualrelease",
    "manual.delete_manualrelease",
    "manual.add_procedurelink",
    "manual.change_procedurelink",
    "manual.delete_procedurelink",
    # The partnership's learning events (docs/adr/0027): each editor's own host's only (learning/wagtail_hooks.py).
    "learning.add_event",
    "learning.change_event",
    "learning.delete_event",
    "learning.publish_event",
    "learning.add_competency",
    "learning.change_competency",
    "learning.delete_competency",
    # The partnership's consultations (docs/adr/0037): each editor's own host's only (consultations/wagtail_hooks.py).
    "consultations.add_consultation",
    "consultations.change_consultation",
    "consultations.delete_consultation",
    "consultations.publish_consultation",
]
# The Wagtail groups an editor's role puts them in, for their host council: functions (host) -> groups,
# named by the content apps. A role not named here joins the host's content editors (its whole tree).
SAFEGUARD_CONTENT_EDITOR_GROUPS = {
    "partnership_editor": [
        "safeguard.content.services.host_editor_groups",
        "safeguard.manual.editors.manual_reviewer_groups",
    ],
    "manual_editor": ["safeguard.manual.editors.manual_editor_groups"],
}
# A page under a moderation workflow is published when its last task is approved, by the approver
# (safeguard/content/workflow_finish.py; the approval is the authority to publish).
WAGTAIL_FINISH_WORKFLOW_ACTION = "safeguard.content.workflow_finish.publish_workflow_state"
# Editing a page in review sends it back to the first task: what is approved is what is published.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True

# Education inclusion: children missing education, elective home education, children not in school
# (safeguard/inclusion, docs/adr/0029-education-inclusion-cme-ehe-cnis.md).
# The public and agencies' referral form: (accepted, attempts, window seconds) per client address.
CME_REFERRAL_RATE = (env.int("CME_REFERRAL_ACCEPTED", default=5), env.int("CME_REFERRAL_ATTEMPTS", default=20), 600)
# A home-educating family is contacted again this many months after the last contact.
EHE_CONTACT_INTERVAL_MONTHS = env.int("EHE_CONTACT_INTERVAL_MONTHS", default=12)
# Children not in school (Education Act 1996 ss436B-436G, not yet in force): the host councils (by slug)
# that keep the register; none by default.
INCLUSION_CNIS_HOSTS = env.list("INCLUSION_CNIS_HOSTS", default=[])
# What the register holds, until the regulations say: (name, label, required). From the Act as passed.
INCLUSION_CNIS_FIELDS = [
    ("child_name", "Child's full name", True),
    ("date_of_birth", "Child's date of birth", True),
    ("address", "Child's home address", True),
    ("parents", "Parents' names and addresses", True),
    ("educated_by", "Who provides the child's education (a parent, or a person for a parent: name and address)", True),
    ("hours", "How much time the child spends being educated by each", True),
    ("other_providers", "Out-of-school education providers above the prescribed time: names and addresses", False),
    ("sen", "Special educational needs", False),
    ("child_protection", "Child-protection enquiries (s47) or plan", False),
    ("looked_after", "Looked after by a council", False),
    ("consent_s434a", "Council consent to withdraw to home education (s434A), where needed", False),
]
