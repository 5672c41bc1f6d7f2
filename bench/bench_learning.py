"""Benchmark of the partnership's learning events on PostgreSQL. Prints figures; asserts nothing.

    make bench        # or: .venv/bin/python bench/bench_learning.py [--events 2000]

In a throwaway database, Luton's demo programme plus 2,000 invented published events (issue 13's figure)
over the next four years, each with competencies and up to 30 bookings, it measures in the server
(Django's test client, no network), as a median with its SQL queries: the list of events (page 1, a
competency, a later page), one event's page with its booking form, and the partnership's home page (its
next events). Issue 13's goal: an event page ≤ 50 ms.
"""

import argparse
import logging
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"

import bench_register  # noqa: E402  (the database and timing helpers)

TOPICS = ["Neglect", "Child sexual exploitation", "Domestic abuse", "Prevent", "Working together", "Contextual safeguarding",
          "Online safety", "Trafficking and modern slavery", "Missing children", "The child's voice"]  # fmt: skip


def events_fill(host, *, events: int, rng: random.Random) -> None:
    from django.utils import timezone

    from safeguard.learning.models import Agency, Booking, Competency, Event

    competencies = list(Competency.objects.filter(host=host))
    now = timezone.now()
    rows = []
    for n in range(events):
        starts = now + timedelta(days=1 + n * 1460 / events, hours=rng.randint(0, 6))
        rows.append(
            Event(
                host=host,
                title=f"{rng.choice(TOPICS)}: session {n}",
                kind="course",
                summary="An invented event.",
                description="For the benchmark.",
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                venue="Luton Town Hall",
                audience="Everyone",
                capacity=30,
                live=True,
            )  # fmt: skip
        )
    rows = Event.objects.bulk_create(rows, batch_size=1000)
    links = [Event.competencies.through(event_id=e.pk, competency_id=rng.choice(competencies).pk) for e in rows]
    Event.competencies.through.objects.bulk_create(links, batch_size=1000)
    agencies = [a for a, _ in Agency.choices]
    Booking.objects.bulk_create(
        (
            Booking(
                event=e,
                name=f"Person {n}",
                email=f"p{n}@example.org",
                agency=rng.choice(agencies),
                role="Nurse",
                status="booked",
            )  # fmt: skip
            for e in rows
            for n in range(rng.randint(0, 30))
        ),
        batch_size=5000,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database", default="safeguard_bench_learning")
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
    from safeguard.core.audit import SystemActor
    from safeguard.learning.demo import learning_demo_load
    from safeguard.learning.models import Booking, Event
    from safeguard.partnership.demo import partnership_demo_load
    from safeguard.reference import services as reference

    try:
        call_command("migrate", verbosity=0)
        reference.councils_load()
        host = reference.host_council_seed(
            actor=SystemActor("Safeguard benchmark"), config=reference.host_config_read("luton")
        ).host_council
        started = time.perf_counter()
        partnership_demo_load(host=host)
        learning_demo_load(host=host)
        events_fill(host, events=args.events, rng=random.Random(13))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        print(
            f"\nThe programme: {Event.objects.count():,} events, {Booking.objects.count():,} bookings "
            f"(built in {time.perf_counter() - started:.0f} s)"
        )
        event = Event.objects.filter(host=host).order_by("starts_at")[1000]
        reader = Client()
        urls = {
            "events: page 1": "/partnership/events/",
            "events: a competency": "/partnership/events/?competency=recognise",
            "events: page 50": "/partnership/events/?page=50",
            "an event's page (with the booking form)": f"/partnership/events/{event.pk}/",
            "the partnership's home (next events)": "/partnership/",
        }
        for label, url in urls.items():
            ms, queries = bench_register.page_measure(reader, url, args.runs)
            print(f"  {label:<42} median {ms:7.1f} ms   {queries} SQL queries")
    finally:
        if not args.keep:
            bench_register.drop_database()


if __name__ == "__main__":
    main()
