"""Benchmark of the Virtual School's view on PostgreSQL. Prints figures; asserts nothing.

    make bench        # or: .venv/bin/python bench/bench_education.py [--children 50000]

In a throwaway database `safeguard_bench_education` (`--database` to name another), with invented
children placed in Luton (three placements each, about 70% placed now), each with an education record:
most at a school with a PEP, some without a school place, some PEPs overdue; a year of term dates. It
measures in the server the list's first page (most urgent first), a filtered page, a later page and a
child's education page: median and SQL queries.
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
from bench_inclusion import sql_ms  # noqa: E402  (a request's time waiting for PostgreSQL)

bench_register.BENCH_DB = "safeguard_bench_education"


def education_fill(rng: random.Random) -> None:
    """A record for every child, a school for most (bulk_create), PEPs; due dates as the services keep them."""
    from safeguard.education.models import EducationRecord, PepMeeting, School, SchoolEnrolment

    today = date.today()
    schools = [
        School(urn=900000 + n, name=f"Bench school {n}", phase="Primary", la_code="821", la_name="Luton")
        for n in range(80)
    ]
    School.objects.bulk_create(schools)
    schools = list(School.objects.all())
    from safeguard.register.models import Child

    ids = list(Child.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), 10_000):
        chunk = ids[start : start + 10_000]
        records, enrolments, peps = [], [], []
        for pk in chunk:
            without = rng.random() < 0.04
            records.append(
                EducationRecord(
                    child_id=pk,
                    entered_care_on=today - timedelta(days=rng.randint(100, 900)),
                    no_place_since=today - timedelta(days=rng.randint(1, 60)) if without else None,
                    pep_due_on=today + timedelta(days=rng.randint(-60, 120)),
                )
            )
        EducationRecord.objects.bulk_create(records, batch_size=5000)
        for record in records:
            if record.no_place_since is None:
                enrolments.append(
                    SchoolEnrolment(record=record, school=rng.choice(schools), started_on=today - timedelta(days=200))
                )
            peps.append(PepMeeting(record=record, held_on=today - timedelta(days=rng.randint(5, 200))))
        SchoolEnrolment.objects.bulk_create(enrolments, batch_size=5000)
        PepMeeting.objects.bulk_create(peps, batch_size=5000)
    # What the register's hook keeps on each record (bulk_create sends no hook): the host, the latest
    # placement's span; then the list's urgency, as the services keep it.
    from django.db import connection

    from safeguard.education.services import urgency_refresh

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE education_educationrecord r SET host_council_id = c.host_council_id "
            "FROM register_child c WHERE c.id = r.child_id"
        )
        cursor.execute(
            "UPDATE education_educationrecord r SET placed_from = p.start_date, placed_until = p.end_date FROM "
            "(SELECT DISTINCT ON (child_id) child_id, start_date, end_date FROM register_placement "
            "ORDER BY child_id, start_date DESC, id DESC) p WHERE p.child_id = r.child_id"
        )
    urgency_refresh(EducationRecord.objects.all())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=50_000)
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
    from safeguard.accounts.models import Organisation, Role, User
    from safeguard.education import services
    from safeguard.education.demo import TERMS
    from safeguard.education.models import EducationRecord
    from safeguard.reference import services as reference

    def measure(client, url: str) -> tuple[float, int]:
        return bench_register.page_measure(client, url, args.runs)

    try:
        call_command("migrate", verbosity=0)
        reference.councils_load()
        actor = bench_register._bench_actor()
        host = reference.host_council_seed(actor=actor, config=reference.host_config_read("luton")).host_council
        for name, starts, ends, half_starts, half_ends in TERMS:
            services.school_term_save(
                actor=actor,
                host_council=host,
                name=name,
                starts_on=starts,
                ends_on=ends,
                half_term_starts_on=half_starts,
                half_term_ends_on=half_ends,
            )
        councils = list(Organisation.objects.filter(kind="council").exclude(dfe_code="821")[:12])
        rng = random.Random(14)
        started = time.perf_counter()
        bench_register.fill(args.children, host, councils, rng)
        education_fill(rng)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would leave it: index-only scans
        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        print(
            f"\n{EducationRecord.objects.count():,} children with an education record "
            f"(built in {time.perf_counter() - started:.0f} s)"
        )
        officer = User.objects.create_user(
            "bench.vs@example.test",
            "bench-password-123",
            full_name="Bench Virtual School",
            role=Role.VIRTUAL_SCHOOL_OFFICER,
            organisation=host.organisation,
        )
        staff = Client()
        staff.force_login(officer)
        child = EducationRecord.objects.filter(no_place_since__isnull=False).first().child_id
        for label, url in {
            "education list, first page": "/education/",
            "education list, without a school place": "/education/?show=no_place",
            "education list, PEP overdue": "/education/?show=pep_overdue",
            "education list, page 100": "/education/?page=100",
            "a child's education": f"/education/children/{child}/",
        }.items():
            ms, queries = measure(staff, url)
            print(f"  {label:<42} median {ms:7.1f} ms   {queries} SQL queries   {sql_ms(staff, url):6.1f} ms in SQL")
    finally:
        connection.close()
        if not args.keep:
            bench_register.drop_database()


if __name__ == "__main__":
    main()
