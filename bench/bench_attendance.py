"""Benchmark of the attendance import on PostgreSQL. Prints figures; asserts nothing.

    make bench        # or: .venv/bin/python bench/bench_attendance.py [--children 4000]

In a throwaway database `safeguard_bench_attendance`, with invented children placed in Luton, each with an
education record, it writes two CSV files of a term's session marks (60 school days, AM and PM) — one for a
tenth of the children, one for all — and imports each through the service the upload page and the API
call, reading the file as a stream. It prints session marks a second (the figures and alerts included) and
the process's peak resident memory after each: flat memory means the larger file does not raise the peak
by more than the smaller did. Then the larger file again (every mark replaced, none doubled).
"""

import argparse
import cProfile
import os
import pstats
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"

import bench_register  # noqa: E402  (the database helpers)

bench_register.BENCH_DB = "safeguard_bench_attendance"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def school_days(count: int) -> list[date]:
    days, day = [], date.today() - timedelta(days=1)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def csv_write(path: Path, upns: list[str], days: list[date], rng: random.Random) -> int:
    # Mostly present, as schools' registers are (random marks put few children below 90%).
    codes = ["/"] * 400 + ["L", "I", "M", "O", "N", "E", "B", "#"]
    marks = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("upn,date,am,pm\n")
        for upn in upns:
            for day in days:
                out.write(f"{upn},{day.isoformat()},{rng.choice(codes)},{rng.choice(codes)}\n")
                marks += 2
    return marks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=4000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--database", default=bench_register.BENCH_DB)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--profile", action="store_true", help="print where the larger import spends its time")
    args = parser.parse_args()
    bench_register.BENCH_DB = args.database

    bench_register.create_database()
    import django

    django.setup()
    import bench_education
    from django.core.management import call_command
    from django.db import connection

    from safeguard.accounts.models import Organisation
    from safeguard.education import services
    from safeguard.education.models import AttendanceMark
    from safeguard.reference import services as reference
    from safeguard.register.models import Child

    try:
        call_command("migrate", verbosity=0)
        reference.councils_load()
        actor = bench_register._bench_actor()
        host = reference.host_council_seed(actor=actor, config=reference.host_config_read("luton")).host_council
        councils = list(Organisation.objects.filter(kind="council").exclude(dfe_code="821")[:12])
        rng = random.Random(14)
        bench_register.fill(args.children, host, councils, rng)
        bench_education.education_fill(rng)
        ids = list(Child.objects.order_by("pk").values_list("pk", flat=True))
        upns = [f"B{pk:012d}" for pk in ids]
        with connection.cursor() as cursor:
            cursor.execute("UPDATE register_child SET upn = 'B' || lpad(id::text, 12, '0')")
            cursor.execute("ANALYZE")
        days = school_days(args.days)
        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        print(f"\n{len(ids):,} children placed in Luton, {len(days)} school days of AM and PM marks")
        with tempfile.TemporaryDirectory() as folder:
            small, large = Path(folder, "tenth.csv"), Path(folder, "all.csv")
            files = [
                ("a tenth of the children", small, csv_write(small, upns[: len(upns) // 10], days, rng)),
                ("every child", large, csv_write(large, upns, days, rng)),
                ("every child again (replaced)", large, None),
            ]
            print(f"  peak RSS before importing: {peak_rss_mb():.0f} MB")
            for label, path, marks in files:
                marks = marks or files[1][2]
                profiler = cProfile.Profile() if args.profile and path is large else None
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                with path.open(encoding="utf-8", newline="") as lines:
                    result = services.attendance_import(
                        actor=actor, lines=lines, source="upload", host_council=host, file_name=path.name
                    )
                seconds = time.perf_counter() - started
                if profiler:
                    profiler.disable()
                    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
                size = path.stat().st_size / (1024 * 1024)
                print(
                    f"  {label:<30} {marks:>9,} marks ({size:5.1f} MB) in {seconds:5.2f} s: "
                    f"{marks / seconds:>9,.0f} marks a second; peak RSS {peak_rss_mb():.0f} MB; "
                    f"{result.rows_refused} rows refused"
                )
            # Memory: the same two files again under tracemalloc (slower, so not timed), the peak of what
            # Python allocated during each import. Flat: ten times the file, about the same peak.
            for label, path in (("a tenth of the children", small), ("every child (10x)", large)):
                tracemalloc.start()
                with path.open(encoding="utf-8", newline="") as lines:
                    services.attendance_import(
                        actor=actor, lines=lines, source="upload", host_council=host, file_name=path.name
                    )
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                print(f"  memory, {label:<24} tracemalloc peak during the import {peak / (1024 * 1024):6.1f} MB")
        print(f"  marks stored: {AttendanceMark.objects.count():,}")
    finally:
        connection.close()
        if not args.keep:
            bench_register.drop_database()


if __name__ == "__main__":
    main()
