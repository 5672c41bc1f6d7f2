"""The education pages through the test client: the list and its filters, a child's education and its
forms (errors named by field, nothing lost), term dates, the child's page and the home page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.core.audit import SystemActor
from safeguard.core.models import AuditEvent
from safeguard.education import services
from safeguard.education.demo import TERMS
from safeguard.education.models import EducationRecord, SchoolTerm
from safeguard.education.tests.factories import SchoolFactory
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

ACTOR = SystemActor("Safeguard test suite")
TODAY = datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _friday_20_november_2026():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def terms(host):
    for name, starts, ends, half_starts, half_ends in TERMS:
        services.school_term_save(
            actor=ACTOR,
            host_council=host,
            name=name,
            starts_on=starts,
            ends_on=ends,
            half_term_starts_on=half_starts,
            half_term_ends_on=half_ends,
        )
    return host


@pytest.fixture
def children(terms, placing_council, other_council):
    waiting = ChildFactory(
        host_council=terms,
        placing_authority=placing_council,
        first_name="Wren",
        last_name="Waiting",
        date_of_birth=date(2013, 3, 4),
    )
    PlacementFactory(child=waiting, start_date=date(2026, 10, 5))
    settled = ChildFactory(
        host_council=terms,
        placing_authority=other_council,
        first_name="Sol",
        last_name="Settled",
        date_of_birth=date(2016, 10, 1),
    )
    PlacementFactory(child=settled, start_date=date(2026, 6, 1))
    services.school_place_record(
        actor=ACTOR,
        child=settled,
        school=SchoolFactory(name="Hatters Green Primary Academy"),
        started_on=date(2026, 9, 3),
    )
    services.pep_record(actor=ACTOR, child=settled, held_on=date(2026, 10, 1))
    return waiting, settled


def test_the_list_most_urgent_first_with_school_days_and_filters(client, sign_in, virtual_school_officer, children):
    waiting, settled = children
    sign_in(virtual_school_officer)
    page = client.get("/education/").content.decode()
    assert page.index("Wren Waiting") < page.index("Sol Settled")
    # 5 October to 20 November 2026: three weeks, half term, three weeks: 30 school days.
    assert "No place: 30 school days" in page and "since 5 October 2026" in page
    assert "Hatters Green Primary Academy" in page and "Year 5" in page and "Year 9" in page
    assert "Due by 25 March 2027" in page  # a PEP in the autumn term: the next by the end of spring
    filtered = client.get("/education/", {"show": "no_place"}).content.decode()
    assert "Wren Waiting" in filtered and "Sol Settled" not in filtered
    bad = client.get("/education/", {"show": "everything"}).content.decode()
    assert "Choose from the list: everything is not one of the filters" in bad and "Wren Waiting" not in bad


def test_the_placing_social_worker_sees_their_own_children_only(client, sign_in, placing_social_worker, children):
    waiting, settled = children
    sign_in(placing_social_worker)
    page = client.get("/education/").content.decode()
    assert "Wren Waiting" in page and "Sol Settled" not in page
    assert client.get(f"/education/children/{settled.pk}/").status_code == 404
    assert client.get(f"/education/children/{waiting.pk}/").status_code == 200


def test_recording_the_school_searches_then_records(client, sign_in, virtual_school_officer, children):
    waiting, _ = children
    school = SchoolFactory(name="Lea Crossing Academy", phase="Secondary", postcode="LU4 9TR", urn=990107)
    SchoolFactory(name="Lea Elsewhere Academy", la_code="823", la_name="Central Bedfordshire", urn=990301)
    sign_in(virtual_school_officer)
    url = f"/education/children/{waiting.pk}/school/"
    found = client.get(url, {"q": "lea academy"}).content.decode()
    assert found.index("Lea Crossing Academy") < found.index("Lea Elsewhere Academy")  # the host's own first
    assert "URN 990107" in found
    refused = client.post(
        url,
        {"q": "lea academy", "school": "990107", "started_on_0": "30", "started_on_1": "11", "started_on_2": "2026"},
    )
    assert "The date the child started must be today or in the past" in refused.content.decode()
    missing = client.post(url, {"q": "lea academy"}).content.decode()
    assert "Choose the child&#39;s school" in missing and "Enter the date the child started at the school" in missing
    response = client.post(
        url, {"q": "lea", "school": "990107", "started_on_0": "16", "started_on_1": "11", "started_on_2": "2026"}
    )
    assert response.status_code == 302
    record = EducationRecord.objects.get(child=waiting)
    assert record.no_place_since is None and record.enrolments.get().school == school
    page = client.get(f"/education/children/{waiting.pk}/").content.decode()
    assert "Lea Crossing Academy (URN 990107), since 16 November 2026" in page and "Has a school place" in page


def test_the_record_form_names_each_problem_and_saves(client, sign_in, virtual_school_officer, children):
    waiting, _ = children
    sign_in(virtual_school_officer)
    url = f"/education/children/{waiting.pk}/edit/"
    assert "From the date of birth: Year 9" in client.get(url).content.decode()
    bad = client.post(
        url,
        {
            "entered_care_on_0": "31",
            "entered_care_on_1": "2",
            "entered_care_on_2": "2026",
            "designated_teacher_email": "not an address",
        },
    ).content.decode()
    assert "The date the child entered care must be a real date" in bad
    assert "Enter the designated teacher&#39;s email address in the right form" in bad
    assert 'value="not an address"' in bad  # nothing typed is lost
    response = client.post(
        url,
        {
            "entered_care_on_0": "5",
            "entered_care_on_1": "10",
            "entered_care_on_2": "2026",
            "year_group": "7",
            "designated_teacher_name": "Dee Teacher",
            "has_ehc_plan": "yes",
            "virtual_school_contact_name": "Vera Contact",
            "pep_held_by": "Hertfordshire Virtual School",
        },
    )
    assert response.status_code == 302
    record = EducationRecord.objects.get(child=waiting)
    assert (record.year_group, record.has_ehc_plan, record.designated_teacher_name) == (7, True, "Dee Teacher")
    assert record.pep_due_on == date(2026, 10, 19)  # 10 working days after entering care
    page = client.get(f"/education/children/{waiting.pk}/").content.decode()
    assert "Year 7" in page and "The first personal education plan is overdue" in page


def test_the_child_page_shows_education_to_the_virtual_school_not_to_sqa(
    client, sign_in, virtual_school_officer, sqa_officer, children
):
    waiting, _ = children
    sign_in(virtual_school_officer)
    page = client.get(f"/children/{waiting.pk}/").content.decode()
    assert 'id="education">Education</h2>' in page and "has had no school place for 30 school days" in page
    assert "No school place: 30 school days" in page and 'href="#education"' in page
    sign_in(sqa_officer)
    page = client.get(f"/children/{waiting.pk}/").content.decode()
    assert "has had no school place" not in page and "No school place" not in page


def test_the_virtual_school_home_page_counts_and_links(client, sign_in, virtual_school_officer, children):
    sign_in(virtual_school_officer)
    page = client.get("/").content.decode()
    assert "1 child is without a school place" in page and 'href="/education/?show=no_place"' in page


def test_pep_recorded_and_term_dates_kept(client, sign_in, virtual_school_officer, host_admin, children):
    waiting, _ = children
    sign_in(virtual_school_officer)
    response = client.post(
        f"/education/children/{waiting.pk}/pep/",
        {"held_on_0": "19", "held_on_1": "11", "held_on_2": "2026", "held_by": "Herts VS"},
    )
    assert response.status_code == 302
    assert EducationRecord.objects.get(child=waiting).pep_due_on == date(2027, 3, 25)
    sign_in(host_admin)
    assert "Summer term 2027" in client.get("/education/term-dates/").content.decode()
    bad = client.post(
        "/education/term-dates/new/",
        {
            "name": "Autumn term 2027",
            "starts_on_0": "2",
            "starts_on_1": "9",
            "starts_on_2": "2027",
            "ends_on_0": "17",
            "ends_on_1": "12",
            "ends_on_2": "2027",
            "half_term_starts_on_0": "25",
            "half_term_starts_on_1": "10",
            "half_term_starts_on_2": "2027",
        },
    ).content.decode()
    assert "Enter both days of the half-term holiday, or neither" in bad
    response = client.post(
        "/education/term-dates/new/",
        {
            "name": "Autumn term 2027",
            "starts_on_0": "2",
            "starts_on_1": "9",
            "starts_on_2": "2027",
            "ends_on_0": "17",
            "ends_on_1": "12",
            "ends_on_2": "2027",
        },
    )
    assert response.status_code == 302
    assert SchoolTerm.objects.filter(name="Autumn term 2027").exists()
    assert AuditEvent.objects.filter(action="school_term.add", actor=host_admin).exists()
