"""Benchmark of the partnership site's pages on PostgreSQL. Prints figures; asserts nothing.

    make bench        # or: .venv/bin/python bench/bench_partnership.py [--services 5000]

In a throwaway database: Luton's manual, its partnership site, its demo directory plus 5,000 invented
services (as bench_directory.py builds them), its demo learning programme plus 2,000 invented events (as
bench_learning.py builds them): issue 13's sizes; and the demo's consultations and feedback with 2,000
more responses. It measures in the server (Django's test client, no network), as a median with its SQL
queries, first issue 13's three goals (≤ 50 ms median each: the partnership home, an event's page, a
directory search; recorded in var/bench/latest.json), then Register your views, an open and a closed
consultation, the feedback form, the placing councils' information pack and its PDF, and the business
unit's responses page (paged) and CSV (whole).
"""

import argparse
import logging
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"

import bench_directory  # noqa: E402  (the services)
import bench_learning  # noqa: E402  (the events)
import bench_register  # noqa: E402  (the database and timing helpers)
import figures  # noqa: E402


def responses_fill(consultation, *, responses: int, rng: random.Random) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from safeguard.consultations.models import Answer, Response

    questions = list(consultation.questions.all())
    now = timezone.now()
    rows = Response.objects.bulk_create(
        (
            Response(
                consultation=consultation,
                reference=f"VIEWS-BENCH-{n:06d}",
                received_at=now - timedelta(minutes=n),
                anonymous=n % 3 == 0,
                name="" if n % 3 == 0 else f"Respondent {n}",
            )
            for n in range(responses)
        ),
        batch_size=1000,
    )
    Answer.objects.bulk_create(
        (
            Answer(
                response=r,
                question=q,
                text=rng.choice(q.choice_list) if q.choice_list else "Courses in the evening, near the town centre.",
            )
            for r in rows
            for q in questions
        ),
        batch_size=2000,
    )


def cpu_median_ms(client, url: str, runs: int) -> float:
    """The page's median CPU time in this process (Python and Django, not PostgreSQL's): on a shared,
    loaded machine the wall-clock median also counts the time spent waiting for a core."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        client.get(url)
        times.append((time.process_time() - start) * 1000)
    return sorted(times)[len(times) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--responses", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database", default="safeguard_bench_partnership")
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
    logging.disable(logging.INFO)
    settings.ALLOWED_HOSTS = ["testserver"]
    from safeguard.accounts.models import Role, User
    from safeguard.consultations.demo import WORKFORCE_SLUG, consultations_demo_load
    from safeguard.consultations.models import Consultation
    from safeguard.core.audit import SystemActor
    from safeguard.directory.demo import directory_demo_load
    from safeguard.directory.models import Service
    from safeguard.learning.demo import learning_demo_load
    from safeguard.learning.models import Event
    from safeguard.manual.demo import manual_demo_load
    from safeguard.partnership.demo import partnership_demo_load
    from safeguard.reference import services as reference

    def measure(client, url: str) -> tuple[float, int]:
        return bench_register.page_measure(client, url, args.runs)

    try:
        call_command("migrate", verbosity=0)
        reference.councils_load()
        host = reference.host_council_seed(
            actor=SystemActor("Safeguard benchmark"), config=reference.host_config_read("luton")
        ).host_council
        started = time.perf_counter()
        manual_demo_load(host=host)
        directory_demo_load(host=host)
        bench_directory.services_fill(host, services=args.services, rng=random.Random(13))
        partnership_demo_load(host=host)
        learning_demo_load(host=host)
        bench_learning.events_fill(host, events=args.events, rng=random.Random(13))
        consultations_demo_load(host=host)
        workforce = Consultation.objects.get(slug=WORKFORCE_SLUG)
        responses_fill(workforce, responses=args.responses, rng=random.Random(3))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        print(
            f"\nThe partnership: {Service.objects.count():,} services in the directory, "
            f"{Event.objects.count():,} learning events, {workforce.responses.count():,} responses to one "
            f"consultation (built in {time.perf_counter() - started:.0f} s)"
        )
        reader = Client()
        event = Event.objects.filter(host=host, live=True).order_by("starts_at")[args.events // 2]
        load = " ".join(f"{n:.2f}" for n in os.getloadavg())
        print(f"Issue 13's goals (median <= 50 ms in the server; load average {load}):")
        goals = {
            "partnership_home": ("partnership home", "/partnership/"),
            "learning_event": ("an event's page (booking form)", f"/partnership/events/{event.pk}/"),
            "directory_search": ("a directory search (a word)", "/partnership/directory/?text=counselling"),
        }
        for key, (label, url) in goals.items():
            ms, queries = measure(reader, url)
            cpu = cpu_median_ms(reader, url, args.runs)
            print(
                f"  {label:<40} median {ms:7.1f} ms   {queries} SQL queries   {'met' if ms <= 50 else 'NOT met'}"
                f"   (this process's CPU: median {cpu:.1f} ms)"
            )
            figures.record(**{f"{key}_ms": ms, f"{key}_queries": queries, f"{key}_cpu_ms": cpu})
        print("The rest of the site:")
        urls = {
            "Register your views": "/partnership/consultations/",
            "an open consultation": f"/partnership/consultations/{WORKFORCE_SLUG}/",
            "a closed consultation": "/partnership/consultations/safeguarding-at-our-borders/",
            "feedback form": "/partnership/feedback/",
            "for placing councils (the pack)": "/partnership/placing-authorities/",
            "the pack as a PDF": "/partnership/information-pack.pdf",
        }
        for label, url in urls.items():
            ms, queries = measure(reader, url)
            print(f"  {label:<40} median {ms:7.1f} ms   {queries} SQL queries")
        settings.SAFEGUARD_DEMO = True  # no second factor for the measured client
        editor = Client()
        editor.force_login(
            User.objects.create_user(
                "bench.partnership@example.test",
                "bench-password-123",
                full_name="Bench Partnership",
                role=Role.PARTNERSHIP_EDITOR,
                organisation=host.organisation,
            )
        )
        for label, url in {
            f"responses page ({args.responses:,})": f"/partnership/business-unit/consultations/{workforce.pk}/",
            f"responses CSV ({args.responses:,})": f"/partnership/business-unit/consultations/{workforce.pk}/responses.csv",
        }.items():
            ms, queries = measure(editor, url)
            print(f"  {label:<40} median {ms:7.1f} ms   {queries} SQL queries")
    finally:
        if not args.keep:
            bench_register.drop_database()


if __name__ == "__main__":
    main()
