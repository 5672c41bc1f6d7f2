"""`make faults`: break the real services on purpose and count what a client and the database see.

Starts its own PostgreSQL (initdb in a temporary folder, as the user postgres, port 15701), Redis
(15702), an SMTP sink (15703), a Celery worker with its beat, and gunicorn (15704), all on loopback, and
stops them at the end. Each fault prints one line: sent, accepted, refused, in the database, delivered
(for e-mail), lost, duplicated. Exits non-zero when anything was lost or doubled, or the audit chain is
broken. Bounded: a few hundred requests, the whole run a few minutes.

Faults:
- postgres-restart: PostgreSQL restarted (fast shutdown) during a stream of API notifications from
  several clients, each retrying with its Idempotency-Key after a 503 or a dropped connection.
- redis-down: the broker (and cache) stopped while notifications arrive and children are reported
  missing; every write succeeds, the e-mails wait in the outbox, and once Redis is back each is
  delivered once (counted by Message-ID at the sink).
- worker-killed: the Celery worker (its whole process group) killed with SIGKILL while it delivers a
  batch of e-mails, then started again: every e-mail arrives, none twice.
- mail-refused: the mail service answers 451 (try later) to everything for a while: the outbox backs
  off, the messages wait, then each is delivered once when the service takes mail again.
The fifth fault of issue 16, a full disk or unwritable media folder during a photograph's upload, is a
pytest test on real filesystems (safeguard/missing/tests/test_photograph_faults.py).

See README "The fault suite" and docs/adr/0033-concurrent-writers-and-edit-conflicts.md.
"""

import asyncio
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
PG_PORT, REDIS_PORT, SMTP_PORT, WEB_PORT = (
    int(os.environ.get(f"FAULTS_{name}_PORT", default))
    for name, default in (("PG", 15701), ("REDIS", 15702), ("SMTP", 15703), ("WEB", 15704))
)
HOST = "safeguard.faults.test"
CLIENTS, PER_CLIENT = int(os.environ.get("FAULT_CLIENTS", 4)), int(os.environ.get("FAULT_PER_CLIENT", 60))
DB = "safeguard_faults"


class Sink:
    """The mail service: keeps every message it accepts; `refusing` answers 451 (try later)."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.refusing = False
        self.refusals = 0
        self.slow = 0.0  # seconds before answering each recipient: a slow mail service, for worker-killed
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.slow:
            await asyncio.sleep(self.slow)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            with self._lock:
                self.refusals += 1
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
        self.worker_exits: list[int] = []  # exit codes of workers that stopped on their own (restarted)
        self._supervising = False
        self._lock = threading.Lock()
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
            # Minutes become seconds: the sweep every 3 s, the first back-off 2 s (doubling).
            "OUTBOX_SWEEP_SECONDS": "3",
            "OUTBOX_BACKOFF_BASE_SECONDS": "2",
            "SAFEGUARD_ADMIN_PASSWORD": secrets.token_urlsafe(24),
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
        self._supervising = True
        threading.Thread(target=self._supervise, daemon=True).start()
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
            cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip

    def _supervise(self) -> None:
        """Start the worker again when it stops on its own, two seconds later, as the systemd unit in
        deploy/ does (Restart=on-failure, RestartSec=5). Celery's worker exits when it loses Redis
        (kombu 5.7: "Unrecoverable error" while restoring unacknowledged messages); without a
        supervisor nothing would be delivered after Redis came back."""
        while self._supervising:
            with self._lock:
                proc = self.procs.get("worker")
                if proc is not None and proc.poll() is not None:
                    self.worker_exits.append(proc.returncode)
                    self.procs.pop("worker")
                    restart = True
                else:
                    restart = False
            if restart:
                time.sleep(2)
                with self._lock:
                    if self._supervising and "worker" not in self.procs:
                        self.worker_start()
            time.sleep(0.5)

    def worker_kill(self) -> None:
        """SIGKILL to the worker and every process it forked (its beat and pool): a machine lost, not a
        polite shutdown. The supervisor does not see it (the test starts it again itself)."""
        with self._lock:
            proc = self.procs.pop("worker")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)

    def stop(self) -> None:
        self._supervising = False
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


def letters(n: int) -> str:
    """A number as letters (0 -> "a", 27 -> "bb"): children's names take letters only."""
    word = ""
    while True:
        n, digit = divmod(n, 26)
        word = chr(ord("a") + digit) + word
        if n == 0:
            return word


