"""Benchmark of the services directory and its Open Referral UK API on PostgreSQL. Prints figures;
asserts nothing.

    make bench        # or: .venv/bin/python bench/bench_directory.py [--services 5000]

In a throwaway database, Luton's demo directory plus 5,000 invented services (issue 13's figure), each
with an organisation (of 250), a location, a contact with a phone, opening times and one or two
categories, it measures in the server (Django's test client, no network), as a median with its SQL
queries: the public search (everything, a word, a category, a postcode district, a later page), a
service's page, and the ORUK API's /oruk/services (the same filters), /oruk/services/{id} and
/oruk/taxonomies. Issue 13's goal: a directory search ≤ 50 ms.
"""

import argparse
import logging
import os
import random
import sys
import time
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"

import bench_register  # noqa: E402  (the database and timing helpers)

KINDS = [
    "counselling", "youth club", "parenting course", "speech and language", "food bank", "housing advice",
    "debt advice", "sports club", "homework club", "bereavement support", "drug and alcohol support",
    "sexual health clinic", "play group", "mentoring", "advocacy", "careers advice",
]  # fmt: skip
PLACES = ["Bury Park", "Stopsley", "Marsh Farm", "Lewsey", "Wigmore", "Farley Hill", "Dallow", "Limbury", "Sundon Park"]
DISTRICTS = ["LU1", "LU2", "LU3", "LU4"]
DAYS = ["MO,TU,WE,TH,FR", "MO,WE,FR", "SA,SU", "TU,TH", "MO,TU,WE,TH,FR,SA,SU"]


def services_fill(host, *, services: int, rng: random.Random) -> None:
    from safeguard.directory.models import (
        Contact,
        Location,
        Organisation,
        Phone,
        Schedule,
        Service,
        ServiceTaxonomy,
        TaxonomyTerm,
    )

    terms = list(TaxonomyTerm.objects.filter(host_council=host).exclude(code=TaxonomyTerm.WHO_TO_CALL))
    organisations = Organisation.objects.bulk_create(
        Organisation(host_council=host, name=f"{rng.choice(PLACES)} Community Trust {n}", description="A local charity")
        for n in range(250)
    )
    from safeguard.directory.services import search_text

    rows = []
    for n in range(services):
        kind, place, organisation = rng.choice(KINDS), rng.choice(PLACES), rng.choice(organisations)
        name, description = (
            f"{place} {kind} {n}",
            f"A {kind} service in {place} for children, young people and families.",
        )
        rows.append(
            Service(
                host_council=host,
                organisation=organisation,
                name=name,
                description=description,
                search_text=search_text(name=name, description=description, organisation=organisation.name),
                minimum_age=rng.choice([None, 0, 5, 11]),
                maximum_age=rng.choice([None, 18, 25]),
            )
        )
    rows = Service.objects.bulk_create(rows, batch_size=1000)
    Location.objects.bulk_create(
        (
            Location(
                service=s,
                name="Centre",
                address_1=f"{rng.randint(1, 200)} High Street",
                city="Luton",
                postcode=f"{district} {rng.randint(1, 9)}AA",
                postcode_district=district,
            )
            for s in rows
            for district in [rng.choice(DISTRICTS)]
        ),
        batch_size=1000,
    )
    contacts = Contact.objects.bulk_create((Contact(service=s, name="Duty worker") for s in rows), batch_size=1000)
    Phone.objects.bulk_create(
        (Phone(service=c.service, contact=c, number=f"01582 {rng.randint(100000, 999999)}") for c in contacts),
        batch_size=1000,
    )
    Schedule.objects.bulk_create(
        (Schedule(service=s, byday=rng.choice(DAYS), opens_at=clock(9), closes_at=clock(17)) for s in rows),
        batch_size=1000,
    )
    ServiceTaxonomy.objects.bulk_create(
        (ServiceTaxonomy(service=s, term=term) for s in rows for term in rng.sample(terms, rng.choice([1, 2]))),
        batch_size=1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database", default="safeguard_bench_directory")
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
    from safeguard.directory.demo import directory_demo_load
    from safeguard.directory.models import Service, TaxonomyTerm
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
        directory_demo_load(host=host)
        services_fill(host, services=args.services, rng=random.Random(13))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        print(
            f"\nThe directory: {Service.objects.count():,} services, {host.contacts.count()} contacts from the "
            f"host's configuration (built in {time.perf_counter() - started:.0f} s)"
        )
        term = TaxonomyTerm.objects.get(host_council=host, code="youth")
        service = Service.objects.filter(host_council=host).order_by("name")[2500]
        reader = Client()
        urls = {
            "search: everything (page 1)": "/partnership/directory/",
            "search: a word": "/partnership/directory/?text=counselling",
            "search: two words": "/partnership/directory/?text=stopsley+youth",
            "search: a category": f"/partnership/directory/?category={term.pk}",
            "search: a word near a postcode": "/partnership/directory/?text=advice&postcode=LU3+2AB",
            "search: page 100": "/partnership/directory/?page=100",
            "a service's page": f"/partnership/directory/{service.pk}/",
            "/oruk/services (20 a page)": "/oruk/services",
            "/oruk/services?text=…": "/oruk/services?text=counselling",
            "/oruk/services?taxonomy_term_id=…": f"/oruk/services?taxonomy_term_id={term.pk}",
            "/oruk/services?taxonomy_id=…": f"/oruk/services?taxonomy_id={term.taxonomy_id}",
            "/oruk/services (100 a page, page 20)": "/oruk/services?per_page=100&page=20",
            "/oruk/services/{id}": f"/oruk/services/{service.pk}",
            "/oruk/taxonomies": "/oruk/taxonomies",
        }
        for label, url in urls.items():
            ms, queries = measure(reader, url)
            print(f"  {label:<40} median {ms:7.1f} ms   {queries} SQL queries")
    finally:
        if not args.keep:
            bench_register.drop_database()


if __name__ == "__main__":
    main()
