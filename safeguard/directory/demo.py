"""Luton's services directory for the demo: services for looked-after children and families.

Every service here is invented (marked "invented" and said so on its page), though shaped like what
a borough has: CAMHS, a young carers' service, return-home interviews, the Virtual School, a youth
service. The council's own contacts (R&A, the LADO, the police…) are not loaded here: the directory
reads them from the host's configuration, which comes from the seeds (seed 000).
"""

from datetime import time

from safeguard.accounts.models import HostCouncil
from safeguard.content.services import host_content_ensure
from safeguard.core.audit import DEMO_LOADER

from .models import Organisation, TaxonomyTerm
from .services import (
    OpeningTimes,
    OrganisationDetails,
    ServiceDetails,
    directory_host_ensure,
    organisation_save,
    service_save,
    term_add,
)

WEEKDAYS = "MO,TU,WE,TH,FR"

CATEGORIES = [
    ("mental-health", "Mental health and wellbeing", "Help with feelings, worries and mental health."),
    ("education", "Education", "School places, learning and help at school."),
    ("young-carers", "Young carers", "Support for children who look after someone at home."),
    ("missing-from-home-and-care", "Missing from home or care", "Help after a child has been missing."),
    ("youth", "Youth activities", "Clubs, activities and youth workers."),
    ("family-support", "Family support", "Help for parents, carers and families."),
]

ORGANISATIONS = [
    (
        "East London NHS Foundation Trust (Luton and Bedfordshire)",
        "NHS mental health and community health services for children and adults.",
    ),
    ("Luton Borough Council", "The council's services for children, young people and families."),
    ("Luton Young Carers Trust", "A local charity supporting young carers and their families."),
    (
        "Safe Return Bedfordshire",
        "An independent charity giving return-home interviews to children who have been missing.",
    ),
]

# name, organisation, categories, description, who for, ages, address (name, line 1, town, postcode), phone, e-mail, times
SERVICES = [
    (
        "Child and Adolescent Mental Health Service (CAMHS) Luton",
        0,
        ["mental-health"],
        "Assessment and treatment for children and young people with emotional, behavioural or mental health difficulties, including a team for looked-after children.",
        ["Children and young people registered with a Luton GP", "Looked-after children placed in Luton"],
        (0, 18),
        ("CAMHS Luton", "Charter House, Alma Street", "Luton", "LU1 2PJ"),
        "01582 708100",
        "camhs.luton@nhs.example",
        [OpeningTimes(WEEKDAYS, time(9), time(17))],
    ),
    (
        "Luton Virtual School",
        1,
        ["education"],
        "Promotes the education of children in care and previously in care: personal education plans, school places and help for schools and carers.",
        ["Looked-after children placed in Luton or looked after by Luton", "Children previously looked after"],
        (2, 18),
        ("Luton Virtual School", "Town Hall, George Street", "Luton", "LU1 2BQ"),
        "01582 548150",
        "virtual-school@luton.example",
        [OpeningTimes(WEEKDAYS, time(8, 30), time(17))],
    ),
    (
        "Young Carers Support Service",
        2,
        ["young-carers", "family-support"],
        "One-to-one support, groups and breaks for children who look after a parent, brother or sister, and an assessment of what they need.",
        ["Young carers living in Luton"],
        (5, 18),
        ("Young Carers Centre", "12 Castle Street", "Luton", "LU1 3AJ"),
        "01582 413300",
        "hello@lutonyoungcarers.example",
        [OpeningTimes("MO,TU,WE,TH", time(10), time(18)), OpeningTimes("SA", time(10), time(13))],
    ),
    (
        "Missing Children Return Interview Service",
        3,
        ["missing-from-home-and-care"],
        "An independent return-home interview within 72 hours of a child coming back from being missing, to learn why they went and keep them safe.",
        ["Children and young people who have been missing from home or care in Luton"],
        (0, 18),
        ("Safe Return office", "5 Dunstable Road", "Luton", "LU4 8AA"),
        "01582 230600",
        "referrals@safereturn.example",
        [OpeningTimes(WEEKDAYS, time(9), time(19)), OpeningTimes("SA,SU", time(10), time(16))],
    ),
    (
        "Luton Youth Service",
        1,
        ["youth"],
        "Youth clubs, detached youth work and activities across the town, with youth workers who help young people stay safe.",
        ["Young people aged 11 to 19 (up to 25 with special educational needs)"],
        (11, 25),
        ("Youth House", "Stopsley Way", "Luton", "LU2 7UG"),
        "01582 546900",
        "youth.service@luton.example",
        [OpeningTimes("MO,WE,FR", time(15), time(21))],
    ),
    (
        "Family Hub: Early Help",
        1,
        ["family-support"],
        "Parenting help, family support workers and advice for families who need help before problems grow.",
        ["Families with children living in Luton"],
        (None, None),
        ("Marsh Farm Family Hub", "Lea Manor Drive", "Luton", "LU3 3TJ"),
        "01582 548600",
        "earlyhelp@luton.example",
        [OpeningTimes(WEEKDAYS, time(9), time(17))],
    ),
]


def directory_demo_load(*, host: HostCouncil) -> None:
    """The host's directory categories, and for Luton its invented services. Safe to run twice."""
    host_content_ensure(actor=DEMO_LOADER, host=host)
    taxonomy = directory_host_ensure(actor=DEMO_LOADER, host_council=host)
    if host.slug != "luton" or host.services.exists():
        return
    terms = {}
    for code, name, description in CATEGORIES:
        terms[code] = term_add(actor=DEMO_LOADER, taxonomy=taxonomy, code=code, name=name, description=description)
    terms[TaxonomyTerm.WHO_TO_CALL] = TaxonomyTerm.objects.get(host_council=host, code=TaxonomyTerm.WHO_TO_CALL)
    organisations: list[Organisation] = [
        organisation_save(
            actor=DEMO_LOADER,
            host_council=host,
            details=OrganisationDetails(name=name, description=description),
        )
        for name, description in ORGANISATIONS
    ]
    for name, org, codes, description, who, (youngest, oldest), place, phone, email, times in SERVICES:
        service_save(
            actor=DEMO_LOADER,
            host_council=host,
            details=ServiceDetails(
                organisation=organisations[org],
                name=name,
                description=description,
                email=email,
                minimum_age=youngest,
                maximum_age=oldest,
                terms=[terms[code] for code in codes],
                eligibility=who,
                location_name=place[0],
                address_1=place[1],
                city=place[2],
                postcode=place[3],
                phone=phone,
                opening_times=times,
                invented=True,
            ),
        )
