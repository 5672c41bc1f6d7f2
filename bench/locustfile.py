"""The load test's users (run by bench/load.py, which starts gunicorn and writes LOAD_CONFIG).

bench/load.py names the user classes for each run, and LOAD_MIX says which pages staff read:
- `floor`: a bare answer from Django (/health/live), the most a worker can serve;
- `register`: host staff reading the register's first page, nothing else;
- `mix`: host staff on register pages, filters, name searches and children's pages, and placing
  councils' case systems sending notifications through the API;
- `intake`: case systems sending notifications, nothing else.

Staff sign in as a person does: the password, then a TOTP code computed from their device's key. The
server sits behind a TLS proxy in production; here each request says `X-Forwarded-Proto: https` as
that proxy would, and the session's Secure cookies are sent back over loopback.
"""

import copy
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
import uuid

from locust import HttpUser, constant, task

CONFIG = json.loads(open(os.environ["LOAD_CONFIG"]).read())  # noqa: SIM115
MIX = os.environ.get("LOAD_MIX", "mix")
PROXY = {"X-Forwarded-Proto": "https"}
_accounts = itertools.count()
_TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(key_hex: str, at: float, step: int = 30, digits: int = 6) -> str:
    """RFC 6238, as django-otp's TOTPDevice checks it (SHA-1, 30 s, 6 digits, t0 = 0)."""
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", int(at // step)), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits:0{digits}d}"


class _Base(HttpUser):
    abstract = True
    wait_time = constant(0)

    def _headers(self, extra=None) -> dict:
        return {**PROXY, **(extra or {})}

    def _insecure_cookies(self) -> None:
        # Cookies the server marked Secure (it believes the proxy's https) go back over loopback http.
        for cookie in self.client.cookies:
            cookie.secure = False


class Staff(_Base):
    """An SQA officer of the host council, signed in with password and security code."""

    weight = 4

    def on_start(self) -> None:
        account = CONFIG["accounts"][next(_accounts) % len(CONFIG["accounts"])]
        origin = {"Origin": CONFIG["origin"]}
        # Redirects are not followed: the session cookie a POST sets is Secure, and a redirect followed at
        # once (before _insecure_cookies) would go without it over loopback http and land on /sign-in/.
        page = self.client.get("/sign-in/", headers=self._headers(), name="sign in")
        self._insecure_cookies()
        answer = self.client.post(
            "/sign-in/",
            data={
                "email": account["email"],
                "password": CONFIG["password"],
                "csrfmiddlewaretoken": _TOKEN_RE.search(page.text).group(1),
            },
            headers=self._headers(origin),
            name="sign in",
            allow_redirects=False,
        )
        self._insecure_cookies()
        if answer.status_code != 302 or "security-code" not in answer.headers.get("Location", ""):
            raise RuntimeError(f"{account['email']}: the password was not taken ({answer.status_code})")
        page = self.client.get("/sign-in/security-code/", headers=self._headers(), name="sign in")
        self._insecure_cookies()
        answer = self.client.post(
            "/sign-in/security-code/",
            data={
                "code": totp(account["key"], time.time()),
                "csrfmiddlewaretoken": _TOKEN_RE.search(page.text).group(1),
            },
            headers=self._headers(origin),
            name="sign in",
            allow_redirects=False,
        )
        self._insecure_cookies()
        if answer.status_code != 302 or "sign-in" in answer.headers.get("Location", "sign-in"):
            raise RuntimeError(
                f"{account['email']} did not sign in: {answer.status_code} to {answer.headers.get('Location')}"
            )

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, headers=self._headers(), name=name, catch_response=True) as response:
            if response.status_code != 200 or "/sign-in/" in response.url:
                response.failure(f"{response.status_code} at {response.url}")
        self._insecure_cookies()

    @task(4)
    def register_first_page(self) -> None:
        self._get("/children/", "register first page")

    @task(0 if MIX == "register" else 2)
    def register_filter(self) -> None:
        council = random.choice(CONFIG["councils"])
        self._get(f"/children/?placing_authority={council}&legal_status=C2", "register filter")

    @task(0 if MIX == "register" else 2)
    def register_search(self) -> None:
        self._get(f"/children/?q={random.choice(CONFIG['names'])}", "register search")

    @task(0 if MIX == "register" else 3)
    def child_page(self) -> None:
        self._get(f"/children/{random.choice(CONFIG['children'])}/", "child page")


class CaseSystem(_Base):
    """A placing council's case system sending placement starts of children new to the register."""

    weight = 1

    @task
    def notify(self) -> None:
        payload = copy.deepcopy(CONFIG["payload"])
        letters = "".join(random.choice("bcdfghjklmnpqrstvwz") + random.choice("aeiou") for _ in range(4))
        payload["child"]["first_name"] = letters.title()
        payload["child"]["last_name"] = (
            "".join(random.choice("bcdfghklmnprst") + random.choice("aeiou") for _ in range(3))
        ).title()
        payload["child"]["local_id"] = uuid.uuid4().hex[:20]
        payload["child"]["date_of_birth"] = (
            f"{random.randint(2009, 2020)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
        )
        with self.client.post(
            "/api/v1/notifications",
            data=json.dumps(payload),
            headers=self._headers({"Authorization": f"Bearer {CONFIG['token']}", "Content-Type": "application/json"}),
            name="api intake",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class Floor(_Base):
    """The floor: Django's cheapest answer."""

    weight = 1

    @task
    def live(self) -> None:
        self.client.get("/health/live", headers=self._headers(), name="floor")
