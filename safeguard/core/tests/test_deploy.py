"""Production settings pass Django's deployment checks, and pages carry the security headers."""

import ast
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

BASE_DIR = django_settings.BASE_DIR
PRODUCTION_SETTINGS = BASE_DIR / "config" / "settings" / "production.py"


def production_literals() -> dict:
    """The settings production.py gives as plain values (not read from the environment)."""
    values = {}
    for node in ast.parse(PRODUCTION_SETTINGS.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name.isupper():
                try:
                    values[name] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return values


def test_check_deploy_passes_on_production_settings():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "safeguard.example",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output
    assert "System check identified no issues" in output


def test_production_settings_keep_https_strict():
    values = production_literals()
    assert values["SECURE_HSTS_SECONDS"] >= 31536000  # at least a year
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True


@pytest.fixture
def production_security(settings):
    for name, value in production_literals().items():
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_")):
            setattr(settings, name, value)
    settings.SECURE_SSL_REDIRECT = True  # production's default
    return settings


@pytest.mark.django_db
def test_pages_carry_the_security_headers(host, client, production_security):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    directives = {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";") if d.strip()}
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"])
    assert nonce, csp
    # The nonce in the header is the one the page's own scripts carry.
    assert f'nonce="{nonce.group(1)}"' in response.content.decode()
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["object-src"] == "object-src 'none'"

    hsts = response.headers["Strict-Transport-Security"]
    assert f"max-age={production_security.SECURE_HSTS_SECONDS}" in hsts
    assert "includeSubDomains" in hsts
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_each_page_gets_a_fresh_nonce(host, client, production_security):
    first = client.get("/", secure=True).headers["Content-Security-Policy"]
    second = client.get("/", secure=True).headers["Content-Security-Policy"]
    assert re.search(r"'nonce-([^']+)'", first).group(1) != re.search(r"'nonce-([^']+)'", second).group(1)


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(host, client, production_security):
    response = client.get("/who-to-call/")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")
