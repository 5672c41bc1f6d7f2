"""Benchmark of the children missing education register on PostgreSQL. Prints figures; asserts nothing.

    make bench        # or: .venv/bin/python bench/bench_inclusion.py [--cases 50000]

In a throwaway database `safeguard_bench_inclusion` (`--database` to name another), Luton with invented
CME cases in every state (most closed, as a register years old is) with reasonable enquiries, and
home-educated children. It measures in the server the register's first page (open cases, the default), all
cases, a filter, a later page, a name search, a case's page, the figures by month and the EHE register:
median and SQL queries.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"

import bench_register  # noqa: E402  (the database and timing helpers)

bench_register.BENCH_DB = "safeguard_bench_inclusion"

FIRST = ["Kian", "Amara", "Zain", "Maja", "Ioana", "Tyler", "Aisha", "Ruby", "Jakub", "Ibrahim", "Leah", "Dawid"]
LAST = ["Hussain", "Okafor", "Mahmood", "Kowalska", "Popescu", "Walsh", "Begum", "Campbell", "Nowak", "Rahman"]


def inclusion_fill(host, cases: int, rng: random.Random) -> None:
    from safeguard.education.models import School
    from safeguard.inclusion.models import CmeCase, CmeEnquiry, EheRecord

    today = date.today()
    schools = [School(urn=900000 + n, name=f"Bench school {n}", la_code="821", la_name="Luton") for n in range(60)]
    School.objects.bulk_create(schools)
    schools = list(School.objects.all())
    statuses = ["closed"] * 90 + ["new"] * 3 + ["enquiring"] * 5 + ["escalated"] * 2
    outcomes = [o for o in CmeCase.Outcome.values if o != "moved_council"]
    for start in range(0, cases, 10_000):
        batch = []
        for _ in range(min(10_000, cases - start)):
            status = rng.choice(statuses)
            opened = today - timedelta(days=rng.randint(0, 5 * 365))
            batch.append(
                CmeCase(
                    host_council=host,
                    status=status,
                    way_in=rng.choice(CmeCase.WayIn.values),
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    date_of_birth=today - timedelta(days=rng.randint(5 * 365, 16 * 365)),
                    address=f"{rng.randint(1, 200)} Dunstable Road, Luton",
                    school=rng.choice(schools),
                    ground=rng.choice(["moved_away", "absent_20_days", "not_returned", ""]),
                    risk=rng.choice(CmeCase.Risk.values + [""]),
                    opened_on=opened,
                    closed_on=opened + timedelta(days=rng.randint(1, 60)) if status == "closed" else None,
                    outcome=rng.choice(outcomes) if status == "closed" else "",
                )
            )
        CmeCase.objects.bulk_create(batch, batch_size=5000)
        CmeEnquiry.objects.bulk_create(
            [
                CmeEnquiry(case=case, kind=kind, made_on=case.opened_on, made_by="Bench officer", result="Not known")
                for case in batch
                for kind in rng.sample(CmeEnquiry.Kind.values, 3)
            ],
            batch_size=5000,
        )
    EheRecord.objects.bulk_create(
        [
            EheRecord(
                host_council=host,
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                date_of_birth=today - timedelta(days=rng.randint(5 * 365, 16 * 365)),
                parents="A parent",
                learnt_from="written_notice",
                learnt_on=today - timedelta(days=rng.randint(0, 900)),
            )
            for _ in range(cases // 10)
        ],
        batch_size=5000,
    )


def sql_ms(client, url: str, runs: int = 5) -> float:
    """The median time one request spends waiting for PostgreSQL (the rest is Python and templates)."""
    from django.db import connection

    totals = []
    spent: list[float] = []

    def timed(execute, *args):
        started = time.perf_counter()
        try:
            return execute(*args)
        finally:
            spent.append(time.perf_counter() - started)

    for _ in range(runs):
        spent.clear()
        with connection.execute_wrapper(timed):
            client.get(url)
        totals.append(sum(spent) * 1000)
    return sorted(totals)[len(totals) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database", default=bench_register.BENCH_DB)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    bench_register.BENCH_DB = args.database

    bench_register.create_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SAFEGUARD_DEMO = True  # no second factor for the measured clients
    from safeguard.accounts.models import Role, User
    from safeguard.inclusion.models import CmeCase
    from safeguard.reference import services as reference

    try:
        call_command("migrate", verbosity=0)
        reference.councils_load()
        actor = bench_register._bench_actor()
        host = reference.host_council_seed(actor=actor, config=reference.host_config_read("luton")).host_council
        started = time.perf_counter()
        inclusion_fill(host, args.cases, random.Random(14))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would leave it: index-only scans
        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        print(
            f"\n{CmeCase.objects.count():,} children missing education cases, "
            f"{CmeCase.objects.exclude(status='closed').count():,} open (built in {time.perf_counter() - started:.0f} s)"
        )
        officer = User.objects.create_user(
            "bench.cme@example.test",
            "bench-password-123",
            full_name="Bench CME officer",
            role=Role.CME_OFFICER,
            organisation=host.organisation,
        )
        staff = Client()
        staff.force_login(officer)
        case = CmeCase.objects.exclude(status="closed").first().pk
        for label, url in {
            "CME register, first page (open cases)": "/education/cme/",
            "CME register, every case": "/education/cme/?status=",
            "CME register, escalated and high risk": "/education/cme/?status=escalated&risk=high",
            "CME register, every case, page 100": "/education/cme/?status=&page=100",
            "CME register, a name": "/education/cme/?status=&name=Okafor",
            "a CME case": f"/education/cme/cases/{case}/",
            "CME figures by month": "/education/cme/figures/",
            "EHE register, first page": "/education/ehe/",
        }.items():
            ms, queries = bench_register.page_measure(staff, url, args.runs)
            print(f"  {label:<42} median {ms:7.1f} ms   {queries} SQL queries   {sql_ms(staff, url):6.1f} ms in SQL")
    finally:
        connection.close()
        if not args.keep:
            bench_register.drop_database()


if __name__ == "__main__":
    main()
