"""A page's SQL queries, each with its time and, with --explain, PostgreSQL's plan of the slowest.

    .venv/bin/python bench/page_queries.py /children/ [--database safeguard_bench] [--explain]

Runs against a benchmark database a `--keep` run left (bench_register.py --keep), as an SQA officer
of its host council (made here when missing), through Django's test client.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import bench_register  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--database", default=None)
    parser.add_argument("--explain", action="store_true", help="the plan of the slowest query")
    parser.add_argument("--plan", type=int, action="append", default=[], help="the plan of query N (from 1)")
    parser.add_argument("--stacks", action="store_true", help="the project's code that made each query")
    args = parser.parse_args()
    name = args.database or bench_register._bench_db()
    os.environ["DATABASE_URL"] = bench_register._admin_url().rsplit("/", 1)[0] + f"/{name}"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SAFEGUARD_DEMO = True
    from safeguard.accounts.models import HostCouncil, Role, User

    host = HostCouncil.objects.order_by("pk").first()
    officer, _ = User.objects.get_or_create(
        email="bench.pages@example.test",
        defaults={"full_name": "Bench Pages", "role": Role.SQA_OFFICER, "organisation": host.organisation},
    )
    client = Client()
    client.force_login(officer)
    for url in args.urls:
        client.get(url)
        timed = []

        def timer(execute, sql, params, many, context, timed=timed):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                where = ""
                if args.stacks:
                    import traceback

                    frames = [f for f in traceback.extract_stack() if "/safeguard/" in f.filename]
                    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames[::-1][:3])
                timed.append(
                    ((time.perf_counter() - started) * 1000, sql + (f"\n      {where}" if where else ""), params)
                )

        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = client.get(url)
        total = (time.perf_counter() - started) * 1000
        print(f"\n{url}: {response.status_code}, {total:.1f} ms, {len(timed)} queries")
        for ms, sql, _params in timed:
            head, _, where = sql.partition("\n      ")
            print(f"  {ms:7.1f} ms  {head[:220]}" + (f"\n      {where}" if where else ""))
        chosen = [timed[n - 1] for n in args.plan if n <= len(timed)]
        if args.explain and timed:
            chosen.append(max(timed, key=lambda t: t[0]))
        for _ms, sql, params in chosen:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql.split("\n      ")[0], params)
                print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
