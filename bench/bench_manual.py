"""Benchmark of the procedures manual on PostgreSQL. Prints figures; asserts nothing.

    make bench        # or: .venv/bin/python bench/bench_manual.py [--chapters 500 --versions 20]

In a throwaway database `safeguard_bench_manual`, Luton's demo manual plus 500 invented chapters with
20 versions each (issue 12's figure), it measures in the server (Django's test client, no network):
- the contents (now, and as in force on a date: the dated view);
- a chapter (now, and on a date);
- "what changed" (the latest version against the one it replaced, and the first against the last);
- a release's page;
- search (when the manual has it), by a word in the bodies and by a misspelt title word;
each as a median with its SQL queries. Issue 12's goals: contents, a chapter and "what changed"
≤ 50 ms; search and the dated view ≤ 100 ms.
"""

import argparse
import logging
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"

import bench_register  # noqa: E402  (the database and timing helpers)

bench_register.BENCH_DB = "safeguard_bench_manual"

TOPICS = [
    "placement", "contact", "assessment", "supervision", "fostering", "adoption", "care leavers", "health",
    "education", "exploitation", "missing", "court", "planning", "review", "disability", "youth justice",
    "private fostering", "residential care", "kinship care", "advocacy", "complaints", "record keeping",
    "transitions", "secure accommodation", "family time",
]  # fmt: skip
WORDS = [
    "the",
    "child",
    "social",
    "worker",
    "carer",
    "placement",
    "plan",
    "review",
    "visit",
    "record",
    "manager",
    "team",
    "council",
    "police",
    "school",
    "health",
    "consent",
    "parent",
    "family",
    "decision",
    "meeting",
    "agency",
    "risk",
    "assessment",
    "within",
    "working",
    "days",
    "must",
    "should",
    "consider",
    "inform",
    "agree",
    "arrange",
    "discuss",
    "document",
    "escalate",
    "ensure",
    "share",
    "information",
    "independent",
    "reviewing",
    "officer",
    "statutory",
    "guidance",
    "regulations",
    "timescale",
    "local",
    "authority",
    "looked",
    "after",
    "safeguarding",
    "partnership",
]


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 80))).capitalize() + "." for _ in range(count)]


def _body(paragraphs: list[str]) -> str:
    return "".join(f"<h2>{n}. Section {n}</h2><p>{p}</p>" for n, p in enumerate(paragraphs, start=1))


def chapters_fill(manual, *, chapters: int, versions: int, rng: random.Random) -> None:
    """`chapters` chapters in sections of 20, each published once through the service (a page, its
    revision, its first version), then `versions - 1` later versions written in bulk: a revision each
    (the first one's content with the new body) and its chapter version, one a month apart."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Revision

    from safeguard.core.audit import SystemActor
    from safeguard.manual.models import ChangeKind, ChapterPage, ChapterVersion, ManualSectionPage
    from safeguard.manual.services import chapter_in_force_chain, chapter_publish

    actor = SystemActor("Safeguard benchmark")
    first_day = timezone.make_aware(datetime.combine(date(2010, 1, 4), clock(9)))
    page_type = ContentType.objects.get_for_model(ChapterPage)
    made = 0
    section = None
    while made < chapters:
        if made % 20 == 0:
            section = manual.add_child(instance=ManualSectionPage(title=f"Bench section {made // 20 + 1}"))
            section.save_revision().publish(log_action=False)
        topic = TOPICS[made % len(TOPICS)]
        paragraphs = _paragraphs(rng, 8)
        chapter = ChapterPage(
            title=f"{topic.capitalize()} procedure {made + 1}",
            body=_body(paragraphs),
            owned_by="Head of Service",
            change_kind=ChangeKind.NEW,
            change_details="Added to the manual.",
            live=False,
        )
        section.add_child(instance=chapter)
        version = chapter_publish(actor=actor, chapter=chapter, in_force_from=first_day)
        content = version.revision.content
        revisions, rows = [], []
        for number in range(2, versions + 1):
            paragraphs[rng.randrange(len(paragraphs))] = _paragraphs(rng, 1)[0]
            body = _body(paragraphs)
            revisions.append(
                Revision(
                    content_type=page_type,
                    base_content_type_id=version.revision.base_content_type_id,
                    object_id=str(chapter.pk),
                    content={**content, "body": body, "change_kind": ChangeKind.UPDATED},
                    object_str=chapter.title,
                    created_at=first_day + timedelta(days=30 * (number - 1)),
                )
            )
            rows.append(
                ChapterVersion(
                    manual=manual,
                    chapter=chapter,
                    number=number,
                    kind=ChangeKind.UPDATED,
                    details=f"Section changed in version {number}.",
                    in_force_from=first_day + timedelta(days=30 * (number - 1)),
                    title=chapter.title,
                    body=body,
                )
            )
        Revision.objects.bulk_create(revisions)
        for revision, row in zip(revisions, rows, strict=True):
            row.revision = revision
        ChapterVersion.objects.bulk_create(rows)
        chapter_in_force_chain(chapter)
        made += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chapters", type=int, default=500)
    parser.add_argument("--versions", type=int, default=20)
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
    from django.urls import NoReverseMatch, reverse

    setup_test_environment()
    logging.disable(logging.INFO)  # Wagtail logs every page it publishes
    settings.ALLOWED_HOSTS = ["testserver"]
    from safeguard.core.audit import SystemActor
    from safeguard.manual.demo import MISSING_TITLE, manual_demo_load
    from safeguard.manual.models import ChapterPage, ChapterVersion
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
        manual = manual_demo_load(host=host)
        chapters_fill(manual, chapters=args.chapters, versions=args.versions, rng=random.Random(12))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        call_command("update_index", verbosity=0)
        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        print(
            f"\nThe manual: {ChapterPage.objects.count():,} chapters, {ChapterVersion.objects.count():,} versions "
            f"(built in {time.perf_counter() - started:.0f} s)"
        )
        reader = Client()
        bench = ChapterPage.objects.filter(title__startswith="Health procedure").order_by("pk").first()
        section_slug, chapter_slug = bench.url_path.strip("/").split("/")[-2:]
        chapter = f"/manual/{section_slug}/{chapter_slug}/"
        missing = ChapterPage.objects.get(title=MISSING_TITLE)
        missing_slugs = missing.url_path.strip("/").split("/")[-2:]
        urls = {
            "contents": "/manual/",
            "contents on a date (the dated view)": "/manual/?on=2011-03-15",
            f"a chapter ({args.versions} versions)": chapter,
            "a chapter on a date": f"{chapter}?on=2011-03-15",
            "what changed (latest against the one before)": f"{chapter}changes/",
            f"what changed (version 1 against {args.versions})": (
                f"{chapter}changes/?from_version=1&to_version={args.versions}"
            ),
            "the missing-children chapter (demo)": f"/manual/{missing_slugs[0]}/{missing_slugs[1]}/",
            "a release (December 2019)": "/manual/releases/december-2019/",
        }
        try:
            search = reverse("manual:search")
        except NoReverseMatch:
            search = None
        if search:
            urls["search: a word in the bodies"] = f"{search}?q=escalate"
            urls["search: a misspelt title word"] = f"{search}?q=fosterng"
        else:
            print("  (search: the manual has no search page yet)")
        for label, url in urls.items():
            ms, queries = measure(reader, url)
            print(f"  {label:<48} median {ms:7.1f} ms   {queries} SQL queries")
    finally:
        if not args.keep:
            bench_register.drop_database()


if __name__ == "__main__":
    main()
