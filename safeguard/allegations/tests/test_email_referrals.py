"""E-mailed referrals (issue 11): an e-mail to the LADO's mailbox becomes a draft referral, pre-filled
from the referral form's headings, which the LADO checks beside the message and accepts as a case or
rejects as not a referral. Nothing in the message is lost, each problem names its field, every step is
audited, and all of it is the LADO team's alone."""

import html
import mailbox
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from safeguard.allegations.email_referral import read_referral
from safeguard.allegations.models import LadoCase, LadoEmail
from safeguard.allegations.services import lado_email_accept, lado_email_draft
from safeguard.core.errors import TransitionRefused
from safeguard.core.models import AuditEvent

from .factories import lado_email, lado_email_raw

LONDON = ZoneInfo("Europe/London")
SUNDAY_NOON = datetime(2026, 11, 22, 12, 0, tzinfo=LONDON)

MISSING_PARTS = (
    "Hello,\n\nI need to refer a concern about a member of staff.\n\n"
    "Details of the person the allegation is about\nJob title: Football coach\n"
    "Employment status: contractor\nDate of birth: 31/02/1985\n\n"
    "Child's details\nChild's date of birth: 01/01/2014\n\n"
    "Details of the allegation:\nThe coach shouted at the under-12s and pushed one boy.\n\nThanks\nJo"
)


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


# Reading the message -----------------------------------------------------------------------------


def test_the_referral_form_s_headings_say_whose_name_is_whose():
    prefill = read_referral(
        "Referrer details\nName: Sam Lead\nEmail: dsl@hilltop.example\n\n"
        "Details of the person the allegation is about\nName: Pat Emailed\nJob title: Teaching assistant\n\n"
        "Children\nName: Ava Placed\nDate of birth: 14/03/2015\nName: Ben Placed\n"
    )
    assert prefill.answers["referrer_name"] == "Sam Lead"
    assert prefill.answers["person_name"] == "Pat Emailed"
    assert prefill.answers["person_role"] == "Teaching assistant"
    assert prefill.children == [
        {"name": "Ava Placed", "date_of_birth": date(2015, 3, 14)},
        {"name": "Ben Placed", "date_of_birth": None},
    ]


def test_a_value_that_cannot_be_used_is_named_not_dropped():
    prefill = read_referral(MISSING_PARTS, sender="jo@fc.example", sender_name="Jo Coach")
    assert prefill.problems == {
        "employment_basis": "Select how the person works there: the e-mail says “contractor”",
        "person_date_of_birth": "The person's date of birth is not a date we can read: the e-mail says “31/02/1985”",
    }
    assert prefill.answers["referrer_name"] == "Jo Coach"  # the sender, as the text names no referrer
    assert prefill.answers["what_happened"] == "The coach shouted at the under-12s and pushed one boy."


# A well-formed message ----------------------------------------------------------------------------


