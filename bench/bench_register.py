"""Benchmark of the register and notification intake on PostgreSQL. Prints figures; asserts nothing.

    make bench        # or: scripts/bench.sh [--children 100000]

It builds a throwaway database `safeguard_bench` (dropped at the end unless --keep), fills it with
invented children and placements, and measures, in the server (Django's test client, no network):
- the register's first page, a filter and a fuzzy name search: median of repeated requests;
- SQL queries per register page at two sizes (they should not grow with the register);
- API intake of 1,000 valid notifications: notifications per second;
- SSDA903 intake of the shared sample: rows per second and peak Python memory.
"""

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import figures  # noqa: E402  (var/bench/latest.json)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# E-mails are never delivered inside a measured request: as in production, the request hands each
# outbox message to the queue after commit, here Celery's in-memory broker (nothing consumes it, and
# the test suite's Redis queue is left alone). Scripts that import this one may set eager first.
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")
os.environ["CELERY_BROKER_URL"] = "memory://"

BENCH_DB = "safeguard_bench"


def _bench_actor():
    """Who acts in the benchmark (every audit event names an actor)."""
    from safeguard.core.audit import SystemActor

    return SystemActor("Safeguard benchmark")


def _admin_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/safeguard")
    return base.rsplit("/", 1)[0] + "/postgres"


def _bench_db() -> str:
    """The benchmark database's name: BENCH_DB, after the name of DATABASE_URL's database when that is
    not plain `safeguard` (so two checkouts benchmarking on one server do not drop each other's)."""
    base = os.environ.get("SAFEGUARD_BENCH_BASE") or os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1]
    os.environ["SAFEGUARD_BENCH_BASE"] = base
    if base.startswith("safeguard_") and not base.startswith("safeguard_bench"):
        return BENCH_DB.replace("safeguard", base, 1)
    return BENCH_DB


def create_database() -> None:
    import psycopg

    name = _bench_db()
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = _admin_url().rsplit("/", 1)[0] + f"/{name}"


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {_bench_db()}")


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def page_measure(client, url: str, runs: int) -> tuple[float, int]:
    """A page's median time in the server (Django's test client) over `runs`, and its SQL queries."""
    from django.db import connection

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    counted = []
    with connection.execute_wrapper(lambda execute, *a: counted.append(1) or execute(*a)):
        client.get(url)
    return median_ms(lambda: client.get(url), runs), len(counted)


def host_setup():
    """The reference data and Luton as the host council (its teams and routing rules); returns it."""
    from safeguard.reference import services as reference

    reference.councils_load()
    return reference.host_council_seed(actor=_bench_actor(), config=reference.host_config_read("luton")).host_council


def intake_setup(count: int, dfe_code: str = "919", prefix: str = "Api"):
    """A test client, a placing council's API token and `count` valid placement starts of different
    children (each new to the register) for the API intake measures."""
    from django.test import Client

    from safeguard.accounts.models import Organisation
    from safeguard.notifications.services import api_token_create
    from safeguard.notifications.tests.payloads import start_payload

    _record, token = api_token_create(
        actor=_bench_actor(), placing_authority=Organisation.objects.get(dfe_code=dfe_code)
    )
    payloads = []
    rng = random.Random(prefix)
    for i in range(count):
        letters = "".join(chr(ord("a") + int(d)) for d in str(i))
        surname = "".join(rng.choice("bcdfghjklmnpqrstvwz") + rng.choice("aeiou") for _ in range(4)).title()
        payloads.append(
            start_payload(
                placing_authority=dfe_code,
                child__first_name=f"{prefix}{letters}",
                child__last_name=surname,
                child__nhs_number=None,
                child__local_id=f"{prefix.upper()}-{i}",
                child__date_of_birth=(date(2008, 1, 1) + timedelta(days=i % 3000)).isoformat(),
                ehc_plan__maintaining_authority=dfe_code,
            )
        )
    return Client(), token, payloads


