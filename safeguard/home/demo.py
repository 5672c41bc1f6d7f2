"""The demo for the embedded default, composed from each app's own demo: one sign-in per role, a
lived-in register, missing from care, exploitation concerns and LADO cases.

Every person and child is invented (Faker, en_GB, fixed seed). Safe to run again: the children are made
once per host council.
"""

import random

from django.db import transaction
from faker import Faker

from safeguard.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD, DemoSignIn, demo_people_load
from safeguard.accounts.models import HostCouncil
from safeguard.allegations.demo import lado_demo_load
from safeguard.consultations.demo import consultations_demo_load
from safeguard.core.audit import DEMO_LOADER, Target, audit_event_record
from safeguard.directory.demo import directory_demo_load
from safeguard.education.demo import education_demo_load
from safeguard.exploitation.demo import exploitation_demo_load
from safeguard.inclusion.demo import inclusion_demo_load
from safeguard.learning.demo import learning_demo_load
from safeguard.manual.demo import manual_demo_load
from safeguard.manual.demo_review import review_demo_load
from safeguard.manual.reading_demo import reading_demo_load
from safeguard.missing.demo import missing_demo_load, photographs_review_demo_load
from safeguard.notifications.demo import register_demo_load
from safeguard.partnership.demo import partnership_demo_load, placing_packs_demo_load
from safeguard.records.demo import records_demo_load
from safeguard.records.disposal import records_review_sweep
from safeguard.register.models import Child

__all__ = ["DEMO_DOMAIN", "DEMO_PASSWORD", "DemoSignIn", "demo_data_load"]


@transaction.atomic
def demo_data_load(*, host: HostCouncil) -> list[DemoSignIn]:
    fake = Faker("en_GB")
    Faker.seed(821)
    world = demo_people_load(host=host, fake=fake, rng=random.Random(821))
    if not Child.objects.filter(host_council=host).exists():
        register_demo_load(world)
        # The demo carer's first teenager placed by the demo council goes missing (and so has the
        # police's grab pack, and the open exploitation concern).
        missing_child = (
            Child.objects.filter(
                host_council=host,
                placing_authority=world.placing,
                placements__carer=world.foster,
                placements__end_date__isnull=True,
            )
            .order_by("pk")
            .first()
        )
        missing_demo_load(world, missing_child=missing_child)
        exploitation_demo_load(world, missing_child=missing_child)
        lado_demo_load(host=host, lado=world.person("lado"), fake=fake, rng=world.rng)
        education_demo_load(world)
        inclusion_demo_load(world)
        # Photographs of children who left over a year ago: the records review lists them for SQA.
        photographs_review_demo_load(world)
        audit_event_record(actor=DEMO_LOADER, action="demo.load", target=Target("core.demo"), host_council=host)
    # The host's content (its Wagtail site) and, for Luton, the procedures manual (seed 002).
    manual_demo_load(host=host)
    # The R&A team asked to read the missing-children chapter, some having confirmed it.
    reading_demo_load(host=host, fake=fake)
    # The services directory (Open Referral UK): categories, and Luton's invented services.
    directory_demo_load(host=host)
    # For Luton, the safeguarding partnership's site (seeds 000, 001, 003 and 004), linking to the manual.
    partnership_demo_load(host=host)
    # Its learning and development programme (seed 003): events to come, one full, and past events.
    learning_demo_load(host=host)
    # A placing council's own information pack, sent by the demo's placing social worker (seed 001).
    placing_packs_demo_load(host=host, sender=world.person("placing.sw"))
    # Register your views (seed 003's two calls for views) and feedback to the partnership's business unit.
    consultations_demo_load(host=host, fake=fake)
    # Its manual editors, reviewers and approvers, the review workflow and, for Luton, the procedure links.
    review_demo_load(host=host)
    # Records management: the shipped retention schedule with one change of the council's, and a legal hold.
    records_demo_load(host=host, admin=world.person("admin"))
    # Records past their retention date onto the owner teams' review lists, as the daily timed rule does.
    records_review_sweep()
    return world.sign_ins
