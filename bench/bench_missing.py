"""Benchmark of missing from care on PostgreSQL. Prints figures; asserts nothing.

    make bench        # or: .venv/bin/python bench/bench_missing.py [--episodes 200000]

In a throwaway database `safeguard_bench_missing`, with invented children and 200,000 past
episodes (each returned, most with a return-home interview), it measures in the server:
- the missing dashboard (figures per month and placing council, repeat episodes): median and SQL queries;
- the register's first page, now carrying the missing flags: median and SQL queries;
- the return-home interview queue;
- reporting an episode end to end (the carer's form post: validation, episode, audit, e-mails);
- recording the return end to end.
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
import figures  # noqa: E402  (var/bench/latest.json)

bench_register.BENCH_DB = "safeguard_bench_missing"


def _bench_actor():
    """Who acts in the benchmark (every audit event names an actor)."""
    from safeguard.core.audit import SystemActor

    return SystemActor("Safeguard benchmark")


def episodes_fill(total: int, children: list[int], rng: random.Random) -> None:
    """Past episodes over three years, returned, with interviews (most on time), by bulk_create."""
    from django.utils import timezone

    from safeguard.missing.models import MissingEpisode, ReturnHomeInterview

    now = timezone.now()
    batch = 20_000
    made = 0
    while made < total:
        size = min(batch, total - made)
        episodes = []
        for _ in range(size):
            start = now - timedelta(days=rng.uniform(1, 3 * 365), hours=rng.uniform(0, 24))
            episodes.append(
                MissingEpisode(
                    child_id=rng.choice(children),
                    kind=rng.choice("MA"),
                    last_seen_at=start,
                    returned_at=start + timedelta(hours=rng.uniform(1, 60)),
                    last_seen_where="Invented",
                )
            )
        MissingEpisode.objects.bulk_create(episodes, batch_size=5000)
        interviews = []
        for episode in episodes:
            due = episode.returned_at + timedelta(hours=72)
            outcome = rng.choices(["done", "declined", "due"], weights=[80, 15, 5])[0]
            held = None if outcome == "due" else episode.returned_at + timedelta(hours=rng.uniform(4, 100))
            interviews.append(
                ReturnHomeInterview(episode=episode, due_at=due, outcome=outcome, held_at=held, interviewer="Invented")
            )
        ReturnHomeInterview.objects.bulk_create(interviews, batch_size=5000)
        made += size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=10_000 if figures.quick() else 20_000)
    parser.add_argument("--episodes", type=int, default=20_000 if figures.quick() else 200_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    bench_register.create_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SAFEGUARD_DEMO = True  # no second factor for the measured clients
    from safeguard.accounts.models import Organisation, Role, User
    from safeguard.core.tests.forms import moment_fields
    from safeguard.missing.models import MissingEpisode
    from safeguard.reference import services as reference
    from safeguard.register.models import Child, Placement

    def measure(client, url: str) -> tuple[float, int]:
        return bench_register.page_measure(client, url, args.runs)

    try:
        call_command("migrate", verbosity=0)
        reference.councils_load()
        host = reference.host_council_seed(
            actor=_bench_actor(), config=reference.host_config_read("luton")
        ).host_council
        councils = list(Organisation.objects.filter(kind="council").exclude(dfe_code="821")[:12])
        rng = random.Random(11)
        started = time.perf_counter()
        bench_register.fill(args.children, host, councils, rng)
        ids = list(Child.objects.values_list("pk", flat=True))
        episodes_fill(args.episodes, ids, rng)
        # bulk_create sends no signals: the figures kept per day are worked out once, as after a bulk load.
        call_command("missing_figures_rebuild", verbosity=0)
        with connection.cursor() as cursor:
            # As autovacuum leaves a settled table: statistics, and the visibility map index-only scans need.
            cursor.execute("VACUUM ANALYZE")
        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        print(
            f"\n{Child.objects.count():,} children, {MissingEpisode.objects.count():,} past episodes "
            f"(built in {time.perf_counter() - started:.0f} s)"
        )
        officer = User.objects.create_user(
            "bench.sqa@example.test",
            "bench-password-123",
            full_name="Bench SQA",
            role=Role.SQA_OFFICER,
            organisation=host.organisation,
        )
        staff = Client()
        staff.force_login(officer)
        pages = {}
        for label, url in {
            "missing dashboard (this year)": "/missing/",
            "missing dashboard (last year)": f"/missing/?year={timezone.localdate().year - 2}",
            "register first page with missing flags": "/children/",
            "return-home interview queue": "/missing/return-interviews/",
        }.items():
            ms, queries = pages[label] = measure(staff, url)
            print(f"  {label:<42} median {ms:7.1f} ms   {queries} SQL queries")
        figures.record(
            missing_episodes=args.episodes,
            missing_dashboard_ms=max(
                pages["missing dashboard (this year)"][0], pages["missing dashboard (last year)"][0]
            ),
            missing_dashboard_queries=pages["missing dashboard (this year)"][1],
            return_interview_queue_ms=pages["return-home interview queue"][0],
            register_with_missing_flags_ms=pages["register first page with missing flags"][0],
        )

        # Reporting an episode end to end, as the carer: each run a different child placed with them.
        provider = Organisation.objects.create(kind="provider", name="Bench foster family", located_in=host)
        carer = User.objects.create_user(
            "bench.carer@example.test",
            "bench-password-123",
            full_name="Bench Carer",
            role=Role.CARER,
            organisation=provider,
        )
        placed = ids[: args.runs]
        Placement.objects.bulk_create(
            Placement(child_id=pk, carer=provider, start_date=date.today() - timedelta(days=30)) for pk in placed
        )
        home = Client()
        home.force_login(carer)
        last_seen = timezone.localtime() - timedelta(hours=1)
        reports = []
        for pk in placed:
            began = time.perf_counter()
            response = home.post(
                f"/children/{pk}/missing/",
                {"kind": "M", **moment_fields("last_seen_at", last_seen), "last_seen_where": "Bench"},
            )
            reports.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 302, response.content[:500]
        returns = []
        for pk in placed:
            episode = MissingEpisode.objects.get(child_id=pk, returned_at__isnull=True)
            began = time.perf_counter()
            response = home.post(
                f"/missing/{episode.pk}/return/",
                {**moment_fields("returned_at", timezone.now()), "found_where": "Bench", "police_told": "yes"},
            )
            returns.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 302, response.content[:500]
        import statistics

        print(f"  {'report an episode (form post, end to end)':<42} median {statistics.median(reports):7.1f} ms")
        print(f"  {'record the return (form post, end to end)':<42} median {statistics.median(returns):7.1f} ms")
    finally:
        if not args.keep:
            bench_register.drop_database()


if __name__ == "__main__":
    main()