@time_machine.travel(SUNDAY_NOON, tick=False)
def test_a_well_formed_message_is_pre_filled_and_accepted_as_a_case(client, sign_in, lado, host):
    email = lado_email(host)
    assert email.status == "to_check" and email.not_referral_hint == ""
    assert [a["filename"] for a in email.email_attachments] == ["notes.pdf"]
    sign_in(lado)
    page = text(client.get(f"/lado/emails/{email.pk}/"))
    assert "Check an e-mailed referral" in page
    assert "Check these before you accept" not in page  # nothing missing
    assert 'name="person_name" type="text" value="Pat Emailed"' in page
    assert 'name="person_employer" type="text" value="Hilltop Primary School"' in page
    assert 'name="child_1_name" type="text" value="Ava Placed"' in page
    assert 'value="agency" checked' in page
    # Beside the answers, the message as received, and its attachment.
    assert "The e-mail as received" in page and "Employment status: Agency worker" in page
    assert "notes.pdf (application/pdf" in page
    download = client.get(f"/lado/emails/{email.pk}/message.eml")
    assert b"".join(download.streaming_content) == email.original_message.open("rb").read()

    draft = lado_email_draft(email)
    from safeguard.allegations.forms import EmailReferralForm

    data = EmailReferralForm.data_from(draft.answers, draft.children)
    data["person_role"] = "Teaching assistant (agency)"  # the LADO corrects one answer
    response = client.post(f"/lado/emails/{email.pk}/", data)
    case = LadoCase.objects.get(channel="email")
    assert response["Location"] == f"/lado/cases/{case.pk}/"
    assert (case.person_name, case.person_role, case.employment_basis) == (
        "Pat Emailed",
        "Teaching assistant (agency)",
        "agency",
    )
    assert (case.referrer_name, case.referrer_email, case.category) == ("Sam Lead", "dsl@hilltop.example", "physical")
    assert case.happened_on == date(2026, 11, 17) and case.person_date_of_birth == date(1988, 5, 12)
    assert [(c.name, c.date_of_birth) for c in case.children.all()] == [("Ava Placed", date(2015, 3, 14))]
    assert "grabbed her arm hard" in case.what_happened
    # The clock runs from when the e-mail arrived (Friday 10:15): due at 17:00 on Monday.
    assert timezone_local(case.received_at) == datetime(2026, 11, 20, 10, 15, tzinfo=LONDON)
    assert timezone_local(case.initial_consideration_due_at) == datetime(2026, 11, 23, 17, 0, tzinfo=LONDON)
    assert case.original_message.name == email.original_message.name
    email.refresh_from_db()
    assert (email.status, email.case, email.decided_by) == ("accepted", case, lado)
    accepted = AuditEvent.objects.get(action="lado_email.accept")
    assert accepted.confidential and accepted.changes["fields_corrected"] == [None, ["person_role"]]
    assert accepted.changes["case"] == [None, case.reference]
    # Accepted once: a second acceptance is refused, and makes no second case.
    with pytest.raises(TransitionRefused):
        lado_email_accept(actor=lado, email=email, answers=draft.answers, children=draft.children)
    assert LadoCase.objects.count() == 1
    assert "Accepted as a referral" in text(client.get(f"/lado/emails/{email.pk}/"))


def timezone_local(moment):
    return moment.astimezone(LONDON)


# A message with missing parts ---------------------------------------------------------------------


@time_machine.travel(SUNDAY_NOON, tick=False)
def test_a_message_with_missing_parts_names_each_and_is_accepted_once_completed(client, sign_in, lado, host):
    email = lado_email(host, subject="Concern about a coach", body=MISSING_PARTS, From="Jo Coach <jo@fc.example>")
    sign_in(lado)
    page = text(client.get(f"/lado/emails/{email.pk}/"))
    assert "Check these before you accept" in page
    for problem in (
        "Enter the name of the person the allegation is about, or describe them",
        "Enter the person's employer or the organisation they work or volunteer for",
        "Select how the person works there: the e-mail says “contractor”",
        "The person's date of birth is not a date we can read: the e-mail says “31/02/1985”",
        "Enter child 1's name, or remove their date of birth",
    ):
        assert 'href="#' in page and problem in page, problem
    # What was found is there; the referrer is the sender.
    assert 'name="person_role" type="text" value="Football coach"' in page
    assert 'name="referrer_name" type="text" value="Jo Coach"' in page
    # Accepting as it stands is refused field by field, and nothing is made.
    draft = lado_email_draft(email)
    from safeguard.allegations.forms import EmailReferralForm

    data = EmailReferralForm.data_from(draft.answers, draft.children)
    refused = text(client.post(f"/lado/emails/{email.pk}/", data))
    assert "Enter the person's employer or the organisation they work or volunteer for" in refused
    assert "Enter child 1's name, or remove their date of birth" in refused
    assert LadoCase.objects.count() == 0
    email.refresh_from_db()
    assert email.status == "to_check"
    # The LADO completes it from what they know, and accepts.
    data.update(person_name="Lee Coach", person_employer="Town Youth FC", employment_basis="volunteer")
    data["child_1_name"] = "Under-12s team (not named)"
    response = client.post(f"/lado/emails/{email.pk}/", data)
    assert response.status_code == 302
    case = LadoCase.objects.get()
    assert (case.person_name, case.person_employer, case.person_role) == (
        "Lee Coach",
        "Town Youth FC",
        "Football coach",
    )
    assert case.person_date_of_birth is None


