import html
from datetime import timedelta

import time_machine
from django.utils import timezone

from safeguard.core.models import OutboxMessage
from safeguard.core.tests.forms import moment_fields
from safeguard.missing.models import ReturnHomeInterview


def record(client, interview, **data):
    fields = {
        "outcome": "done",
        **moment_fields("held_at", timezone.now()),
        "interviewer": "Jo Advocate",
        "interviewer_organisation": "Independent advocacy service",
        "independent": "on",
        "learned": "Went to a friend's house after an argument",
    }
    fields.update(data)
    return client.post(f"/missing/return-interviews/{interview.pk}/", fields)


def test_a_return_makes_an_interview_due_in_72_hours(world):
    interview = world.return_interview
    assert interview.due_at == interview.episode.returned_at + timedelta(hours=72)


def test_the_queue_shows_the_clock_and_overdue(client, sign_in, sqa_officer, world):
    sign_in(sqa_officer)
    page = client.get("/missing/return-interviews/").content.decode()
    assert "Ava Placed" in page and "70 hours left" in page
    with time_machine.travel(timezone.now() + timedelta(hours=80)):
        sign_in(sqa_officer)
        assert "Overdue by 10 hours" in client.get("/missing/return-interviews/").content.decode()


def test_recording_the_interview_and_sharing_it(client, sign_in, ra_social_worker, world):
    world.child.social_worker_email = "sw@herts.example"
    world.child.save()
    sign_in(ra_social_worker)
    assert record(client, world.return_interview, shared_with_placing_council="on").status_code == 302
    interview = ReturnHomeInterview.objects.get(pk=world.return_interview.pk)
    assert interview.outcome == "done" and interview.on_time is True and interview.interviewer == "Jo Advocate"
    assert OutboxMessage.objects.filter(purpose="return_interview.share", to="sw@herts.example").exists()
    assert (
        "In the last 12 months, 100% of recorded interviews were on time"
        in client.get("/missing/return-interviews/").content.decode()
    )


def test_the_interviewer_must_be_independent_and_the_time_real(client, sign_in, sqa_officer, world):
    sign_in(sqa_officer)
    before = moment_fields("held_at", world.return_interview.episode.returned_at - timedelta(hours=1))
    page = html.unescape(
        record(client, world.return_interview, independent="", interviewer="", **before).content.decode()
    )
    assert "The interview must be by someone independent of the placement" in page
    assert "Enter who held or offered the interview" in page
    assert "The interview must be after the child returned" in page
    assert ReturnHomeInterview.objects.get(pk=world.return_interview.pk).outcome == "due"
