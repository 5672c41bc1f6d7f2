"""Where the SQL queries of one API notification go: each query printed with the code that made it.

    .venv/bin/python bench/intake_queries.py [--warm 20]

In a throwaway database `safeguard_bench_intake`, it posts `--warm` valid placement starts (so the
per-process caches are warm, as in a running server), then one more under Django's
CaptureQueriesContext, and prints every query with the project frame that issued it.
"""

import argparse
import json
import os
import sys
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import bench_register  # noqa: E402

bench_register.BENCH_DB = "safeguard_bench_intake"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--stacks", action="store_true", help="print the whole project stack of each query")
    parser.add_argument("--profile", type=int, default=0, help="then profile this many posts (cProfile)")
    parser.add_argument("--reuse", action="store_true", help="reuse the database a --keep run left")
    args = parser.parse_args()
    if args.reuse:
        os.environ["DATABASE_URL"] = bench_register._admin_url().rsplit("/", 1)[0] + "/" + bench_register._bench_db()
    else:
        bench_register.create_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    try:
        if not args.reuse:
            call_command("migrate", verbosity=0)
            bench_register.host_setup()
        import random

        prefix = "Q" + "".join(random.choice("abcdefgh") for _ in range(6))
        client, token, payloads = bench_register.intake_setup(args.warm + 1 + args.profile, prefix=prefix)
        profiled = payloads[args.warm + 1 :]
        payloads = payloads[: args.warm + 1]
        for payload in payloads[:-1]:
            bench_register.intake_post(client, token, payload)
        origins = []

        def where(execute, sql, params, many, context):
            frames = [
                f for f in traceback.extract_stack() if "/safeguard/" in f.filename and "/bench/" not in f.filename
            ]
            origins.append(({"sql": sql}, frames))
            return execute(sql, params, many, context)

        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(where):
            bench_register.intake_post(client, token, payloads[-1])
        tally = Counter()
        for query, frames in origins:
            top = frames[-1] if frames else None
            place = f"{Path(top.filename).relative_to(ROOT)}:{top.lineno} {top.name}" if top else "(django)"
            tally[place.split(":")[0]] += 1
            print(f"{place}\n    {query['sql'][:160]}")
            if args.stacks:
                for frame in frames[:-1]:
                    print(f"      via {Path(frame.filename).relative_to(ROOT)}:{frame.lineno} {frame.name}")
        print(f"\n{len(captured.captured_queries)} queries for one API notification (with savepoints)")
        print(json.dumps(tally.most_common(), indent=1))
        if profiled:
            import cProfile
            import pstats
            import time

            profile = cProfile.Profile()
            started = time.perf_counter()
            profile.enable()
            for payload in profiled:
                bench_register.intake_post(client, token, payload)
            profile.disable()
            print(f"{len(profiled) / (time.perf_counter() - started):.0f} notifications/s under the profiler")
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    finally:
        if not args.keep:
            bench_register.drop_database()


if __name__ == "__main__":
    main()
