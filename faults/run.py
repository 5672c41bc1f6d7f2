"""`make faults`: break the real services on purpose and count what a client and the database see.

Starts its own PostgreSQL (initdb in a temporary folder, as the user postgres, port 5439), Redis (6389),
an SMTP sink (1029), a Celery worker with its beat, and gunicorn (8109), all on loopback, and stops
them at the end. Each fault prints one line: sent, accepted, refused, lost, duplicated. Exits non-zero
when anything was lost or doubled. Bounded: a few hundred requests, each fault a few minutes at most.

Faults:
- postgres-restart: PostgreSQL restarted (fast shutdown) during a stream of API notifications from
  several clients, each retrying with its Idempotency-Key after a 503 or a dropped connection.
- redis-down: the broker stopped while notifications arrive; every write succeeds, the e-mails wait
  in the outbox, and once Redis is back each is delivered once (counted by Message-ID at the sink).

See README "The fault suite" and docs/adr/0033-concurrent-writers-and-edit-conflicts.md.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from email import message_from_bytes
from pathlib import Path

import psycopg
import requests
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_PORT, REDIS_PORT, SMTP_PORT, WEB_PORT = 5439, 6389, 1029, 8109
HOST = "safeguard.faults.test"
CLIENTS, PER_CLIENT = int(os.environ.get("FAULT_CLIENTS", 4)), int(os.environ.get("FAULT_PER_CLIENT", 60))
DB = "safeguard_faults"


class Sink:
    """The mail service: keeps every message it accepts; `refusing` answers 451 (try later)."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.refusing = False
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            return "451 Try again later"
        with self._lock:
            self.messages.append(envelope.original_content or envelope.content)
        return "250 OK"

    def message_ids(self) -> Counter:
        with self._lock:
            return Counter(message_from_bytes(m)["Message-ID"] for m in self.messages)


class Services:
    def __init__(self, work: Path):
        self.work = work
        self.pg_data = work / "pg"
        self.procs: dict[str, subprocess.Popen] = {}
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": str(work),
            "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SAFEGUARD_ENV_FILE": str(work / "none.env"),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB}",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(SMTP_PORT),
            "MEDIA_ROOT": str(work / "media"),
            "STATIC_ROOT": str(work / "static"),
            "SAFEGUARD_BASE_URL": f"https://{HOST}",
            "DEFAULT_FROM_EMAIL": "safeguard@luton.example",
            "GUNICORN_BIND": f"127.0.0.1:{WEB_PORT}",
            "GUNICORN_WORKERS": "3",
            "API_REQUESTS_PER_MINUTE": "100000",
        }

    def as_postgres(self, *command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, cwd="/")

    def postgres_start(self) -> None:
        self.as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-l", str(self.work / "pg.log"), "-w", "-t", "60",
            "-o", f"-p {PG_PORT} -k {self.work} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60",
            "start",
        )  # fmt: skip

    def postgres_restart(self) -> None:
        self.as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-m", "fast", "-w", "stop")
        time.sleep(1.0)  # down for a moment, as in a failover
        self.postgres_start()

    def start(self) -> None:
        os.chmod(self.work, 0o755)
        shutil.chown(self.work, "postgres")
        self.as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.pg_data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        self.postgres_start()
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", DB], check=True
        )
        self.redis_start()
        for step in (
            ["migrate", "--no-input"],
            ["collectstatic", "--no-input"],
            ["load_reference_data"],
        ):
            self.manage(*step)

    def redis_start(self) -> None:
        self.procs["redis"] = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def redis_stop(self) -> None:
        proc = self.procs.pop("redis")
        proc.terminate()
        proc.wait(timeout=20)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=3600
        )
        if result.returncode != 0:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        return result.stdout

    def serve(self) -> None:
        log = open(self.work / "web.log", "w")  # noqa: SIM115 (kept open for the process's life)
        self.procs["web"] = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT, env=self.env, stdout=log, stderr=log,
        )  # fmt: skip
        self.worker_start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{WEB_PORT}/health/live", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise SystemExit("gunicorn did not start; see " + str(self.work / "web.log"))

    def worker_start(self) -> None:
        log = open(self.work / "worker.log", "a")  # noqa: SIM115
        self.procs["worker"] = subprocess.Popen(
            [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "-B", "--concurrency", "2",
             "--loglevel", "INFO", "--schedule", str(self.work / "beat-schedule")],
            cwd=ROOT, env=self.env, stdout=log, stderr=log,
        )  # fmt: skip

    def stop(self) -> None:
        for proc in self.procs.values():
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        with contextlib.suppress(subprocess.CalledProcessError):
            self.as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-m", "immediate", "stop")

    def query(self, sql: str, params=()) -> list[tuple]:
        with psycopg.connect(f"host=127.0.0.1 port={PG_PORT} user=postgres dbname={DB}") as connection:
            return connection.execute(sql, params).fetchall()


def payload(tag: str, n: int, index: int) -> dict:
    """A complete placement start for a child of its own (Hertfordshire places in Luton): each child
    a date of birth of its own, so no two could be taken for one another."""
    born = date(2012, 1, 1) + timedelta(days=3 * index)  # under 18 on the day of the run
    return {
        "kind": "placement_start",
        "placing_authority": "919",
        "child": {
            "first_name": f"Fault{tag}",
            "last_name": f"Child{n:04d}",
            "date_of_birth": born.isoformat(),
            "sex": "F",
            "local_id": f"FAULT-{tag}-{n}",
        },
        "legal_status": "C2",
        "placement": {
            "type": "U4",
            "start_date": (date.today() + timedelta(days=7)).isoformat(),
            "emergency": False,
            "carer": "The Brown family",
            "address": {"line1": f"{n} High Street", "town": "Luton", "postcode": "LU1 2BQ"},
        },
        "social_worker": {
            "name": "Sam Jones",
            "email": "sam.jones@herts.example",
            "phone": "01632 960 001",
            "team": "Children in Care 2",
        },
        "iro": {"name": "Alex Reed", "email": "alex.reed@herts.example", "phone": "01632 960 002"},
        "ehc_plan": {"has_plan": False},
    }


