"""Benchmark of the audit trail on PostgreSQL at a year's scale. Prints figures; asserts nothing.

    make bench        # or: .venv/bin/python bench/bench_audit.py [--events 2000000] [--hosts 20]
    BENCH_QUICK=1 make bench    # 200,000 events

Safeguard plans for ten million audit events a year across a national deployment. Should the events
table be partitioned by month, or do its indexes hold? In a throwaway database `safeguard_bench_audit`
it grows the table in steps (events spread over a year and `--hosts` host councils, written by
`INSERT … SELECT` with the triggers on) and at each size measures, in the server:
- an audited write (`audit_event_record` in its own transaction, commit included): median;
- the audit page's reads: a host council's newest 50 events, one record's history, one person's
  events in a month, a host council's month counted;
- the table and index sizes on disk.
Then it verifies one host council's chain of real events and gives the rate (events a second).
Flat figures from step to step mean the indexes hold (docs/adr/0004-audit-trail.md).
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import bench_register  # noqa: E402  (the database and timing helpers)

bench_register.BENCH_DB = "safeguard_bench_audit"

FILL_SQL = """
INSERT INTO core_auditevent (occurred_at, kind, action, actor_id, actor_label, host_council_id, object_type,
                             object_id, changes, ip_address, confidential, chain, prev_hash, hash)
SELECT now() - (random() * interval '365 days'),
       (ARRAY['write', 'access', 'access', 'access'])[1 + (n %% 4)],
       (ARRAY['child.view', 'child.update', 'placement.add', 'missing.report', 'notification.take'])[1 + (n %% 5)],
       CASE WHEN n %% 3 = 0 THEN NULL ELSE %(actor)s END,
       'person' || (n %% 5000) || '@council.example',
       (%(hosts)s::bigint[])[1 + (n %% %(host_count)s)],
       'register.child', (n %% 200000)::text,
       '{"status": ["open", "closed"]}'::jsonb, '192.0.2.10', false,
       ((%(hosts)s::bigint[])[1 + (n %% %(host_count)s)])::text,
       md5(n::text) || md5((n + 1)::text), md5((n * 7)::text) || md5(n::text || 'x')
FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS n
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    quick = os.environ.get("BENCH_QUICK") == "1"
    default_events = int(os.environ.get("BENCH_AUDIT_EVENTS", 200_000 if quick else 2_000_000))
    parser.add_argument("--events", type=int, default=default_events)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    bench_register.create_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from safeguard.accounts.models import HostCouncil, Organisation, Role, User
    from safeguard.core.audit import SystemActor, Target, audit_chain_verify, audit_event_record, chain_key
    from safeguard.core.models import AuditEvent
    from safeguard.core.selectors import audit_events_filter

    actor = SystemActor("Safeguard benchmark")
    try:
        call_command("migrate", verbosity=0)
        hosts = [
            HostCouncil.objects.create(
                organisation=Organisation.objects.create(kind="council", name=f"Bench council {i}"), slug=f"bench-{i}"
            )
            for i in range(args.hosts)
        ]
        person = User.objects.create_user(
            "bench.manager@example.test",
            "bench-password-123",
            full_name="Bench Manager",
            role=Role.SQA_MANAGER,
            organisation=hosts[0].organisation,
        )
        host_ids = [h.pk for h in hosts]
        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        print(f"Audit trail: events over a year, {args.hosts} host councils")

        def write():
            with transaction.atomic():
                audit_event_record(
                    actor=person, action="child.view", target=Target("register.child", "7"), host_council=hosts[0]
                )

        month_start = timezone.now() - timedelta(days=60)
        month_end = month_start + timedelta(days=30)
        reads = {
            "host's newest 50 (audit page)": lambda: list(
                audit_events_filter(AuditEvent.objects.filter(host_council=hosts[1]))[:50]
            ),
            "one record's history": lambda: list(
                audit_events_filter(
                    AuditEvent.objects.filter(host_council=hosts[1]), object_type="register.child", object_id="4242"
                )[:50]
            ),
            "a host's month counted": lambda: AuditEvent.objects.filter(
                host_council=hosts[2], occurred_at__gte=month_start, occurred_at__lt=month_end
            ).count(),
            "a person's events in a month": lambda: list(
                AuditEvent.objects.filter(
                    actor=person, occurred_at__gte=month_start, occurred_at__lt=month_end
                ).order_by("-id")[:50]
            ),
        }
        steps = sorted({min(args.events, s) for s in (args.events // 10, args.events // 2, args.events)})
        made = 0
        for target in steps:
            started = time.perf_counter()
            while made < target:
                size = min(500_000, target - made)
                with connection.cursor() as cursor:
                    cursor.execute(
                        FILL_SQL,
                        {
                            "actor": person.pk,
                            "hosts": host_ids,
                            "host_count": len(host_ids),
                            "start": made + 1,
                            "stop": made + size,
                        },
                    )
                made += size
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE core_auditevent")
                cursor.execute(
                    "SELECT pg_total_relation_size('core_auditevent'), pg_relation_size('core_auditevent'),"
                    " pg_indexes_size('core_auditevent')"
                )
                total, heap, indexes = cursor.fetchone()
            print(
                f"\n{made:,} events (filled in {time.perf_counter() - started:.0f} s; table {heap / 2**20:,.0f} MB,"
                f" indexes {indexes / 2**20:,.0f} MB, {total / made:,.0f} bytes an event)"
            )
            print(
                f"  {'audited write (own transaction, commit)':<42} median {bench_register.median_ms(write, args.runs):7.2f} ms"
            )
            for label, read in reads.items():
                print(f"  {label:<42} median {bench_register.median_ms(read, args.runs):7.2f} ms")

        # Verifying: a host council's chain of real events (the filled ones carry made-up hashes).
        fresh = HostCouncil.objects.create(
            organisation=Organisation.objects.create(kind="council", name="Bench council verified"), slug="bench-v"
        )
        for i in range(5000):
            audit_event_record(
                actor=actor, action="child.view", target=Target("register.child", str(i)), host_council=fresh
            )
        started = time.perf_counter()
        report = audit_chain_verify(chain=chain_key(fresh))
        seconds = time.perf_counter() - started
        assert report.intact, report
        rate = report.checked / seconds
        print(
            f"\nverify one host council's chain: {report.checked:,} events in {seconds:.2f} s = {rate:,.0f} events a"
            f" second (a year of ten million, one chain after another: {10_000_000 / rate / 60:.0f} min)"
        )
    finally:
        if not args.keep:
            bench_register.drop_database()


if __name__ == "__main__":
    main()
