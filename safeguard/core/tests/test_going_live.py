"""What a council's operations team meets first: health checks, an unknown Host, the start-up checks,
and `.env.example` used as the `.env` by every kind of process."""

import os
import re
import secrets
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from safeguard.core import health

BASE_DIR = settings.BASE_DIR


@pytest.mark.django_db
def test_an_unknown_host_is_answered_400_with_the_gov_uk_page(client, settings):
    settings.ALLOWED_HOSTS = ["safeguard.example.gov.uk"]
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()


@pytest.mark.django_db
def test_liveness_answers_plain_http_by_address_without_sign_in(client, settings):
    settings.ALLOWED_HOSTS = ["safeguard.example.gov.uk"]
    settings.SECURE_SSL_REDIRECT = True  # as in production: the health paths are not redirected

    response = client.get("/health/live", HTTP_HOST="10.0.0.7")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_names_the_worker_down_until_its_heartbeat_arrives(client, settings):
    settings.ALLOWED_HOSTS = ["safeguard.example.gov.uk"]
    settings.SECURE_SSL_REDIRECT = True
    cache.delete(health.HEARTBEAT_KEY)

    down = client.get("/health/ready", HTTP_HOST="10.0.0.7")
    assert down.status_code == 503
    assert down.json()["down"] == ["worker"]
    assert down.json()["checks"]["database"] == "ok"
    assert down.json()["checks"]["broker"] == "ok"

    from safeguard.core.tasks import worker_heartbeat

    worker_heartbeat()
    ready = client.get("/health/ready", HTTP_HOST="10.0.0.7")
    assert ready.status_code == 200, ready.json()
    assert ready.json() == {
        "status": "ok",
        "down": [],
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "broker": "ok", "worker": "ok"},
    }


@pytest.mark.django_db
def test_readiness_names_an_old_heartbeat_and_a_broker_that_does_not_answer(client, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS = 180
    cache.set(health.HEARTBEAT_KEY, time.time() - 600)
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    body = client.get("/health/ready").json()

    assert body["down"] == ["broker", "worker"]
    assert re.fullmatch(r"the worker.s last heartbeat was 60[0-9] seconds ago", body["checks"]["worker"])
    assert body["checks"]["broker"] != "ok"


def test_notify_without_a_template_id_stops_the_start(settings):
    settings.NOTIFY_API_KEY = "safeguard-" + "x" * 70
    settings.NOTIFY_EMAIL_TEMPLATE_ID = ""

    with pytest.raises(SystemCheckError, match="NOTIFY_EMAIL_TEMPLATE_ID"):
        call_command("check")

    settings.NOTIFY_EMAIL_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
    call_command("check")


def test_smtp_with_both_kinds_of_tls_stops_the_start(settings):
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = True
    with pytest.raises(SystemCheckError, match="EMAIL_USE_TLS and EMAIL_USE_SSL"):
        call_command("check")


def _env_example_filled(tmp_path):
    """.env.example with only its REQUIRED values filled in, as the README says."""
    text = (BASE_DIR / ".env.example").read_text(encoding="utf-8")
    text = text.replace("SECRET_KEY=change-me", f"SECRET_KEY={secrets.token_urlsafe(50)}")
    text = text.replace("safeguard_app:change-me@", "safeguard_app:s3cret@")
    text = text.replace("MEDIA_ROOT=/var/lib/safeguard/media", f"MEDIA_ROOT={tmp_path / 'media'}")
    text = text.replace("STATIC_ROOT=/var/lib/safeguard/static", f"STATIC_ROOT={tmp_path / 'static'}")
    path = tmp_path / ".env"
    path.write_text(text, encoding="utf-8")
    return path


PRINT_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.SETTINGS_MODULE, settings.MISSING_RISK_GRADES, settings.EXPLOITATION_REVIEW_WITHIN_WORKING_HOURS,"
    " settings.SESSION_COOKIE_SECURE, settings.DATABASES['default']['USER'])"
)


@pytest.mark.parametrize(
    "entry",
    [
        ["manage.py", "shell", "-c", PRINT_SETTINGS],
        ["-c", f"import config.wsgi; {PRINT_SETTINGS}"],
        ["-c", f"from config.celery import app; app.loader.import_default_modules(); {PRINT_SETTINGS}"],
    ],
    ids=["manage.py", "gunicorn's wsgi", "celery"],
)
def test_env_example_is_a_working_env_for_every_process(tmp_path, entry):
    env_file = _env_example_filled(tmp_path)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "SAFEGUARD_ENV_FILE": str(env_file)}

    result = subprocess.run(
        [sys.executable, *entry], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == (
        "config.settings.production ['Very low', 'Low', 'Medium', 'High'] 8 True safeguard_app"
    )


def test_env_example_can_be_sourced_by_a_shell(tmp_path):
    env_file = _env_example_filled(tmp_path)
    result = subprocess.run(
        ["bash", "-c", f'set -a; source "{env_file}"; echo "$MISSING_RISK_GRADES|$DJANGO_SETTINGS_MODULE"'],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Very low,Low,Medium,High|config.settings.production"


def test_the_environment_wins_over_env(tmp_path):
    env_file = _env_example_filled(tmp_path)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "SAFEGUARD_ENV_FILE": str(env_file),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.SETTINGS_MODULE)",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().endswith("config.settings.local"), result.stderr
