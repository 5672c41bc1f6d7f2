"""Run the council's provider (this folder's Django project) as a process on loopback for a test."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[4]
CLIENT_ID = "safeguard-luton"
CLIENT_SECRET = "a-secret-the-council-gave-safeguard"  # noqa: S105
PASSWORD = "council-password-1"  # noqa: S105
# The council's people, as its directory knows them (whether Safeguard knows them is the test's affair).
PEOPLE = [
    {"username": "amina", "email": "amina.hussain@luton.gov.uk", "password": PASSWORD},
    {"username": "newstarter", "email": "no.account@luton.gov.uk", "password": PASSWORD},
    {"username": "visitor", "email": "j.okafor@birmingham.gov.uk", "password": PASSWORD},
    {"username": "manager", "email": "dee.manager@luton.gov.uk", "password": PASSWORD, "groups": ["SQA managers"]},
    {"username": "ungrouped", "email": "sam.ungrouped@luton.gov.uk", "password": PASSWORD, "groups": ["Parking"]},
]


@dataclass
class RunningProvider:
    url: str
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def council_provider(safeguard_urls: list[str]):
    """A real OpenID Connect provider (django-oidc-provider) in its own process, its one client being
    Safeguard at each of `safeguard_urls` (http://testserver for Django's test client)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="council-provider-", ignore_cleanup_errors=True) as folder:
        setup = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{base}/sign-in/council/callback/" for base in safeguard_urls],
            "post_logout_redirect_uris": [f"{base}/sign-out/done/" for base in safeguard_urls],
            "people": PEOPLE,
        }
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "safeguard.accounts.tests.oidc_provider.settings",
            "PROVIDER_DATABASE": str(Path(folder) / "provider.sqlite3"),
            "PROVIDER_SITE_URL": url,
            "PROVIDER_SETUP": json.dumps(setup),
        }
        log = open(Path(folder) / "provider.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "safeguard.accounts.tests.oidc_provider.serve", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if requests.get(f"{url}/openid/.well-known/openid-configuration", timeout=2).ok:
                        break
                except requests.RequestException:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(
                        f"The council's provider did not start: {(Path(folder) / 'provider.log').read_text()}"
                    )
                time.sleep(0.3)
            yield RunningProvider(url=url, issuer=f"{url}/openid")
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()