def payload(tag: str, n: int, index: int) -> dict:
    """A complete placement start for a child of its own (Hertfordshire places in Luton): each child
    a name and a date of birth of its own, so no two could be taken for one another. `tag` is letters."""
    born = date(2009, 1, 1) + timedelta(days=3 * index)  # under 18 on the day of the run
    return {
        "kind": "placement_start",
        "placing_authority": "919",
        "child": {
            "first_name": f"Fault{tag}",
            "last_name": f"Child{letters(n)}",
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

    def show_unexpected(self) -> None:
        for answer in self.unexpected[:3]:
            print(f"  unexpected answer: {answer}", file=sys.stderr)


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
            if not response.headers.get("Retry-After"):
                tally.unexpected.append(f"503 without Retry-After for {key}")
            with tally.lock:
                tally.refused += 1
            time.sleep(min(float(response.headers.get("Retry-After") or 1), 2.0))
            continue
        with tally.lock:
            tally.unexpected.append(f"{response.status_code} for {key}: {response.text[:300]}")
        break
    with tally.lock:
        tally.gave_up.append(key)


def create_token(services: Services) -> str:
    out = services.manage("create_api_token", "919")
    return next(word for word in out.split() if word.startswith("sg_"))


def fault_postgres_restart(services: Services, token: str) -> dict:
    tally = Tally()
    tags = [f"Pg{letters(c)}" for c in range(CLIENTS)]
    keys = {f"pg-{c}-{n}": payload(tags[c], n, c * PER_CLIENT + n) for c in range(CLIENTS) for n in range(PER_CLIENT)}

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
    tally.show_unexpected()
    # Counted by what the client sent (the child's local id in the notification as received), not by
    # the register: a notification the matching sends to review has no child yet, and is not lost.
    rows = services.query(
        "SELECT reference, payload->'child'->>'local_id' FROM notifications_notification "
        "WHERE payload->'child'->>'local_id' LIKE 'FAULT-Pg%%'"
    )
    references = {reference for reference, _ in rows}
    per_child = Counter(local_id for _, local_id in rows)
    accepted_missing = sum(1 for reference in tally.accepted.values() if reference not in references)
    return {
        "sent": tally.sent,
        "accepted": len(tally.accepted),
        "refused": tally.refused,
        "in_database": len(rows),
        # A notification is lost when the client was told 201 and it is not there, or when no attempt
        # of it ever got in (the client gave up), or a child sent is not on the register at all.
        "lost": max(accepted_missing + len(tally.gave_up), len(keys) - len(per_child)),
        "duplicated": sum(count - 1 for count in per_child.values()),
    }


def outbox_ids_after(services: Services, start: int) -> set[str]:
    rows = services.query("SELECT id FROM core_outboxmessage WHERE id > %s", (start,))
    return {f"<outbox-{pk}@luton.example>" for (pk,) in rows}


def outbox_high_water(services: Services) -> int:
    return services.query("SELECT coalesce(max(id), 0) FROM core_outboxmessage")[0][0]


def delivered_once(sink: Sink, expected: set[str], *, within: float = 240) -> dict:
    """Wait until every expected message has reached the sink (or `within` seconds pass), then a little
    longer for any second copy; count by Message-ID."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and not expected <= set(sink.message_ids()):
        time.sleep(1)
    time.sleep(8)  # three sweeps: a copy sent twice would arrive now
    seen = sink.message_ids()
    return {
        "delivered": sum(1 for message_id in expected if seen[message_id]),
        "lost": sum(1 for message_id in expected if not seen[message_id]),
        "duplicated": sum(seen[message_id] - 1 for message_id in expected if seen[message_id] > 1),
    }


REPORT_MISSING = """
from datetime import timedelta
from django.utils import timezone
from safeguard.accounts.models import User
from safeguard.missing.services import missing_episode_report
from safeguard.register.models import Child
actor = User.objects.get(email="fault.admin@luton.example")
for child in Child.objects.filter(first_name="FaultRedis").order_by("pk")[:{count}]:
    missing_episode_report(actor=actor, child=child, kind="M", last_seen_at=timezone.now() - timedelta(hours=1),
                           last_seen_where="The park on Station Road")
    print("reported")
"""


def fault_redis_down(services: Services, token: str, sink: Sink) -> dict:
    """The broker stops; notifications arrive and children are reported missing (as the services do on
    the carer's page); the writes succeed and the e-mails wait in the outbox; Redis comes back."""
    tally = Tally()
    count, missing = 15, 5
    started = outbox_high_water(services)
    exits_before = len(services.worker_exits)
    services.redis_stop()
    for n in range(count):
        post_until_answered(token, f"redis-{n}", payload("Redis", n, 1000 + n), tally, attempts=3)
    tally.show_unexpected()
    reported = services.manage("shell", "-c", REPORT_MISSING.replace("{count}", str(missing))).split().count("reported")
    expected = outbox_ids_after(services, started)
    waiting = services.query("SELECT count(*) FROM core_outboxmessage WHERE id > %s AND status = 'pending'", (started,))
    episodes = services.query(
        "SELECT count(*) FROM missing_missingepisode e JOIN register_child c ON c.id = e.child_id "
        "WHERE c.first_name = 'FaultRedis'"
    )[0][0]
    services.redis_start()
    figures = delivered_once(sink, expected)
    in_database = services.query(
        "SELECT count(*) FROM notifications_notification WHERE payload->'child'->>'local_id' LIKE 'FAULT-Redis-%%'"
    )[0][0]
    return {
        "sent": tally.sent + reported,
        "accepted": len(tally.accepted) + reported,
        "refused": tally.refused,
        "in_database": in_database + episodes,
        "waiting_in_outbox": waiting[0][0],
        "delivered": figures["delivered"],
        "worker_restarts": len(services.worker_exits) - exits_before,
        "lost": figures["lost"] + (count - len(tally.accepted)) + max(0, reported - episodes),
        "duplicated": figures["duplicated"] + max(0, in_database - count) + max(0, episodes - reported),
    }


def fault_worker_killed(services: Services, token: str, sink: Sink) -> dict:
    """A batch of e-mails to a slow mail service; the worker is killed (SIGKILL, its whole process
    group) while delivering, then started again."""
    tally = Tally()
    count = 30
    started = outbox_high_water(services)
    sink.slow = 0.3
    try:
        for n in range(count):
            post_until_answered(token, f"worker-{n}", payload("Worker", n, 2000 + n), tally, attempts=3)
        tally.show_unexpected()
        expected = outbox_ids_after(services, started)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(set(sink.message_ids()) & expected) < len(expected) // 3:
            time.sleep(0.05)
        before_kill = len(set(sink.message_ids()) & expected)
        services.worker_kill()  # mid-delivery: a third of the batch has arrived
        time.sleep(2)
        with services._lock:
            services.worker_start()
        figures = delivered_once(sink, expected)
    finally:
        sink.slow = 0.0
    print(f"  worker killed after {before_kill} of {len(expected)} e-mails had arrived", file=sys.stderr)
    return {
        "sent": len(expected),
        "accepted": len(expected),
        "refused": 0,
        "in_database": services.query("SELECT count(*) FROM core_outboxmessage WHERE id > %s", (started,))[0][0],
        **figures,
        "lost": figures["lost"] + (count - len(tally.accepted)),
    }


def fault_mail_refused(services: Services, token: str, sink: Sink) -> dict:
    """The mail service answers 451 to everything for 20 seconds (an hour's outage, at the faults'
    speeded-up back-off): the outbox retries with back-off, the messages wait, then arrive once."""
    tally = Tally()
    count = 20
    started = outbox_high_water(services)
    sink.refusing = True
    try:
        for n in range(count):
            post_until_answered(token, f"mail-{n}", payload("Mail", n, 1500 + n), tally, attempts=3)
        tally.show_unexpected()
        time.sleep(20)
        retried = services.query(
            "SELECT count(*), coalesce(max(attempts), 0) FROM core_outboxmessage "
            "WHERE id > %s AND status = 'pending' AND attempts > 1",
            (started,),
        )[0]
    finally:
        sink.refusing = False
    expected = outbox_ids_after(services, started)
    figures = delivered_once(sink, expected)
    print(
        f"  {retried[0]} e-mails were waiting after repeated refusals (up to {retried[1]} attempts each)",
        file=sys.stderr,
    )
    return {
        "sent": len(expected),
        "accepted": len(expected) - figures["lost"],
        "refused": sink.refusals,
        "in_database": len(expected),
        "waiting_in_outbox": retried[0],
        **figures,
        "lost": figures["lost"] + (count - len(tally.accepted)),
    }


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="safeguard-faults-"))
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    services = Services(work)
    failed, finished = False, False
    started = time.monotonic()
    try:
        services.start()
        services.serve()
        token = create_token(services)
        services.manage(
            "create_host_admin", "--host", "luton", "--email", "fault.admin@luton.example", "--full-name", "Fay Ault"
        )
        ready = time.monotonic()
        print(f"  services ready in {ready - started:.0f} s (a new database migrated, static files)", file=sys.stderr)
        for name, run in (
            ("postgres-restart", lambda: fault_postgres_restart(services, token)),
            ("redis-down", lambda: fault_redis_down(services, token, sink)),
            ("worker-killed", lambda: fault_worker_killed(services, token, sink)),
            ("mail-refused", lambda: fault_mail_refused(services, token, sink)),
        ):
            figures = run()
            failed |= bool(figures["lost"] or figures["duplicated"])
            print(f"{name:18} " + " ".join(f"{key}={value}" for key, value in figures.items()), flush=True)
        chain = services.manage("verify_audit_chain")  # exits non-zero (SystemExit here) when broken
        print("audit-chain        " + (chain.strip().splitlines() or ["intact"])[-1], flush=True)
        print(
            f"faults done in {time.monotonic() - ready:.0f} s ({time.monotonic() - started:.0f} s in all)", flush=True
        )
        finished = True
    finally:
        services.stop()
        controller.stop()
        if failed or not finished or os.environ.get("FAULTS_KEEP"):
            print(f"logs kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed or not finished else 0


if __name__ == "__main__":
    sys.exit(main())
