"""The public referral form: anyone may refer; nothing sent is lost; abuse is refused politely."""

import html
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from safeguard.allegations.models import LadoCase
from safeguard.allegations.services import initial_consideration_due
from safeguard.core.models import AuditEvent, OutboxMessage
from safeguard.core.outbox import outbox_deliver_due

LONDON = ZoneInfo("Europe/London")
URL = "/lado/refer/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def answers(**changes) -> dict:
    data = {
        "referrer_name": "Sam Lead",
        "referrer_role": "Designated safeguarding lead",
        "referrer_organisation": "Hilltop Primary School",
        "referrer_email": "dsl@hilltop.example",
        "referrer_phone": "01582 000000",
        "person_name": "Chris Assistant",
        "person_role": "Teaching assistant",
        "person_employer": "Hilltop Primary School",
        "employment_basis": "employed",
        "sector": "education",
        "person_registration_body": "",
        "what_happened": "A pupil said the teaching assistant grabbed her arm hard in the corridor.",
        "where_it_happened": "School corridor",
        "happened_on_0": "18",
        "happened_on_1": "5",
        "happened_on_2": "2026",
        "who_knows": "The head teacher",
        "category": "physical",
        "threshold": ["threshold_harm"],
        "restraint_involved": "no",
        "already_told": ["employer_informed"],
        "child_1_name": "Robin Pupil",
        "child_1_date_of_birth_0": "3",
        "child_1_date_of_birth_1": "9",
        "child_1_date_of_birth_2": "2016",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_opens_for_anyone_with_the_consultation_number(client, host):
    page = client.get(URL).content.decode()
    assert "Refer an allegation to the LADO" in page
    assert "01582 548069" in page
    assert 'name="website"' in page and 'tabindex="-1"' in page and 'autocomplete="off"' in page


def test_a_referral_is_saved_with_a_reference_a_copy_and_an_alert(client, host):
    response = client.post(URL, answers())
    assert response.status_code == 302 and response["Location"] == "/lado/refer/sent/"
    case = LadoCase.objects.get()
    assert case.reference.startswith(f"LADO-{timezone.localdate().year}-") and len(case.reference) == 16
    assert case.channel == "web" and case.status == "received" and case.host_council == host
    assert case.person_name == "Chris Assistant" and case.threshold_harm and not case.threshold_offence
    assert case.employer_informed and not case.police_informed and case.restraint_involved is False
    assert [(c.name, c.date_of_birth.isoformat()) for c in case.children.all()] == [("Robin Pupil", "2016-09-03")]
    sent = client.get("/lado/refer/sent/").content.decode()
    assert case.reference in sent and "Referral sent" in sent
    # The confirmation shows once: the reference is not a key to anything.
    assert client.get("/lado/refer/sent/").status_code == 302
    copy = OutboxMessage.objects.get(purpose="lado.referrer_copy")
    assert copy.to == "dsl@hilltop.example" and case.reference in copy.body and "Chris Assistant" in copy.body
    alert = OutboxMessage.objects.get(purpose="lado.alert")
    assert alert.to == "lado@luton.example" and case.reference in alert.body
    for private in ("Chris Assistant", "Robin Pupil", "Hilltop", "grabbed"):
        assert private not in alert.body and private not in alert.subject
    assert AuditEvent.objects.filter(action="lado_case.refer", object_id=str(case.pk)).exists()


def test_the_referrer_cannot_open_the_case_afterwards(client, host):
    client.post(URL, answers())
    case = LadoCase.objects.get()
    assert client.get(f"/lado/cases/{case.pk}/")["Location"].startswith("/sign-in/")
    assert client.get("/lado/cases/", {"q": case.reference})["Location"].startswith("/sign-in/")


def test_a_referral_is_kept_when_the_mail_service_is_down(client, host):
    client.post(URL, answers())
    failing = mock.Mock()
    failing.send.side_effect = ConnectionRefusedError("mail server down")
    with mock.patch("safeguard.core.outbox.email_sender", return_value=failing):
        assert outbox_deliver_due() == 0
    assert LadoCase.objects.count() == 1
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"pending"}
    assert "mail server down" in OutboxMessage.objects.first().last_error


