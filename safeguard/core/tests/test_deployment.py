"""The README's deployment, followed as written from a fresh clone, on loopback.

It runs the shell blocks of "Deploying on PostgreSQL and the queue" in order, filling in `.env`
from `.env.example` as step 3 says, then starts gunicorn, a Celery worker and the beat with the
production settings and uses the service: the load balancer's health checks, a request for a name
the service does not answer to, the first administrator's sign-in with an authenticator, and a
notification through the API whose e-mails the worker delivers to an SMTP server on loopback.

It clones the committed code (HEAD), as CI does: uncommitted changes are not in it.
"""

import base64
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests
from aiosmtpd.controller import Controller
from django.conf import settings
from django_otp.oath import TOTP

from safeguard.notifications.tests.payloads import start_payload

pytestmark = pytest.mark.deployment

BASE_DIR = Path(settings.BASE_DIR)
SECTION = "## Deploying on PostgreSQL and the queue"
SERVICE_HOST = "safeguard.test"
LUTON_RA_EMAIL = "referral-assessment@luton.example"  # from the shipped host configuration


def readme_blocks() -> list[str]:
    text = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    end = section.find("\n## ", len(SECTION))
    section = section if end == -1 else section[:end]
    blocks = re.findall(r"^ *```sh\n(.*?)^ *```", section, flags=re.S | re.M)
    return [re.sub(r"^ {3}", "", block, flags=re.M) for block in blocks]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, mailbox
    controller.stop()


@pytest.fixture
def database_names():
    """A database and two roles of the test's own, dropped afterwards."""
    suffix = secrets.token_hex(3)
    names = {"db": f"sg_deploy_{suffix}", "owner": f"sg_owner_{suffix}", "app": f"sg_app_{suffix}"}
    database = settings.DATABASES["default"]  # the server the suite runs on
    pg = {
        "PGHOST": database["HOST"] or "127.0.0.1",
        "PGPORT": str(database["PORT"] or 5432),
        "PGUSER": database["USER"] or "postgres",
        "PGDATABASE": "postgres",
    }
    yield names, pg
    env = {**os.environ, **pg}
    subprocess.run(
        ["psql", "-c", f'DROP DATABASE IF EXISTS "{names["db"]}" WITH (FORCE)'], env=env, capture_output=True
    )
    for role in (names["app"], names["owner"]):
        subprocess.run(["psql", "-c", f'DROP ROLE IF EXISTS "{role}"'], env=env, capture_output=True)


def env_fill(path: Path, values: dict) -> None:
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"^{key}=.*$", f"{key}={value}", text, flags=re.M)
        assert count == 1, f".env.example has no {key}= line"
    path.write_text(text, encoding="utf-8")