# A message that is not a referral -----------------------------------------------------------------


def test_an_out_of_office_reply_is_kept_and_rejected_as_not_a_referral(client, sign_in, lado, host):
    email = lado_email(
        host,
        subject="Automatic reply: LADO referral",
        body="I am out of the office until Monday. For urgent matters call the school office.",
        attach=False,
        Auto_Submitted="auto-replied",
    )
    assert email.not_referral_hint == "An automatic reply (such as an out-of-office message)"
    sign_in(lado)
    listing = text(client.get("/lado/emails/"))
    assert "Automatic reply: LADO referral" in listing and "May not be a referral" in listing
    page = text(client.get(f"/lado/emails/{email.pk}/"))
    assert "This may not be a referral: An automatic reply (such as an out-of-office message)." in page
    refused = text(client.post(f"/lado/emails/{email.pk}/reject/", {"reason": ""}))
    assert "Enter why this e-mail is not a referral" in refused
    response = client.post(f"/lado/emails/{email.pk}/reject/", {"reason": "An out-of-office reply"})
    assert response["Location"] == "/lado/emails/"
    email.refresh_from_db()
    assert (email.status, email.rejection_reason, email.decided_by) == ("rejected", "An out-of-office reply", lado)
    assert email.original_message.open("rb").read()  # kept
    assert LadoCase.objects.count() == 0
    assert AuditEvent.objects.get(action="lado_email.reject").confidential
    decided = text(client.get(f"/lado/emails/{email.pk}/"))
    assert "Why it is not a referral" in decided and "An out-of-office reply" in decided
    # Rejected once: it cannot then be accepted.
    assert client.post(f"/lado/emails/{email.pk}/", {"person_name": "X"}).status_code == 200
    assert LadoCase.objects.count() == 0


# The mailbox ---------------------------------------------------------------------------------------


def test_the_lado_mailbox_is_read_once_and_every_message_kept(tmp_path, host, lado, client, sign_in, capsys):
    box = mailbox.Maildir(tmp_path / "lado", create=True)
    box.add(lado_email_raw())
    box.add(b"\x00\x01 not an e-mail at all")
    call_command("read_lado_mailbox", str(tmp_path / "lado"), host="luton")
    out = capsys.readouterr().out
    assert "2 e-mail(s) for the LADO to check" in out
    assert "Pat Emailed" not in out  # the content stays in Safeguard
    assert LadoEmail.objects.filter(host_council=host, status="to_check").count() == 2
    assert not list((tmp_path / "lado" / "new").iterdir())
    call_command("read_lado_mailbox", str(tmp_path / "lado"), host="luton")
    assert LadoEmail.objects.count() == 2
    receive = AuditEvent.objects.filter(action="lado_email.receive")
    assert receive.count() == 2 and all(event.confidential for event in receive)
    sign_in(lado)
    home = text(client.get("/"))
    assert "2 e-mails to check" in home


def test_erasing_a_case_erases_the_e_mail_it_was_accepted_from(lado, host):
    email = lado_email(host)
    draft = lado_email_draft(email)
    case = lado_email_accept(actor=lado, email=email, answers=draft.answers, children=draft.children)
    from django.utils import timezone

    from safeguard.allegations.services import lado_case_erase

    LadoCase.objects.filter(pk=case.pk).update(
        status="closed", outcome="unfounded", retention_review_on=timezone.localdate()
    )
    lado_case_erase(actor=lado, case=case, confirmed=True)
    assert not LadoEmail.objects.filter(pk=email.pk).exists()
    erased = AuditEvent.objects.get(action="lado_case.erase").changes["erased"][1]
    assert erased["from_email"] == "the e-mail checked, and its draft"
