"""The LADO runs a case: consideration, meetings, actions, closure, retention, intake by e-mail and phone."""

import html
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Role
from safeguard.accounts.tests.factories import UserFactory
from safeguard.allegations import services
from safeguard.allegations.models import LadoCase, LadoEmail
from safeguard.allegations.tests.factories import LadoActionFactory, LadoCaseFactory, LadoChildFactory
from safeguard.core.errors import TransitionRefused
from safeguard.core.models import AuditEvent
from safeguard.register.tests.factories import ChildFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


def date_parts(name: str, day: date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def case(host):
    return LadoCaseFactory(host_council=host, received_at=timezone.now() - timedelta(days=3))


@pytest.fixture
def referral(case, lado):
    return services.lado_case_triage(actor=lado, case=case, decision="referral", reason="Harm to a child alleged")


def test_opening_a_case_is_an_access_event(client, sign_in, lado, case):
    sign_in(lado)
    assert "Pat Teacher" in text(client.get(f"/lado/cases/{case.pk}/"))
    assert AuditEvent.objects.filter(action="lado_case.view", object_id=str(case.pk), actor=lado).exists()


def test_a_lado_of_another_council_and_an_administrator_see_nothing(client, sign_in, case, other_council):
    # The other council hosts children too, so its LADO is a LADO in every way: only the host council
    # a case belongs to stops them.
    birmingham = HostCouncil.objects.create(organisation=other_council, slug="birmingham")
    own_case = LadoCaseFactory(host_council=birmingham, reference="LADO-BHAM-1")
    stranger = UserFactory(role=Role.LADO, organisation=other_council)
    assert stranger.host_council == birmingham
    sign_in(stranger)
    assert client.get(f"/lado/cases/{own_case.pk}/").status_code == 200
    assert client.get(f"/lado/cases/{case.pk}/").status_code == 404
    queue = text(client.get("/lado/cases/"))
    assert "LADO-BHAM-1" in queue and case.reference not in queue
    admin = UserFactory(role=Role.SQA_MANAGER, organisation=case.host_council.organisation, is_staff=True)
    sign_in(admin)
    assert client.get("/lado/cases/").status_code == 404
    assert client.get(f"/lado/cases/{case.pk}/").status_code == 404


def test_the_queue_searches_by_person_employer_referrer_and_child(client, sign_in, lado, case):
    other = LadoCaseFactory(host_council=case.host_council, person_name="Alex Coach", person_employer="Town FC")
    LadoChildFactory(case=other, name="Jamie Striker")
    sign_in(lado)
    for query in ("Alex", "Town FC", "Striker", other.reference):
        page = text(client.get("/lado/cases/", {"q": query}))
        assert other.reference in page and case.reference not in page, query
    assert "No case matches" in text(client.get("/lado/cases/", {"q": "Nobody"}))


def test_triage_as_a_consultation_needs_the_advice(client, sign_in, lado, case):
    sign_in(lado)
    page = text(client.post(f"/lado/cases/{case.pk}/consider/", {"decision": "consultation"}))
    assert "Enter the advice given, as the threshold is not met" in page
    response = client.post(
        f"/lado/cases/{case.pk}/consider/", {"decision": "consultation", "advice_given": "Supervise and retrain"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "consultation" and case.advice_given == "Supervise and retrain"
    assert case.considered_by == lado and case.initial_consideration_at is not None
    # Late: received three days ago.
    assert "Considered late" in text(client.get(f"/lado/cases/{case.pk}/"))


def test_triage_twice_is_refused(lado, referral):
    with pytest.raises(TransitionRefused, match="already been considered"):
        services.lado_case_triage(actor=lado, case=referral, decision="consultation", advice_given="x")


def test_meetings_and_actions_on_a_referral(client, sign_in, lado, referral):
    sign_in(lado)
    today = timezone.localdate()
    future = text(
        client.post(
            f"/lado/cases/{referral.pk}/meetings/new/",
            {"kind": "strategy", "attendees": "LADO, police", "decisions": "Police to investigate"}
            | date_parts("held_on", today + timedelta(days=2)),
        )
    )
    assert "The date of the meeting must be today or in the past" in future
    response = client.post(
        f"/lado/cases/{referral.pk}/meetings/new/",
        {"kind": "strategy", "attendees": "LADO, police, head teacher", "decisions": "Police to investigate"}
        | date_parts("held_on", today),
    )
    assert response.status_code == 302
    missing = text(client.post(f"/lado/cases/{referral.pk}/actions/new/", {"kind": "police"}))
    assert "Enter who owns the action" in missing and "Enter the due date" in missing
    client.post(
        f"/lado/cases/{referral.pk}/actions/new/",
        {"kind": "suspension", "owner": "Chair of governors"} | date_parts("due_on", today - timedelta(days=1)),
    )
    page = text(client.get(f"/lado/cases/{referral.pk}/"))
    assert "Strategy meeting" in page and "Police to investigate" in page
    assert "Suspension considered" in page and "Overdue" in page
    assert "Overdue actions" in text(client.get("/lado/cases/"))
    action = referral.actions.get()
    assert client.post(f"/lado/actions/{action.pk}/done/").status_code == 302
    action.refresh_from_db()
    assert action.done_on == today
    assert (
        AuditEvent.objects.filter(action__in=["lado_meeting.record", "lado_action.add", "lado_action.complete"]).count()
        == 3
    )


def test_meetings_need_an_open_referral(lado, case):
    with pytest.raises(services.CaseInvalid, match="open referrals"):
        services.lado_meeting_record(
            actor=lado, case=case, kind="strategy", held_on=timezone.localdate(), attendees="a", decisions="b"
        )


def test_closure_waits_for_open_actions(client, sign_in, lado, referral):
    LadoActionFactory(case=referral)
    sign_in(lado)
    page = text(client.post(f"/lado/cases/{referral.pk}/close/", {"outcome": "unfounded", "dbs_referral_made": "no"}))
    assert "1 action is not done yet" in page
    assert "Select the outcome" in text(client.post(f"/lado/cases/{referral.pk}/close/", {}))


def test_closing_as_unsubstantiated_sets_the_retention_date(client, sign_in, lado, referral):
    referral.happened_on = date(2026, 1, 10)
    referral.save()
    sign_in(lado)
    response = client.post(
        f"/lado/cases/{referral.pk}/close/",
        {"outcome": "unsubstantiated", "dbs_referral_made": "no"}
        | date_parts("person_date_of_birth", date(1985, 6, 1)),
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "closed" and referral.outcome == "unsubstantiated"
    assert referral.retention_review_on == date(2053, 6, 1)  # 68 (born after 5 April 1978): later than 2036
    assert not referral.remove_from_personnel_record
    page = text(client.get(f"/lado/cases/{referral.pk}/"))
    assert "1 June 2053" in page and "State Pension age" in page


def test_without_a_date_of_birth_ten_years_and_the_page_says_so(client, sign_in, lado, referral):
    services.lado_case_close(
        actor=lado, case=referral, outcome="substantiated", dbs_referral_made=True, closed_on=timezone.localdate()
    )
    referral.refresh_from_db()
    allegation = timezone.localdate(referral.received_at)
    assert referral.retention_review_on == allegation.replace(year=allegation.year + 10)
    sign_in(lado)
    assert "date of birth is not known" in text(client.get(f"/lado/cases/{referral.pk}/"))


@pytest.mark.parametrize(("outcome", "consent", "remove"), [("false", False, True), ("malicious", True, False)])
def test_false_and_malicious_are_removed_from_the_personnel_record_unless_consent(
    lado, referral, outcome, consent, remove
):
    case = services.lado_case_close(
        actor=lado, case=referral, outcome=outcome, dbs_referral_made=False, personnel_record_consent=consent
    )
    assert case.remove_from_personnel_record is remove


def test_the_retention_report_lists_cases_due(client, sign_in, lado, referral, host):
    services.lado_case_close(actor=lado, case=referral, outcome="false", dbs_referral_made=False)
    old = LadoCaseFactory(
        host_council=host,
        status="closed",
        outcome="unfounded",
        retention_review_on=date(2020, 1, 1),
        closed_on=date(2010, 1, 1),
    )
    sign_in(lado)
    page = text(client.get("/lado/retention/"))
    # The last "Due for review now" is the table's caption (the first names its scrolling region).
    assert old.reference in page.split("Due for review now")[-1].split("False or malicious")[0]
    assert referral.reference in page.split("False or malicious")[1]
    assert AuditEvent.objects.filter(action="lado_case.retention_report").exists()


def raw_email(**headers) -> bytes:
    message = EmailMessage()
    message["From"] = headers.get("From", "Sam Lead <dsl@hilltop.example>")
    message["To"] = "lado@luton.example"
    message["Subject"] = headers.get("Subject", "Allegation about a teaching assistant")
    message["Date"] = headers.get("Date", "Fri, 20 Nov 2026 10:15:00 +0000")
    message.set_content("A pupil says a teaching assistant grabbed her arm.")
    message.add_attachment(b"%PDF-1.4 notes", maintype="application", subtype="pdf", filename="notes.pdf")
    return bytes(message)


ACCEPT = {
    "referrer_name": "Sam Lead",
    "referrer_email": "dsl@hilltop.example",
    "person_name": "Chris Assistant",
    "person_employer": "Hilltop Primary School",
    "sector": "education",
    "category": "physical",
    "what_happened": "Grabbed her arm",
    "child_1_name": "A Year 4 pupil",
}


def upload_and_accept(client, raw: bytes, **answers):
    """Upload a message, then accept its draft with the answers the LADO completed."""
    response = client.post("/lado/cases/email/", {"message": SimpleUploadedFile("referral.eml", raw)})
    email = LadoEmail.objects.latest("pk")
    assert response["Location"] == f"/lado/emails/{email.pk}/"
    return email, client.post(f"/lado/emails/{email.pk}/", {**ACCEPT, **answers})


@time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_an_emailed_referral_is_recorded_with_the_original_kept(client, sign_in, lado):
    sign_in(lado)
    raw = raw_email()
    email, accepted = upload_and_accept(client, raw)
    case = LadoCase.objects.get(channel="email")
    assert accepted["Location"] == f"/lado/cases/{case.pk}/"
    assert case.referrer_email == "dsl@hilltop.example" and case.referrer_name == "Sam Lead"
    assert timezone.localtime(case.received_at).date() == date(2026, 11, 20)
    assert case.original_message.read() == raw
    assert [a["filename"] for a in case.email_attachments] == ["notes.pdf"]
    assert "notes.pdf (application/pdf" in text(client.get(f"/lado/cases/{case.pk}/"))
    download = client.get(f"/lado/cases/{case.pk}/message.eml")
    assert b"".join(download.streaming_content) == raw
    assert AuditEvent.objects.filter(action="lado_case.original_message").exists()
    # The LADO can still complete the details afterwards.
    form = client.get(f"/lado/cases/{case.pk}/details/")
    assert "Allegation about a teaching assistant" in text(form)
    done = client.post(
        f"/lado/cases/{case.pk}/details/",
        {"person_name": "Chris Assistant", "sector": "education", "category": "physical", "what_happened": "Grabbed"},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.person_name == "Chris Assistant" and case.sector == "education"


def test_a_file_that_is_not_an_email_is_kept_for_the_lado_to_decide(client, sign_in, lado):
    sign_in(lado)
    response = client.post("/lado/cases/email/", {"message": SimpleUploadedFile("x.eml", b"\x00\x01\x02" * 50)})
    email = LadoEmail.objects.get()
    assert response["Location"] == f"/lado/emails/{email.pk}/"
    assert email.not_referral_hint.startswith("The message could not be read")
    assert "This may not be a referral: The message could not be read" in text(client.get(response["Location"]))
    assert LadoCase.objects.count() == 0


def test_a_phone_consultation_is_recorded(client, sign_in, lado):
    sign_in(lado)
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = text(client.post("/lado/cases/phone/", {"caller_name": "Jo Manager"} | date_parts("received_at", tomorrow)))
    assert "Enter the caller's organisation" in page and "Enter the advice you gave" in page
    assert "The date of the call must be today or in the past" in page
    response = client.post(
        "/lado/cases/phone/",
        {
            "caller_name": "Jo Manager",
            "caller_organisation": "Little Stars Nursery",
            "sector": "early_years",
            "category": "conduct",
            "summary": "Staff member shouting at toddlers",
            "advice_given": "Threshold not met: employer to address through supervision",
        },
    )
    case = LadoCase.objects.get()
    assert response["Location"] == f"/lado/cases/{case.pk}/"
    assert case.status == "consultation" and case.channel == "phone" and case.initial_consideration_at


def test_linking_a_child_searches_only_the_own_register(client, sign_in, lado, world, other_council):
    lado_child = world.lado_child
    sign_in(lado)
    page = text(client.get(f"/lado/children/{lado_child.pk}/link/", {"name": "Ava"}))
    assert "Ava Placed" in page
    birmingham = HostCouncil.objects.create(organisation=other_council, slug="birmingham")
    elsewhere = ChildFactory(
        host_council=birmingham, placing_authority=other_council, first_name="Ava", last_name="Elsewhere"
    )
    assert "Ava Elsewhere" not in text(client.get(f"/lado/children/{lado_child.pk}/link/", {"name": "Ava"}))
    assert client.post(f"/lado/children/{lado_child.pk}/link/", {"register_child": elsewhere.pk}).status_code == 404
    response = client.post(f"/lado/children/{lado_child.pk}/link/", {"register_child": world.child.pk})
    assert response.status_code == 302
    lado_child.refresh_from_db()
    assert lado_child.register_child == world.child
    assert "on the register as" in text(client.get(f"/lado/cases/{lado_child.case_id}/"))


@time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_an_old_or_future_date_header_does_not_start_the_clock(client, sign_in, lado):
    sign_in(lado)
    for stamp in ("Mon, 01 Jan 1900 09:00:00 +0000", "Fri, 01 Jan 2027 09:00:00 +0000"):
        upload_and_accept(client, raw_email(Date=stamp))
    assert LadoCase.objects.filter(channel="email").count() == 2
    for case in LadoCase.objects.filter(channel="email"):
        assert timezone.localtime(case.received_at).date() == date(2026, 11, 22)
        assert case.reference.startswith("LADO-2026-")


def test_nul_characters_in_an_emails_headers_are_removed_not_a_crash(client, sign_in, lado):
    sign_in(lado)
    raw = raw_email().replace(b"Subject: Allegation about", b"Subject: =?utf-8?q?Alle=00gation?= about")
    email, accepted = upload_and_accept(client, raw)
    assert accepted.status_code == 302
    case = LadoCase.objects.get(channel="email")
    assert "\x00" not in case.email_subject and "Allegation about" in case.email_subject
    assert case.original_message.read() == raw


def test_the_retention_date_counts_ten_years_from_when_the_allegation_was_made(lado, referral):
    referral.happened_on = date(1995, 3, 1)  # a historical allegation, made now
    referral.save()
    services.lado_case_close(
        actor=lado, case=referral, outcome="unfounded", dbs_referral_made=False, closed_on=timezone.localdate()
    )
    referral.refresh_from_db()
    made = timezone.localdate(referral.received_at)
    assert referral.retention_review_on == made.replace(year=made.year + 10)
