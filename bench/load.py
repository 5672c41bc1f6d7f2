"""Load test of the production set-up: gunicorn with the production settings on PostgreSQL and Redis,
driven by locust (headless, another process) over loopback, each run bounded in time.

    make load          # or: scripts/load.sh [--children 10000] [--seconds 20] [--users 8]

In a throwaway database it registers `--children` invented children (three placements each), a
host council's SQA officers (each with an authenticator device) and a placing council's API token;
collects the static files; starts gunicorn on LOAD_PORT (8117) with config/settings/production.py
and the README's deployment variables (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL,
CACHE_URL, STATIC_ROOT…), behind no proxy: the load's requests say `X-Forwarded-Proto: https` as the
TLS proxy would. The per-token API limit is lifted for the run (API_REQUESTS_PER_MINUTE). Then four
runs of `--seconds` each:

1. the floor: /health/live, Django's cheapest answer (HealthMiddleware, before the rest of the chain);
2. the register's first page alone, signed-in staff (goal: at least a tenth of the floor's rate);
3. the mix: register pages, filters, name searches, children's pages and API intake;
4. API intake alone, 4 clients (goal: 400 a second, no errors). E-mails go to the outbox and the
   queue (Redis); no worker runs, so none is delivered during the run.

Prints requests a second and p50/p95/p99 for each, and records them in var/bench/latest.json.
"""

import argparse
import contextlib
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import bench_register  # noqa: E402
import figures  # noqa: E402

bench_register.BENCH_DB = "safeguard_bench_load"
PASSWORD = "bench-password-123"


def _setup(children: int, staff: int) -> dict:
    """The database for the run; returns what the locust users need."""
    import random

    import django

    django.setup()
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.core.management import call_command
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safeguard.accounts.models import Organisation, Role, User
    from safeguard.notifications.tests.payloads import start_payload
    from safeguard.register.models import Child

    call_command("migrate", verbosity=0)
    host = bench_register.host_setup()
    councils = list(Organisation.objects.filter(kind="council").exclude(dfe_code="821")[:12])
    bench_register.fill(children, host, councils, random.Random(5))
    accounts = []
    hasher = PBKDF2PasswordHasher()
    for n in range(staff):
        user = User.objects.create_user(
            f"load.sqa{n}@example.test",
            PASSWORD,
            full_name=f"Load SQA {n}",
            role=Role.SQA_OFFICER,
            organisation=host.organisation,
        )
        # Hashed as production hashes (this process runs the test settings, whose MD5 hasher the
        # production server does not accept: every password would be "incorrect").
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        accounts.append({"email": user.email, "key": device.key})
    _client, token, _payloads = bench_register.intake_setup(0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sample = list(Child.objects.order_by("?").values_list("pk", "first_name", "last_name")[:200])
    return {
        "accounts": accounts,
        "password": PASSWORD,
        "councils": [c.dfe_code for c in councils],
        "children": [pk for pk, _first, _last in sample],
        "names": [f"{first} {last[:-1]}x" for _pk, first, last in sample],  # close spellings
        "token": token,
        "payload": start_payload(placing_authority="919", ehc_plan__maintaining_authority="919"),
    }


def _production_env(port: int, static_root: Path) -> dict:
    redis = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/7")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "CELERY_BROKER_URL": redis,
        "CACHE_URL": redis.rsplit("/", 1)[0] + "/" + str(int(redis.rsplit("/", 1)[1]) + 1),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),
        "SAFEGUARD_BASE_URL": f"https://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "API_REQUESTS_PER_MINUTE": "100000000",  # the run's one token sends hundreds a second
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("SAFEGUARD_DEMO", None)
    return env


def _wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