class Browser:
    """Requests as a TLS proxy would pass them on: the service's name and X-Forwarded-Proto."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Host": SERVICE_HOST, "X-Forwarded-Proto": "https", **kwargs.pop("headers", {})}
        if method == "POST":
            headers.setdefault("Origin", f"https://{SERVICE_HOST}")
            headers.setdefault("Referer", f"https://{SERVICE_HOST}{path}")
        # The cookies are Secure; this client speaks HTTP to the loopback server, so it carries them itself.
        response = requests.request(
            method, self.base + path, headers=headers, cookies=self.cookies, allow_redirects=False, timeout=30, **kwargs
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def form_post(self, path: str, data: dict) -> requests.Response:
        page = self.request("GET", path)
        assert page.status_code == 200, (path, page.status_code)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.request("POST", path, data={"csrfmiddlewaretoken": token, **data})


def wait_for(predicate, seconds: float, what: str, logs) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"{what} within {seconds} s\n\n{logs()}")


def test_the_readme_deployment_works_as_written(tmp_path, database_names, smtp_server):
    names, pg = database_names
    smtp_port, mailbox = smtp_server
    clone = tmp_path / "safeguard"
    subprocess.run(["git", "clone", "--quiet", str(BASE_DIR), str(clone)], check=True)
    web_port = free_port()
    broker = urlparse(settings.CELERY_BROKER_URL)
    redis_base = f"redis://{broker.hostname}:{broker.port or 6379}"
    owner_password, app_password = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    admin_email, admin_password = "it.admin@luton.example", secrets.token_urlsafe(18)
    server = f"{pg['PGHOST']}:{pg['PGPORT']}"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "LANG": "C.UTF-8",
        **pg,
        "SAFEGUARD_DB": names["db"],
        "SAFEGUARD_DB_OWNER": names["owner"],
        "SAFEGUARD_DB_APP": names["app"],
        "SAFEGUARD_DB_OWNER_PASSWORD": owner_password,
        "SAFEGUARD_DB_APP_PASSWORD": app_password,
        "SAFEGUARD_OWNER_DATABASE_URL": f"postgres://{names['owner']}:{owner_password}@{server}/{names['db']}",
        "SAFEGUARD_ADMIN_EMAIL": admin_email,
        "SAFEGUARD_ADMIN_PASSWORD": admin_password,
        "SAFEGUARD_ADMIN_NAME": "Priya Shah",
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "GUNICORN_WORKERS": "2",
    }
    blocks = readme_blocks()
    assert len(blocks) == 7, "the deployment has seven steps with commands"
    processes, logs_dir = [], tmp_path / "logs"
    logs_dir.mkdir()

    def logs() -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}" for p in sorted(logs_dir.iterdir()))

    try:
        for number, block in enumerate(blocks, start=1):
            if block.startswith("# Run, each as a service:"):
                for line in block.splitlines()[1:]:
                    name = line.split()[0].rsplit("/", 1)[-1] + "-" + str(len(processes))
                    log = open(logs_dir / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
                    processes.append(
                        subprocess.Popen(
                            ["bash", "-c", f"exec {line}"], cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT
                        )
                    )
                continue
            result = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", block],
                cwd=clone,
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
            )
            assert result.returncode == 0, (
                f"step {number} failed:\n{block}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
            if number == 3:  # "fill in the values it marks REQUIRED"
                env_fill(
                    clone / ".env",
                    {
                        "SECRET_KEY": secrets.token_urlsafe(50),
                        "ALLOWED_HOSTS": SERVICE_HOST,
                        "CSRF_TRUSTED_ORIGINS": f"https://{SERVICE_HOST}",
                        "DATABASE_URL": f"postgres://{names['app']}:{app_password}@{server}/{names['db']}",
                        "CELERY_BROKER_URL": f"{redis_base}/8",
                        "CACHE_URL": f"{redis_base}/9",
                        "EMAIL_HOST": "127.0.0.1",
                        "EMAIL_PORT": str(smtp_port),
                        "MEDIA_ROOT": str(tmp_path / "media"),
                        "STATIC_ROOT": str(tmp_path / "static"),
                        "SAFEGUARD_BASE_URL": f"https://{SERVICE_HOST}",
                        "DEFAULT_FROM_EMAIL": "safeguard@luton.example",
                    },
                )
        assert processes, "step 7 starts the services"
        base = f"http://127.0.0.1:{web_port}"

        # The load balancer's checks: plain HTTP, by address.
        def answers(path: str) -> bool:
            try:
                return requests.get(base + path, timeout=10).status_code == 200
            except requests.RequestException:  # still starting
                return False

        wait_for(lambda: answers("/health/live"), 120, "gunicorn did not answer /health/live", logs)
        wait_for(
            lambda: answers("/health/ready"),
            120,
            "/health/ready did not say ready (worker heartbeat, broker, database)",
            logs,
        )
        ready = requests.get(base + "/health/ready", timeout=10).json()
        assert ready["down"] == [] and set(ready["checks"]) == {"database", "cache", "storage", "broker", "worker"}

        # A name the service does not answer to.
        unknown = requests.get(base + "/", headers={"Host": "evil.example", "X-Forwarded-Proto": "https"}, timeout=10)
        assert unknown.status_code == 400
        assert "Sorry, there is a problem with your request" in unknown.text

        # The first administrator signs in and sets up their authenticator app.
        browser = Browser(base)
        assert browser.request("GET", "/").status_code == 200
        signed = browser.form_post("/sign-in/", {"email": admin_email, "password": admin_password})
        assert signed.status_code == 302 and signed.headers["Location"].endswith("/sign-in/set-up-authenticator/")
        set_up = browser.request("GET", "/sign-in/set-up-authenticator/")
        key = re.search(r'id="setup-key">([A-Z2-7 ]+)<', set_up.text).group(1).replace(" ", "")
        code = TOTP(base64.b32decode(key)).token()
        confirmed = browser.form_post("/sign-in/set-up-authenticator/", {"code": f"{code:06d}"})
        assert confirmed.status_code == 302, confirmed.text[-2000:]
        home = browser.request("GET", "/")
        assert home.status_code == 200 and "Priya Shah" in home.text
        assert "People and roles" in home.text  # the council's administrator, not only a Django superuser
        assert home.headers["Strict-Transport-Security"].startswith("max-age=")
        stylesheet = re.search(r'href="(/static/govuk/govuk-frontend\.min\.[0-9a-f]+\.css)"', home.text)
        assert stylesheet, "the page links the collected, hashed GOV.UK stylesheet"
        assert browser.request("GET", stylesheet.group(1)).status_code == 200

        # A placing council's case system notifies a placement; the worker e-mails the host's teams.
        token_run = subprocess.run(
            [".venv/bin/python", "manage.py", "create_api_token", "919"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert token_run.returncode == 0, token_run.stderr
        token = token_run.stdout.strip().splitlines()[-1]
        answer = browser.request(
            "POST", "/api/v1/notifications", json=start_payload(), headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 201, answer.text
        assert answer.json()["status"] == "registered"
        wait_for(
            lambda: any(LUTON_RA_EMAIL in m.rcpt_tos for m in mailbox.messages),
            90,
            f"the worker did not e-mail Referral and Assessment (got {[m.rcpt_tos for m in mailbox.messages]})",
            logs,
        )
        assert all(m.mail_from == "safeguard@luton.example" for m in mailbox.messages)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(clone / ".venv", ignore_errors=True)
