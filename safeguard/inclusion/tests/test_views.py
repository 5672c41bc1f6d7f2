"""The inclusion pages through the test client: bad input on each form and on the CSV (errors by line,
nothing typed lost), the referral form for anyone, school staff seeing only their own school's returns."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeguard.accounts.models import Organisation
from safeguard.core.models import OutboxMessage
from safeguard.inclusion import ehe_services, selectors, services
from safeguard.inclusion.models import CmeCase, EheRecord, SchoolReturn

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 11, 20, 10, tzinfo=LONDON)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _date(prefix: str, day: date | None = None, *, raw: tuple[str, str, str] | None = None) -> dict:
    parts = raw or ((str(day.day), str(day.month), str(day.year)) if day else ("", "", ""))
    return {f"{prefix}_0": parts[0], f"{prefix}_1": parts[1], f"{prefix}_2": parts[2]}


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def case(school_staff):
    return services.school_return_submit(
        actor=school_staff,
        host_council=selectors.host_of_school_staff(school_staff),
        school=selectors.school_of(school_staff),
        kind=SchoolReturn.Kind.DELETION,
        first_name="Kian",
        last_name="Hussain",
        date_of_birth=date(2014, 6, 2),
        address="14 Dunstable Road",
        parents="Samira Hussain",
        ground="moved_away",
        deleted_on=date(2026, 11, 16),
    ).case


def test_the_deletion_form_names_each_problem_and_keeps_what_was_typed(client, sign_in, school_staff):
    sign_in(school_staff)
    response = client.post(
        reverse("inclusion:return_deletion_add"),
        {
            "first_name": "Kian",
            "last_name": "",
            **_date("date_of_birth", raw=("31", "2", "2014")),
            "address": "14 Dunstable Road <script>alert(1)</script>",
            "ground": "absent_20_days",
            **_date("deleted_on", date(2026, 11, 16)),
            "parents": "",
        },
    )
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert "The date of birth must be a real date" in text
    assert "Enter the pupil&#39;s last name" in text
    assert "Enter the first day of the pupil&#39;s continuous absence" in text
    assert "Enter the names of the pupil&#39;s parents or carers" in text
    assert 'value="Kian"' in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert(1)" not in text
    assert not SchoolReturn.objects.exists()


def test_a_deletion_sent_by_form_opens_a_case_the_school_cannot_see(client, sign_in, school_staff, cme_officer):
    sign_in(school_staff)
    response = client.post(
        reverse("inclusion:return_deletion_add"),
        {
            "first_name": "Kian",
            "last_name": "Hussain",
            **_date("date_of_birth", date(2014, 6, 2)),
            "address": "14 Dunstable Road",
            "parents": "Samira Hussain",
            "ground": "absent_20_days",
            **_date("deleted_on", date(2026, 11, 20)),
            **_date("absent_since", date(2026, 10, 19)),
        },
        follow=True,
    )
    text = _text(response)
    assert "The return for Kian Hussain is sent to the council" in text
    # No term dates set for this host: working days stand in for school days, and the page says so.
    assert "School day 25 of absence: the 20 school days ended on 13 November 2026" in text
    assert "working days are counted instead" in text
    assert "CME-" not in text  # the school is not shown the case
    case = CmeCase.objects.get()
    sign_in(cme_officer)
    page = _text(client.get(reverse("inclusion:cme_case_detail", args=[case.pk])))
    assert "The 20-school-day clock" in page and "Kian Hussain" in page


def test_the_new_pupil_form_refuses_a_future_admission(client, sign_in, school_staff):
    sign_in(school_staff)
    response = client.post(
        reverse("inclusion:return_admission_add"),
        {
            "first_name": "Ava",
            "last_name": "Reid",
            **_date("date_of_birth", date(2019, 1, 1)),
            **_date("admitted_on", date(2026, 12, 1)),
        },
    )
    assert "Date of admission must be today or in the past" in _text(response)
    assert not SchoolReturn.objects.exists()


CSV_GOOD = (
    "return_type,first_name,last_name,date_of_birth,address,parents,ground,deleted_on,absent_since,admitted_on\n"
    "deletion,Kian,Hussain,2014-06-02,14 Dunstable Road,Samira Hussain,moved_away,2026-11-16,,\n"
    "admission,Ava,Reid,02/03/2019,,,,,,2026-11-18\n"
)


def _upload(client, text: str, name: str = "returns.csv"):
    return client.post(
        reverse("inclusion:return_upload"),
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
        follow=True,
    )


def test_a_csv_of_returns_goes_in_whole(client, sign_in, school_staff):
    sign_in(school_staff)
    text = _text(_upload(client, CSV_GOOD))
    assert "2 returns are sent to the council" in text
    assert SchoolReturn.objects.filter(source="csv").count() == 2
    assert CmeCase.objects.count() == 1


def test_a_csv_with_bad_lines_sends_nothing_and_names_each_line(client, sign_in, school_staff):
    sign_in(school_staff)
    bad = CSV_GOOD + (
        "deletion,Noah,,2014-13-01,,,,,,\n"  # line 4: no last name, a bad date, no ground or date
        "expulsion,Mia,Khan,2015-01-01,,,,,,2026-11-01\n"  # line 5: not a return type
        "deletion,Leo,Ali,2013-01-01,1 Hart Lane,Nadia Ali,vanished,2026-11-02,,\n"  # line 6: unknown ground
    )
    response = _upload(client, bad)
    text = _text(response)
    assert "3 lines have problems: nothing was sent" in text
    assert "Line 4: " in text and "Enter the pupil&#39;s last name" in text
    assert "date_of_birth must be a date like 2026-09-14 or 14/09/2026, not &#39;2014-13-01&#39;" in text
    assert "Line 5: return_type must be deletion or admission" in text
    assert "Line 6: ground must be one of" in text
    assert "Line 2" not in text and "Line 3" not in text
    assert not SchoolReturn.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            "first_name,last_name\nA,B\n",
            "returns.csv",
            "The heading line must name the columns return_type, date_of_birth",
        ),
        (CSV_GOOD.replace("parents", "mother"), "returns.csv", "Unknown columns: mother"),
        ("return_type,first_name,last_name,date_of_birth\n", "returns.csv", "The file has no returns"),
        (CSV_GOOD, "returns.xlsx", "The file must be a CSV file (ending .csv)"),
    ],
)
def test_a_csv_that_cannot_be_read_says_why(client, sign_in, school_staff, content, name, message):
    sign_in(school_staff)
    assert message in _text(_upload(client, content, name))
    assert not SchoolReturn.objects.exists()


def test_school_staff_see_only_their_own_schools_returns(client, sign_in, school_staff, host):
    from safeguard.education.tests.factories import SchoolFactory

    elsewhere = SchoolFactory(name="Elsewhere Junior School")
    other = services.school_return_submit(
        actor=school_staff,
        host_council=host,
        school=elsewhere,
        kind="admission",
        first_name="Poppy",
        last_name="Elsewhere",
        date_of_birth=date(2018, 1, 1),
        admitted_on=date(2026, 11, 2),
    )
    mine = services.school_return_submit(
        actor=school_staff,
        host_council=host,
        school=selectors.school_of(school_staff),
        kind="admission",
        first_name="Ava",
        last_name="Reid",
        date_of_birth=date(2018, 1, 1),
        admitted_on=date(2026, 11, 2),
    )
    sign_in(school_staff)
    listing = _text(client.get(reverse("inclusion:return_list")))
    assert "Ava Reid" in listing and "Poppy Elsewhere" not in listing
    assert client.get(reverse("inclusion:return_detail", args=[other.pk])).status_code == 404
    page = _text(client.get(reverse("inclusion:return_detail", args=[mine.pk])))
    assert "Late" in page and "due by 9 November 2026" in page  # admitted Monday 2 November: 5 school days


def test_the_referral_form_for_anyone(client, host):
    url = reverse("inclusion:cme_refer")
    response = client.post(url, {"way_in": "agency", "first_name": "Jay", "what_is_known": "", "address": ""})
    text = _text(response)
    assert "Tell us why you think the child is missing education" in text
    assert "Enter the organisation you work for" in text
    assert 'value="Jay"' in text
    assert not CmeCase.objects.exists()
    response = client.post(
        url,
        {
            "way_in": "public",
            "first_name": "Jay",
            "address": "Flat 2, Bury Park Road",
            "what_is_known": "Not been to school since the summer; seen in the street in school hours",
        },
        follow=True,
    )
    assert "Thank you" in _text(response)
    case = CmeCase.objects.get()
    assert case.way_in == CmeCase.WayIn.PUBLIC and case.host_council == host
    # Software that fills the hidden field but not the form gets the same thanks and writes nothing…
    response = client.post(url, {"way_in": "public", "first_name": "Bot", "website": "spam"}, follow=True)
    assert "Thank you" in _text(response)
    assert CmeCase.objects.count() == 1
    # …while a complete referral with it filled is kept: a referral about a child is never dropped.
    client.post(
        url,
        {
            "way_in": "public",
            "first_name": "Kai",
            "address": "12 Leagrave High Street",
            "what_is_known": "y",
            "website": "x",
        },
    )
    assert CmeCase.objects.filter(first_name="Kai").exists()


def test_each_case_form_refuses_bad_input(client, sign_in, cme_officer, case):
    sign_in(cme_officer)
    checks = [
        (
            "inclusion:cme_enquiry_add",
            {"kind": "", **_date("made_on", date(2026, 12, 1))},
            ["Choose who the enquiry was made of", "must be today or in the past"],
        ),
        ("inclusion:cme_risk", {"risk": "high", "reason": ""}, ["Say why you chose this risk grade"]),
        ("inclusion:cme_escalate", {"note": ""}, ["Say what is known and why the child is a concern"]),
        ("inclusion:cme_reopen", {"note": "New address"}, ["Only an escalated case goes back to enquiries"]),
        (
            "inclusion:cme_close",
            {"outcome": "moved_council", "destination_email": "not-an-email"},
            ["Choose the council the child has moved to", "Enter the email address in the right form"],
        ),
        (
            "inclusion:cme_close",
            {"outcome": "not_found"},
            ["Escalate to the police and children&#39;s social care before closing as not found"],
        ),
    ]
    for name, data, messages in checks:
        text = _text(client.post(reverse(name, args=[case.pk]), data))
        for message in messages:
            assert message in text, (name, message)
    case.refresh_from_db()
    assert case.status == CmeCase.Status.NEW and case.risk == ""
    assert not OutboxMessage.objects.filter(purpose__startswith="cme_").exists()


def test_closing_as_moved_through_the_page_tells_the_other_council(client, sign_in, cme_officer, case):
    sign_in(cme_officer)
    bedford = Organisation.objects.get(dfe_code="822")
    response = client.post(
        reverse("inclusion:cme_close", args=[case.pk]),
        {
            "outcome": "moved_council",
            "destination_council": bedford.pk,
            "destination_email": "cme@bedford.gov.uk",
            "note": "Ford End Road",
        },
        follow=True,
    )
    assert "The case is closed" in _text(response)
    assert "Moved to another council" in _text(response)
    assert OutboxMessage.objects.get(purpose="cme_moved_council").to == "cme@bedford.gov.uk"


def test_each_ehe_form_refuses_bad_input(client, sign_in, cme_officer, host):
    sign_in(cme_officer)
    text = _text(
        client.post(
            reverse("inclusion:ehe_add"),
            {"first_name": "Isla", "learnt_from": "", **_date("learnt_on", date(2027, 1, 1))},
        )
    )
    for message in [
        "Enter the child&#39;s last name",
        "Enter the child&#39;s date of birth",
        "Choose how the council learnt the child is home educated",
        "must be today or in the past",
        'value="Isla"',
    ]:
        assert message in text, message
    record = ehe_services.ehe_record_add(
        actor=cme_officer,
        host_council=host,
        first_name="Isla",
        last_name="Murphy",
        date_of_birth=date(2015, 2, 9),
        parents="Ciara Murphy",
        learnt_from="written_notice",
        learnt_on=date(2026, 9, 10),
    )
    checks = [
        (
            "inclusion:ehe_contact_add",
            {"how": "", "suitability": "concern"},
            ["Enter the date of the contact", "Enter how the contact was made", "Describe the concerns"],
        ),
        (
            "inclusion:ehe_notice",
            {**_date("served_on", date(2026, 11, 2)), "period_days": "14"},
            ["The notice must give at least 15 days"],
        ),
        (
            "inclusion:ehe_notice",
            {**_date("served_on", date(2026, 11, 2)), "period_days": "fifteen"},
            ["Enter the number of days as a whole number"],
        ),
        ("inclusion:ehe_order", {**_date("served_on", date(2026, 11, 2))}, ["Serve the s437(1) notice first"]),
        ("inclusion:ehe_close", {"closure": ""}, ["Choose why the record is closed", "Enter the date"]),
    ]
    for name, data, messages in checks:
        text = _text(client.post(reverse(name, args=[record.pk]), data))
        for message in messages:
            assert message in text, (name, message)
    record.refresh_from_db()
    assert record.status == EheRecord.Status.OPEN and not record.contacts.exists()


def test_the_cnis_pages_say_not_in_force_and_add_only_when_switched_on(client, sign_in, cme_officer, host, settings):
    sign_in(cme_officer)
    text = _text(client.get(reverse("inclusion:cnis_register")))
    assert "Not yet in force" in text and "switched off" in text
    assert client.get(reverse("inclusion:cnis_add")).status_code == 404
    settings.INCLUSION_CNIS_HOSTS = [host.slug]
    text = _text(client.post(reverse("inclusion:cnis_add"), {"child_name": "Ava Reid"}))
    assert "Enter the who provides the child" not in text
    assert "There is a problem" in text and "Ava Reid" in text
