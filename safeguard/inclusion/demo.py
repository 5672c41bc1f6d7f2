"""The demo's education inclusion service (composed by home.demo): children missing education in every
state — new, enquiries under way, escalated, closed with each outcome — some from Stockwood Park High
School's returns (the demo school staff's school), some referred; one a looked-after child placed in Luton
(so the Virtual School was alerted); home educated families, one under the school attendance order route.
The register of children not in school stays switched off. Every name, address and date is invented."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from safeguard.accounts.demo import DemoWorld
from safeguard.core.audit import DEMO_LOADER
from safeguard.education.models import School
from safeguard.register.models import Child
from safeguard.register.selectors import current_placements

from . import ehe_services, services
from .models import CmeCase, SchoolReturn

STREETS = [
    "Dunstable Road",
    "Bury Park Road",
    "Leagrave Road",
    "Marsh Road",
    "Hitchin Road",
    "Biscot Road",
    "Selbourne Road",
    "Crawley Green Road",
    "Whipperley Way",
    "Wigmore Lane",
    "Farley Hill",
    "Runley Road",
]
# (first, last, born, parent, ground, the case's course)
DELETIONS = [
    ("Kian", "Hussain", date(2014, 6, 2), "Samira Hussain", "moved_away", "moved"),
    ("Maja", "Kowalska", date(2012, 9, 21), "Agnieszka Kowalska", "moved_away", "left_country"),
    ("Tyler", "Walsh", date(2011, 2, 14), "Kerry Walsh", "absent_20_days", "enquiring"),
    ("Aisha", "Begum", date(2013, 11, 3), "Rokeya Begum", "absent_20_days", "new"),
    ("Dawid", "Zielinski", date(2010, 5, 30), "Marek Zielinski", "not_returned", "escalated"),
    ("Ruby", "O'Connor", date(2015, 7, 8), "Siobhan O'Connor", "other_school", "on_roll"),
    ("Ioana", "Popescu", date(2012, 1, 17), "Elena Popescu", "moved_away", "not_found"),
    ("Harvey", "Murphy", date(2016, 3, 25), "Gemma Murphy", "left_independent", "home_educated"),
]
REFERRALS = [
    (
        "Zain",
        "Mahmood",
        date(2013, 4, 12),
        "agency",
        "Luton Foodbank",
        "Family using the foodbank; mother says Zain has not had a school place since they arrived from Birmingham in September.",
    ),
    (
        "Leah",
        "Campbell",
        date(2014, 10, 9),
        "public",
        "",
        "A neighbour: Leah is at home every day in school hours and says she does not go to school.",
    ),
    (
        "Jakub",
        "Nowak",
        date(2011, 8, 19),
        "agency",
        "Bedfordshire Police",
        "Seen in Luton town centre during school hours three times in two weeks; not known to any Luton school.",
    ),
]
EHE_FAMILIES = [
    ("Isla", "Murphy", date(2015, 2, 9), "Ciara Murphy", "written_notice", 400, "suitable"),
    ("Yusuf", "Iqbal", date(2012, 12, 1), "Maryam and Imran Iqbal", "school_deletion", 200, "suitable"),
    ("Sofia", "Costa", date(2014, 6, 30), "Ana Costa", "written_notice", 90, None),
    ("Oliver", "Grant", date(2013, 9, 14), "Dan Grant", "other", 420, "suitable"),
    ("Freya", "Doyle", date(2011, 4, 4), "Niamh Doyle", "written_notice", 150, "concern"),
    ("Ethan", "Price", date(2012, 2, 22), "Lisa Price", "written_notice", 300, "notice"),
]


def _back(case: CmeCase, days: int) -> None:
    """Demo only: the case as if opened `days` ago (the figures by month need a history)."""
    opened = timezone.localdate() - timedelta(days=days)
    CmeCase.objects.filter(pk=case.pk).update(opened_on=opened)
    case.opened_on = opened


def _closed_back(case: CmeCase, days: int) -> None:
    CmeCase.objects.filter(pk=case.pk).update(closed_on=timezone.localdate() - timedelta(days=days))


def _enquire(officer, case, kinds, today):
    results = {
        "parents": "No answer at the address on two visits; a card left",
        "siblings_schools": "A younger sibling left Brantwood Lane Primary at the same time",
        "social_care": "Not known to children's social care",
        "police": "No recent police contact",
        "health": "GP: registered, last seen in the spring",
        "housing": "The tenancy ended last month",
        "other_councils": "Asked Bedford and Central Bedfordshire: not known",
        "lost_pupil": "School-to-school: no common transfer file collected yet",
    }
    for i, kind in enumerate(kinds):
        services.cme_enquiry_record(
            actor=officer,
            case=case,
            kind=kind,
            made_on=today - timedelta(days=2 * (len(kinds) - i)),
            made_by=officer.full_name,
            result=results[kind],
        )


def inclusion_demo_load(world: DemoWorld) -> None:
    host = world.host
    if CmeCase.objects.filter(host_council=host).exists():
        return
    officer = world.person("cme.officer")
    staff = world.person("school.staff")
    rng = world.rng
    today = timezone.localdate()
    stockwood = School.objects.filter(urn=staff.organisation.urn).first()
    luton_schools = list(School.objects.filter(la_code=host.organisation.dfe_code or "821", is_open=True))
    if stockwood is None or not luton_schools:
        return
    from safeguard.accounts.models import Organisation

    bedford = Organisation.objects.filter(dfe_code="822").first()
    for i, (first, last, born, parent, ground, course) in enumerate(DELETIONS):
        school = stockwood if i % 2 == 0 else rng.choice(luton_schools)
        absent_since = today - timedelta(days=34) if ground in ("absent_20_days", "not_returned") else None
        school_return = services.school_return_submit(
            actor=staff if school == stockwood else DEMO_LOADER,
            host_council=host,
            school=school,
            kind=SchoolReturn.Kind.DELETION,
            source=SchoolReturn.Source.FORM if i % 3 else SchoolReturn.Source.CSV,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            address=f"{rng.randint(2, 180)} {STREETS[i % len(STREETS)]}, Luton",
            postcode=f"LU{rng.randint(1, 4)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}",
            parents=parent,
            parent_phone=f"07700 900{rng.randint(100, 999)}",
            ground=ground,
            deleted_on=today - timedelta(days=3)
            if ground != "absent_20_days" or course != "new"
            else today + timedelta(days=7),
            absent_since=absent_since,
            new_address="Bedford, address not given" if course == "moved" else "",
        )
        case = school_return.case
        if case is None:
            continue
        _back(case, 20 + 25 * i)
        if course == "new":
            continue
        _enquire(officer, case, ["parents", "siblings_schools", "health", "housing", "lost_pupil"][: 2 + i % 4], today)
        services.cme_risk_set(
            actor=officer,
            case=case,
            risk=["low", "medium", "high"][i % 3],
            reason="Age, time out of school and what the enquiries found",
        )
        if course in ("escalated", "not_found"):
            services.cme_case_escalate(
                actor=officer, case=case, note="Not found at any known address; no school has asked for the records"
            )
        if course == "moved" and bedford is not None:
            services.cme_case_close(
                actor=officer,
                case=case,
                outcome=CmeCase.Outcome.MOVED_COUNCIL,
                destination_council=bedford,
                destination_email="cme@bedford.example",
                note="Mother confirmed the move to Bedford by phone",
            )
        elif course == "left_country":
            services.cme_case_close(
                actor=officer,
                case=case,
                outcome=CmeCase.Outcome.LEFT_COUNTRY,
                note="The family returned to Poland (the father, by phone)",
            )
        elif course == "on_roll":
            services.cme_case_close(
                actor=officer, case=case, outcome=CmeCase.Outcome.ON_ROLL, note="On roll at Warden Rise Junior School"
            )
        elif course == "not_found":
            services.cme_case_close(actor=officer, case=case, outcome=CmeCase.Outcome.NOT_FOUND)
        elif course == "home_educated":
            services.cme_case_close(actor=officer, case=case, outcome=CmeCase.Outcome.HOME_EDUCATED)
        if case.status == CmeCase.Status.CLOSED:
            _closed_back(case, max(20 + 25 * i - 14, 0))
    for i, (first, last, born, way_in, organisation, known) in enumerate(REFERRALS):
        case = services.cme_referral_submit(
            actor=officer if way_in == "agency" else services.PUBLIC_REFERRER,
            host_council=host,
            way_in=way_in,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            address=f"{rng.randint(2, 90)} {STREETS[-1 - i]}, Luton",
            what_is_known=known,
            referrer_name=world.fake.name(),
            referrer_organisation=organisation,
            referrer_contact=world.fake.safe_email(),
        )
        _back(case, 5 + 40 * i)
        if i == 0:
            _enquire(officer, case, ["parents", "other_councils"], today)
    # A looked-after child placed in Luton, found missing education: the Virtual School was told.
    placed = (
        Child.objects.filter(
            host_council=host,
            date_of_birth__gt=date(today.year - 15, 9, 1),
            date_of_birth__lt=date(today.year - 6, 9, 1),
        )
        .filter(Exists(current_placements().filter(child=OuterRef("pk"))))
        .order_by("pk")
        .first()
    )
    if placed is not None:
        case = services.cme_referral_submit(
            actor=officer,
            host_council=host,
            way_in=CmeCase.WayIn.OFFICER,
            first_name=placed.first_name,
            last_name=placed.last_name,
            date_of_birth=placed.date_of_birth,
            address="The carer's address",
            what_is_known="The carer says the school place fell through after the placement moved.",
        )
        _enquire(officer, case, ["social_care"], today)
    for i, (first, last, born, parent, learnt_from, days, course) in enumerate(EHE_FAMILIES):
        record = ehe_services.ehe_record_add(
            actor=officer,
            host_council=host,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            parents=parent,
            address=f"{rng.randint(2, 120)} {STREETS[i]}, Luton",
            learnt_from=learnt_from,
            learnt_on=today - timedelta(days=days),
            previous_school=rng.choice(luton_schools) if learnt_from == "school_deletion" else None,
        )
        if course is None:
            continue
        ehe_services.ehe_contact_record(
            actor=officer,
            record=record,
            contacted_on=today - timedelta(days=days - 20),
            how=rng.choice(["Home visit", "Meeting at the Town Hall", "Written report with samples of work"]),
            suitability="concern" if course in ("concern", "notice") else "suitable",
            notes="No evidence of a structured approach to English or mathematics"
            if course in ("concern", "notice")
            else "",
        )
        if course == "notice":
            ehe_services.ehe_notice_serve(
                actor=officer, record=record, served_on=today - timedelta(days=5), period_days=15
            )