class Tally:
    def __init__(self):
        self.sent = self.refused = 0
        self.accepted: dict[str, str] = {}  # Idempotency-Key -> reference
        self.gave_up: list[str] = []
        self.unexpected: list[str] = []  # answers that are neither 201 nor 503: counted as lost, shown
        self.lock = threading.Lock()


def post_until_answered(token: str, key: str, body: dict, tally: Tally, attempts: int = 40) -> None:
    """A placing council's case system: retry after a 503 (its Retry-After) or a dropped connection,
    always with the same Idempotency-Key."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": key,
        "Host": HOST,
        "X-Forwarded-Proto": "https",
        "Content-Type": "application/json",
    }
    for _ in range(attempts):
        with tally.lock:
            tally.sent += 1
        try:
            response = requests.post(
                f"http://127.0.0.1:{WEB_PORT}/api/v1/notifications", data=json.dumps(body), headers=headers, timeout=30
            )
        except requests.RequestException:
            with tally.lock:
                tally.refused += 1
            time.sleep(0.5)
            continue
        if response.status_code == 201:
            with tally.lock:
                tally.accepted[key] = response.json()["reference"]
            return
        if response.status_code == 503:
            assert response.headers.get("Retry-After"), "a 503 without Retry-After"
            with tally.lock:
                tally.refused += 1
            time.sleep(min(float(response.headers["Retry-After"]), 2.0))
            continue
        with tally.lock:
            tally.unexpected.append(f"{response.status_code} for {key}: {response.text[:300]}")
        break
    tally.gave_up.append(key)


def create_token(services: Services) -> str:
    out = services.manage("create_api_token", "919")
    return next(word for word in out.split() if word.startswith("sg_"))


def fault_postgres_restart(services: Services, token: str) -> dict:
    tally = Tally()
    keys = {f"pg-{c}-{n}": payload(f"Pg{c}", n, c * PER_CLIENT + n) for c in range(CLIENTS) for n in range(PER_CLIENT)}

    def client(c: int) -> None:
        for n in range(PER_CLIENT):
            post_until_answered(token, f"pg-{c}-{n}", keys[f"pg-{c}-{n}"], tally)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
    for thread in threads:
        thread.start()
    while len(tally.accepted) < len(keys) // 3 and any(t.is_alive() for t in threads):
        time.sleep(0.1)
    services.postgres_restart()  # in the middle of the stream
    for thread in threads:
        thread.join(timeout=600)
    for answer in tally.unexpected[:3]:
        print(f"  unexpected answer: {answer}", file=sys.stderr)
    rows = services.query(
        "SELECT n.reference, c.first_name || ' ' || c.last_name FROM notifications_notification n "
        "JOIN register_child c ON c.id = n.child_id WHERE c.first_name LIKE 'FaultPg%%'"
    )
    references = {reference for reference, _ in rows}
    per_child = Counter(name for _, name in rows)
    lost = sum(1 for reference in tally.accepted.values() if reference not in references) + len(tally.gave_up)
    return {
        "sent": tally.sent,
        "accepted": len(tally.accepted),
        "refused": tally.refused,
        "in_database": len(rows),
        "lost": lost + (len(keys) - len(per_child) - len(tally.gave_up)),
        "duplicated": sum(count - 1 for count in per_child.values()),
    }


def fault_redis_down(services: Services, token: str, sink: Sink) -> dict:
    tally = Tally()
    services.redis_stop()
    started = services.query("SELECT coalesce(max(id), 0) FROM core_outboxmessage")[0][0]
    for n in range(30):
        post_until_answered(token, f"redis-{n}", payload("Redis", n, 1000 + n), tally, attempts=3)
    waiting = services.query("SELECT count(*) FROM core_outboxmessage WHERE id > %s AND status = 'pending'", (started,))
    services.redis_start()
    rows = services.query("SELECT id FROM core_outboxmessage WHERE id > %s", (started,))
    expected = {f"<outbox-{pk}@luton.example>" for (pk,) in rows}
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not expected <= set(sink.message_ids()):
        time.sleep(2)
    time.sleep(5)  # anything sent twice would arrive now
    seen = sink.message_ids()
    return {
        "sent": tally.sent,
        "accepted": len(tally.accepted),
        "refused": tally.refused,
        "waiting_in_outbox": waiting[0][0],
        "delivered": sum(1 for message_id in expected if seen[message_id]),
        "lost": sum(1 for message_id in expected if not seen[message_id]) + (30 - len(tally.accepted)),
        "duplicated": sum(seen[message_id] - 1 for message_id in expected if seen[message_id] > 1),
    }


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="safeguard-faults-"))
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    services = Services(work)
    failed, finished = False, False
    try:
        services.start()
        services.serve()
        token = create_token(services)
        for name, run in (
            ("postgres-restart", lambda: fault_postgres_restart(services, token)),
            ("redis-down", lambda: fault_redis_down(services, token, sink)),
        ):
            figures = run()
            failed |= bool(figures["lost"] or figures["duplicated"])
            print(f"{name:18} " + " ".join(f"{key}={value}" for key, value in figures.items()), flush=True)
        chain = services.manage("verify_audit_chain")
        print("audit chain        " + chain.strip().splitlines()[-1] if chain.strip() else "audit chain intact")
        finished = True
    finally:
        services.stop()
        controller.stop()
        if failed or not finished or os.environ.get("FAULTS_KEEP"):
            print(f"logs kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
