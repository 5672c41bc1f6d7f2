"""Two application servers sharing PostgreSQL, Redis and the object store, as a national deployment runs
them: two gunicorn processes on two loopback ports with the production settings. A photograph uploaded
through one is served by the other; a session started on one works on the other; the public LADO form's
rate limit counts across both (the cache is Redis). Bounded: each wait has a deadline."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
from django.conf import settings
from django.db import connection

from safeguard.missing.tests.images import jpeg_bytes

from .objectstore import s3_bucket_create, s3_environment

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
SERVICE_HOST = "safeguard.test"
PASSWORD = "two-servers-password-2026"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class Browser:
    """One person's browser, sent to either server as a load balancer would, through a TLS proxy."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, base: str, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Host": SERVICE_HOST, "X-Forwarded-Proto": "https", **kwargs.pop("headers", {})}
        if method == "POST":
            headers.setdefault("Origin", f"https://{SERVICE_HOST}")
            headers.setdefault("Referer", f"https://{SERVICE_HOST}{path}")
        # The cookies are Secure and the servers speak HTTP on loopback: the client carries them itself.
        response = requests.request(
            method, base + path, headers=headers, cookies=self.cookies, allow_redirects=False, timeout=60, **kwargs
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def token(self, base: str, path: str) -> str:
        page = self.request(base, "GET", path)
        assert page.status_code == 200, (path, page.status_code, page.text[-1500:])
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


@pytest.fixture
def two_servers(tmp_path, s3_endpoint):
    bucket = s3_bucket_create(s3_endpoint)
    redis_base = settings.CELERY_BROKER_URL.rsplit("/", 1)[0]
    cache_url = f"{redis_base}/{int(os.environ.get('TEST_CACHE_REDIS_DB', '9'))}"
    redis.Redis.from_url(cache_url).flushdb()
    env = {
        **os.environ,
        **s3_environment(s3_endpoint, bucket),
        "DJANGO_SETTINGS_MODULE": "safeguard.core.tests.servers_settings",
        "SAFEGUARD_ENV_FILE": str(tmp_path / "no.env"),
        "SECRET_KEY": "two-servers-test-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": SERVICE_HOST,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CACHE_URL": cache_url,
        "MEDIA_ROOT": str(tmp_path / "media-not-used"),
        "LADO_REFERRAL_ATTEMPTS": "4",
        "GUNICORN_WORKERS": "1",
        "LOG_FORMAT": "text",
        "LOG_LEVEL": "WARNING",
    }
    servers, bases, logs = [], [], []
    for name in ("a", "b"):
        port = _free_port()
        log = tmp_path / f"gunicorn-{name}.log"
        logs.append(log)
        servers.append(
            subprocess.Popen(
                [str(Path(sys.executable).with_name("gunicorn")), "-c", "config/gunicorn.conf.py", "config.wsgi"],
                cwd=ROOT,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")

    def logs_text() -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs)

    try:
        deadline = time.monotonic() + 120
        for base in bases:
            while True:
                try:
                    if requests.get(base + "/health/live", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer /health/live within 120 s\n{logs_text()}")
                time.sleep(0.5)
        yield bases, bucket, logs_text
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def test_two_servers_share_files_sessions_and_the_lado_forms_limit(two_servers, world, carer, settings):
    (a, b), bucket, logs = two_servers
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # as the servers check it
    carer.set_password(PASSWORD)
    carer.save()
    child = world.child

    # Signed in on A; the session works on B.
    browser = Browser()
    signed = browser.request(
        a,
        "POST",
        "/sign-in/",
        data={"csrfmiddlewaretoken": browser.token(a, "/sign-in/"), "email": carer.email, "password": PASSWORD},
    )
    assert signed.status_code == 302, logs()
    on_b = browser.request(b, "GET", f"/children/{child.pk}/photographs/")
    assert on_b.status_code == 200, logs()
    assert child.first_name in on_b.text

    # A photograph uploaded through B is served by A (from the shared object store).
    photo = jpeg_bytes((600, 800))
    uploaded = browser.request(
        b,
        "POST",
        f"/children/{child.pk}/photographs/",
        data={"csrfmiddlewaretoken": browser.token(b, f"/children/{child.pk}/photographs/"), "kind": "face"},
        files={"photograph": ("face.jpg", photo, "image/jpeg")},
    )
    assert uploaded.status_code == 302, uploaded.text[-2000:] + logs()
    from safeguard.missing.models import ChildPhotograph

    stored = ChildPhotograph.objects.filter(child=child, kind="face").latest("pk")
    served = browser.request(a, "GET", f"/photographs/{stored.pk}/image")
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/jpeg", logs()
    assert served.content[:3] == b"\xff\xd8\xff" and len(served.content) > 1000
    assert served.content == browser.request(b, "GET", f"/photographs/{stored.pk}/image").content

    # The public LADO form allows 4 attempts in the window from one address, counted across both servers.
    visitor = Browser()
    token = visitor.token(a, "/lado/refer/")
    answers = [
        visitor.request(base, "POST", "/lado/refer/", data={"csrfmiddlewaretoken": token}).status_code
        for base in (a, b, a, b, a)
    ]
    assert answers[:4] == [200, 200, 200, 200]  # the form again, each time with its errors
    assert answers[4] == 429, logs()
    assert visitor.request(b, "POST", "/lado/refer/", data={"csrfmiddlewaretoken": token}).status_code == 429