def intake_post(client, token: str, payload: dict) -> None:
    import json

    response = client.post(
        "/api/v1/notifications",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content


def fill(children: int, host, councils, rng) -> None:
    """Children and three placements each, written with COPY-sized batches of bulk_create."""
    from faker import Faker

    from safeguard.register.models import Child, Placement

    fake = Faker("en_GB")
    Faker.seed(7)
    first = [fake.first_name() for _ in range(2000)]
    last = [fake.last_name() for _ in range(2000)]
    today = date.today()
    batch = 10_000
    made = Child.objects.count()
    while made < children:
        size = min(batch, children - made)
        rows = [
            Child(
                host_council=host,
                placing_authority=rng.choice(councils),
                first_name=rng.choice(first),
                last_name=rng.choice(last),
                date_of_birth=today - timedelta(days=rng.randint(365, 17 * 365)),
                legal_status=rng.choice(["C1", "C2", "V2", "E1"]),
                local_id=f"B{made + i}",
            )
            for i in range(size)
        ]
        Child.objects.bulk_create(rows, batch_size=batch)
        placements = []
        for child in rows:
            start = today - timedelta(days=rng.randint(400, 900))
            for n in range(3):
                end = start + timedelta(days=rng.randint(30, 120)) if n < 2 or rng.random() < 0.3 else None
                placements.append(
                    Placement(
                        child=child,
                        start_date=start,
                        end_date=end,
                        placement_type=rng.choice(["U4", "U6", "K2", "U1"]),
                        postcode=f"LU{rng.randint(1, 4)} {rng.randint(1, 9)}AB",
                    )
                )
                start = end or start
        Placement.objects.bulk_create(placements, batch_size=batch)
        made += size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=10_000 if figures.quick() else 100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    create_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    from safeguard.accounts.models import Organisation, Role, User
    from safeguard.reference import services as reference
    from safeguard.register.models import Child, Placement

    try:
        call_command("migrate", verbosity=0)
        reference.councils_load()
        host = reference.host_council_seed(
            actor=_bench_actor(), config=reference.host_config_read("luton")
        ).host_council
        councils = list(Organisation.objects.filter(kind="council").exclude(dfe_code="821")[:12])
        officer = User.objects.create_user(
            "bench.sqa@example.test",
            "bench-password-123",
            full_name="Bench SQA",
            role=Role.SQA_OFFICER,
            organisation=host.organisation,
        )
        settings.SAFEGUARD_DEMO = True  # no second factor for the measured client
        client = Client()
        client.force_login(officer)
        rng = random.Random(7)

        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        measured = {}
        for size in sorted({10_000, args.children}):
            started = time.perf_counter()
            fill(size, host, councils, rng)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            built = time.perf_counter() - started
            some = Child.objects.order_by("?").values_list("first_name", "last_name").first()
            name = f"{some[0]} {some[1][:-1]}x"  # a close spelling, not the exact name
            pages = {
                "register first page": "/children/",
                "filter (placing council + legal status)": f"/children/?placing_authority={councils[0].dfe_code}&legal_status=C2",
                "fuzzy name search": f"/children/?q={name.replace(' ', '+')}",
            }
            print(
                f"\n{Child.objects.count():,} children, {Placement.objects.count():,} placements "
                f"(built in {built:.0f} s)"
            )
            for label, url in pages.items():
                assert client.get(url).status_code == 200
                counted = []
                with connection.execute_wrapper(lambda execute, *a, counted=counted: counted.append(1) or execute(*a)):
                    client.get(url)
                ms = median_ms(lambda url=url: client.get(url), args.runs)
                measured[(size, label)] = (ms, len(counted))
                print(f"  {label:<42} median {ms:7.1f} ms   {len(counted)} SQL queries")
            # A child's page (the register's panel and every app's sections), a child with placements.
            child_pk = Child.objects.order_by("pk").values_list("pk", flat=True)[size // 2]
            ms, queries = page_measure(client, f"/children/{child_pk}/", args.runs)
            measured[(size, "child page")] = (ms, queries)
            print(f"  {'a child' + chr(39) + 's page':<42} median {ms:7.1f} ms   {queries} SQL queries")
        largest = {label: value for (size, label), value in measured.items() if size == args.children}
        figures.record(
            children=args.children,
            placements=Placement.objects.count(),
            register_first_page_ms=largest["register first page"][0],
            register_filter_ms=largest["filter (placing council + legal status)"][0],
            register_search_ms=largest["fuzzy name search"][0],
            register_queries=max(q for label, (_ms, q) in largest.items() if label != "child page"),
            child_page_ms=largest["child page"][0],
            child_page_queries=largest["child page"][1],
        )

        # API intake, one client in the server: the request from authentication to the answer, with the
        # notification, the child, the placement, the work items, the audit events and the outbox's
        # e-mails committed; the e-mails are handed to the queue after commit, never delivered here.
        client_api, token, payloads = intake_setup(1000)
        for payload in payloads[:50]:  # warm: this process's reference data and code paths
            intake_post(client_api, token, payload)
        statements = []  # counted as they run (a request empties connection.queries as it starts)
        with connection.execute_wrapper(lambda execute, *a: statements.append(1) or execute(*a)):
            intake_post(client_api, token, payloads[50])
        started = time.perf_counter()
        for payload in payloads[51:]:
            intake_post(client_api, token, payload)
        elapsed = time.perf_counter() - started
        rate = (len(payloads) - 51) / elapsed
        print(
            f"\nAPI intake: {len(payloads) - 51:,} notifications in {elapsed:.1f} s = {rate:.0f} notifications/s "
            f"({len(statements)} SQL statements each, savepoints included; e-mails queued, not sent)"
        )
        figures.record(api_intake_per_s=rate, api_intake_statements=len(statements))

        sample = ROOT / "safeguard" / "reference" / "tests" / "data" / "ssda903-sample"  # in the repository
        if sample.exists():
            from safeguard.notifications.services import ssda903_import

            host.postcode_districts = "LU1 LU2 LU3 LU4 WD10 WZ2 WA7"
            host.save()
            user = User.objects.create_user(
                "bench.903@example.test",
                "bench-password-123",
                full_name="Bench 903",
                role=Role.PLACING_SOCIAL_WORKER,
                organisation=Organisation.objects.get(dfe_code="919"),
            )
            tracemalloc.start()
            started = time.perf_counter()
            with (sample / "header.csv").open("rb") as header, (sample / "episodes.csv").open("rb") as episodes:
                report = ssda903_import(
                    actor=user,
                    placing_authority=user.organisation,
                    files={"header.csv": header, "episodes.csv": episodes},
                )
            elapsed = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            figures.record(ssda903_sample_rows_per_s=report.rows / elapsed)
            print(
                f"SSDA903 intake of the shared sample: {report.rows:,} rows ({report.taken_count} taken) in "
                f"{elapsed:.2f} s = {report.rows / elapsed:,.0f} rows/s; peak Python memory {peak / 2**20:.1f} MiB"
            )
        else:
            print("SSDA903 intake: the shared sample is not beside the project; skipped")
        # The police grab pack: a child with both photographs and a profile (goal: under a second).
        from safeguard.missing.grab_pack import grab_pack_pdf
        from safeguard.missing.services import missing_profile_save, photograph_upload
        from safeguard.missing.tests.images import jpeg_bytes
        from safeguard.register.models import Placement as PlacementModel

        provider = Organisation.objects.create(kind="provider", name="Bench foster family", located_in=host)
        carer = User.objects.create_user(
            "bench.carer@example.test",
            "bench-password-123",
            full_name="Bench Carer",
            role=Role.CARER,
            organisation=provider,
        )
        child = Child.objects.order_by("pk").first()
        PlacementModel.objects.create(child=child, carer=provider, start_date=date.today() - timedelta(days=30))
        photograph_upload(actor=carer, child=child, kind="face", data=jpeg_bytes((1600, 2000)))
        photograph_upload(actor=carer, child=child, kind="full_length", data=jpeg_bytes((1200, 2400)))
        missing_profile_save(actor=carer, child=child, answers={"physical_description": "Tall, dark hair " * 20})
        ms = median_ms(lambda: grab_pack_pdf(actor=officer, child=child), args.runs)
        figures.record(grab_pack_ms=ms)
        print(f"Grab pack with two photographs: median {ms:.0f} ms")
        small = {label: q for (size, label), (_ms, q) in measured.items() if size == 10_000}
        large = {label: q for (size, label), (_ms, q) in measured.items() if size == args.children}
        same = all(small[label] == large[label] for label in small)
        print(
            f"\nQueries per page independent of the register's size: {'yes' if same else 'NO'} "
            f"({small} at 10,000; {large} at {args.children:,})"
        )
    finally:
        if not args.keep:
            drop_database()


if __name__ == "__main__":
    main()
