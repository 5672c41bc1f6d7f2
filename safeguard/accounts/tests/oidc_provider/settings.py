"""A council's OpenID Connect provider, for the single sign-on tests: a small Django project on
django-oidc-provider, run as its own process on loopback by `serve.py` (see `provider.py`). Its
people, passwords and SQLite database are its own, as a council's directory would be."""

import os

BASE_DIR = os.path.dirname(__file__)
SECRET_KEY = "council-provider-for-tests-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_URL = os.environ.get("PROVIDER_SITE_URL", "http://127.0.0.1:8120")
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "safeguard.accounts.tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(BASE_DIR, "templates")],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("PROVIDER_DATABASE", os.path.join(BASE_DIR, "provider.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
LOGIN_URL = "/login/"
OIDC_USERINFO = "safeguard.accounts.tests.oidc_provider.claims.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "safeguard.accounts.tests.oidc_provider.claims.GroupsScopeClaims"
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