def _warm(port: int, workers: int) -> None:
    """Every worker answers the sign-in page and the register's redirect once before anything is measured:
    a worker's first page loads the templates and the apps' code, seconds on a busy machine, which would
    otherwise fall inside the first run's sign-ins."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(path: str) -> None:
        request = urllib.request.Request(  # noqa: S310 (loopback)
            f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
        )
        # The register redirects to sign in (an error here): the worker has loaded it all the same.
        with contextlib.suppress(OSError):
            urllib.request.urlopen(request, timeout=120).read()  # noqa: S310

    with ThreadPoolExecutor(max_workers=workers * 2) as pool:
        list(pool.map(fetch, ["/sign-in/", "/children/", "/partnership/"] * workers * 2))


def _locust(label: str, classes: list[str], mix: str, users: int, seconds: int, port: int, config: Path, out: Path):
    prefix = out / label
    command = [
        str(ROOT / ".venv" / "bin" / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    env = {**os.environ, "LOAD_CONFIG": str(config), "LOAD_MIX": mix}
    with open(f"{prefix}.log", "w") as log:
        subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL, stderr=log)  # noqa: S603 (our own tools)
    rows = {}
    with open(f"{prefix}_stats.csv") as stats:
        for row in csv.DictReader(stats):
            rows[row["Name"]] = row
    return rows


def _figures(row: dict) -> dict:
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "req_per_s": float(row["Requests/s"]),
        "p50": float(row["50%"] or 0),
        "p95": float(row["95%"] or 0),
        "p99": float(row["99%"] or 0),
    }


def _line(label: str, f: dict) -> str:
    return (
        f"  {label:<28} {f['req_per_s']:8.1f} req/s   p50 {f['p50']:6.0f} ms   p95 {f['p95']:6.0f} ms   "
        f"p99 {f['p99']:6.0f} ms   {f['requests']:,} requests, {f['failures']} failed"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "8117")))
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--reuse-static", action="store_true", help="use the static files a run collected already (var/bench/static)"
    )
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="safeguard-load-"))
    bench_register.create_database()
    server = None
    try:
        started = time.perf_counter()
        config = _setup(args.children, staff=args.users)
        config["origin"] = f"https://127.0.0.1:{args.port}"
        config_path = out / "config.json"
        config_path.write_text(json.dumps(config))
        print(f"Load test: {args.children:,} children ready in {time.perf_counter() - started:.0f} s")
        from django.db import connections

        connections.close_all()
        if not (ROOT / "var" / "frontend" / "static").is_dir():  # GOV.UK Frontend's assets (bootstrap makes them)
            subprocess.run([str(ROOT / "scripts" / "assets.sh")], check=True, cwd=ROOT)  # noqa: S603
        static_root = ROOT / "var" / "bench" / "static"
        env = _production_env(args.port, static_root)
        manage = [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py")]
        if not (args.reuse_static and (static_root / "staticfiles.json").exists()):
            subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)  # noqa: S603
        log = open(out / "gunicorn.log", "w")  # noqa: SIM115
        server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_for(f"http://127.0.0.1:{args.port}/health/live")
        workers = env.get("GUNICORN_WORKERS") or f"{os.cpu_count() * 2 + 1} (2 × cores + 1)"
        _warm(args.port, int(str(workers).split()[0]))
        print(f"gunicorn with config/settings/production.py on 127.0.0.1:{args.port}, {workers} workers")
        runs = {
            "floor": (["Floor"], "floor", args.users, "floor"),
            "register": (["Staff"], "register", args.users, "register first page"),
            "mix": (["Staff", "CaseSystem"], "mix", args.users, "Aggregated"),
            "intake": (["CaseSystem"], "intake", 4, "api intake"),
        }
        results = {}
        for label, (classes, mix, users, name) in runs.items():
            rows = _locust(label, classes, mix, users, args.seconds, args.port, config_path, out)
            if name not in rows or rows[name]["Request Count"] == "0":
                errors = Path(out / f"{label}.log").read_text()[-3000:]
                raise RuntimeError(f"the {label} run made no {name!r} requests; locust said:\n{errors}")
            results[label] = _figures(rows[name])
            print(f"\n{label} ({users} users, {args.seconds} s):")
            for row_name, row in rows.items():
                if row_name != "sign in" and row.get("Request Count", "0") != "0":
                    print(_line(row_name, _figures(row)))
        floor, register, mix, intake = (results[k] for k in ("floor", "register", "mix", "intake"))
        figures.record(
            load_children=args.children,
            load_users=args.users,
            floor_req_per_s=floor["req_per_s"],
            register_load_req_per_s=register["req_per_s"],
            register_load_p50_ms=register["p50"],
            register_load_p95_ms=register["p95"],
            register_load_p99_ms=register["p99"],
            register_load_failures=register["failures"],
            mix_load_req_per_s=mix["req_per_s"],
            mix_load_p50_ms=mix["p50"],
            mix_load_p95_ms=mix["p95"],
            mix_load_p99_ms=mix["p99"],
            mix_load_failures=mix["failures"],
            api_intake_concurrent_per_s=intake["req_per_s"],
            api_intake_concurrent_p95_ms=intake["p95"],
            api_intake_concurrent_failures=intake["failures"],
        )
        print(
            f"\nThe register page at {register['req_per_s'] / floor['req_per_s']:.2f} of the floor (goal: 0.10 or more); "
            f"API intake with 4 clients {intake['req_per_s']:.0f}/s, {intake['failures']} failed (goal: 400/s, none)"
        )
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        if not args.keep:
            bench_register.drop_database()


if __name__ == "__main__":
    main()