def test_missing_facts_are_explained_field_by_field_and_nothing_typed_is_lost(client, host):
    response = client.post(
        URL,
        answers(referrer_name="", person_role="", category=None, restraint_involved=None, child_1_name="", sector=""),
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for message in (
        "Enter your name",
        "Enter the person's role, for example teaching assistant",
        "Select the kind of allegation",
        "Select whether restraint was involved",
        "Select the sector the person works in",
        "Enter the name of at least one child, or describe them (for example, Year 4 pupils)",
    ):
        assert message in page
    assert "There is a problem" in page
    only_a_date = answers(child_1_name="", child_2_name="Sky Pupil", child_1_date_of_birth_0="3")
    assert "Enter child 1's name, or remove their date of birth" in html.unescape(
        client.post(URL, only_a_date).content.decode()
    )
    assert "A pupil said the teaching assistant grabbed her arm hard in the corridor." in page
    assert 'value="dsl@hilltop.example"' in page
    assert LadoCase.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_a_date_in_the_future_is_refused(client, host):
    year = str(timezone.localdate().year + 1)
    page = html.unescape(client.post(URL, answers(happened_on_2=year, child_1_date_of_birth_2=year)).content.decode())
    assert "The date it happened must be today or in the past" in page
    assert "Child 1's date of birth must be in the past" in page
    assert LadoCase.objects.count() == 0


def test_an_impossible_date_is_named(client, host):
    page = html.unescape(client.post(URL, answers(happened_on_0="31", happened_on_1="2")).content.decode())
    assert "The date it happened must be a real date" in page


def test_too_long_an_answer_is_refused_by_name(client, host):
    page = html.unescape(client.post(URL, answers(what_happened="x" * 10001)).content.decode())
    assert "What happened must be 10,000 characters or fewer" in page
    assert LadoCase.objects.count() == 0


def test_binary_content_is_refused_with_a_clear_message(client, host):
    page = html.unescape(client.post(URL, answers(where_it_happened="PK\x03\x04\x00\x00binary")).content.decode())
    assert "Where it happened contains characters that are not text" in page
    page = html.unescape(client.post(URL, answers(person_name="Chris\x00")).content.decode())
    assert "The name contains characters that are not text" in page
    assert LadoCase.objects.count() == 0


def test_a_very_large_submission_is_refused_before_it_is_read(client, host):
    response = client.post(URL, answers(what_happened="x" * 300_000))
    assert response.status_code == 413
    assert "Your referral is too long" in response.content.decode()
    assert LadoCase.objects.count() == 0


def test_a_bot_filling_the_honeypot_sees_the_confirmation_and_nothing_is_stored_or_sent(client, host):
    response = client.post(URL, {"website": "http://spam.example", "what_happened": "Buy now"})
    assert response["Location"] == "/lado/refer/sent/"
    page = client.get("/lado/refer/sent/").content.decode()
    assert "Referral sent" in page and "LADO-" not in page
    assert LadoCase.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_a_complete_referral_with_the_honeypot_filled_is_kept_and_flagged_not_emailed(client, sign_in, host, lado):
    # A browser's autofill may fill the hidden field for a real person: their referral is never lost.
    response = client.post(URL, answers(website="autofilled"))
    assert response["Location"] == "/lado/refer/sent/"
    case = LadoCase.objects.get()
    assert case.suspected_automated and case.reference in client.get("/lado/refer/sent/").content.decode()
    assert OutboxMessage.objects.count() == 0  # no mail to an address a bot may have chosen
    sign_in(lado)
    assert "Possibly automated" in client.get("/lado/cases/").content.decode()
    assert "hidden anti-spam field" in client.get(f"/lado/cases/{case.pk}/").content.decode()


def test_too_many_referrals_from_one_address_are_refused_with_the_phone_number(client, host, settings):
    settings.LADO_REFERRAL_RATE = (2, 20, 600)
    for _ in range(2):
        assert client.post(URL, answers()).status_code == 302
    response = client.post(URL, answers())
    assert response.status_code == 429
    page = html.unescape(response.content.decode())
    assert "Too many referrals from your connection" in page and "01582 548069" in page
    assert "Try again in" in page and int(response["Retry-After"]) <= 600
    # What was typed is still there, ready to send once the wait is over.
    assert 'value="Chris Assistant"' in page and "grabbed her arm hard in the corridor" in page
    assert LadoCase.objects.count() == 2
    # Another address is not held back.
    assert client.post(URL, answers(), REMOTE_ADDR="192.0.2.7").status_code == 302


def test_repeated_failed_attempts_are_limited_too(client, host, settings):
    settings.LADO_REFERRAL_RATE = (5, 3, 600)
    for _ in range(3):
        assert client.post(URL, answers(referrer_name="")).status_code == 200
    assert client.post(URL, answers()).status_code == 429


def test_the_clock_a_friday_before_a_bank_holiday_monday_is_due_on_tuesday():
    # 25 May 2026 is the spring bank holiday.
    friday = datetime(2026, 5, 22, 15, 30, tzinfo=LONDON)
    assert timezone.localtime(initial_consideration_due(friday)) == datetime(2026, 5, 26, 17, 0, tzinfo=LONDON)
    monday_morning = datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)
    assert timezone.localtime(initial_consideration_due(monday_morning)).date().isoformat() == "2026-06-02"


def test_a_referral_sent_on_that_friday_shows_due_tuesday_on_the_queue(client, host, sign_in, lado):
    with time_machine.travel(datetime(2026, 5, 22, 15, 30, tzinfo=LONDON), tick=False):
        client.post(URL, answers())
        sign_in(lado)
        page = client.get("/lado/cases/").content.decode()
    assert "Due by 5:00pm on Tuesday 26 May 2026" in page
    with time_machine.travel(datetime(2026, 5, 27, 9, 0, tzinfo=LONDON), tick=False):
        sign_in(lado)
        assert "Overdue: was due 26 May 2026 at 5:00pm" in client.get("/lado/cases/").content.decode()
        assert "1 overdue" in client.get("/").content.decode()
