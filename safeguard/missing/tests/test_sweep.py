"""The periodic rules: R&A told after N hours away; overdue return-home interviews escalated."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from safeguard.core.models import AuditEvent, OutboxMessage
from safeguard.missing.models import MissingEpisode, ReturnHomeInterview
from safeguard.missing.services import missing_episode_report, missing_sweep


def _ra_email(world):
    return world.child.host_council.teams.get(kind="referral_assessment").email


def test_ra_is_told_once_when_a_child_has_been_away_longer_than_the_limit(settings, carer, world):
    settings.MISSING_TELL_RA_AFTER_HOURS = 24
    episode = world.missing_child.missing_episodes.get()  # last seen 3 hours ago, no grade
    now = timezone.now()
    assert missing_sweep(now=now)["told_ra"] == 0
    assert not OutboxMessage.objects.filter(purpose="missing.tell_ra_after_hours").exists()
    later = now + timedelta(hours=22)
    assert missing_sweep(now=later)["told_ra"] == 1
    message = OutboxMessage.objects.get(purpose="missing.tell_ra_after_hours")
    assert message.to == _ra_email(world)
    assert "Milo" not in message.body and "Missing" not in message.body.split(" by ")[0]  # no names by e-mail
    assert missing_sweep(now=later + timedelta(hours=1))["told_ra"] == 0
    episode.refresh_from_db()
    assert episode.ra_told_at == later
    assert AuditEvent.objects.filter(action="missing.tell_ra", object_id=str(episode.pk)).exists()


def test_a_high_grade_tells_ra_at_once_and_not_again_after_the_limit(settings, carer, world):
    settings.MISSING_TELL_RA_AFTER_HOURS = 1
    episode = missing_episode_report(
        actor=carer, child=world.child, kind="M", last_seen_at=timezone.now() - timedelta(hours=2), risk_grade="High"
    )
    assert episode.ra_told_at is not None
    assert OutboxMessage.objects.filter(purpose="missing.tell", to=_ra_email(world)).count() == 1
    # Both children are now past the limit: only Milo (no grade) is told about by the sweep.
    assert missing_sweep(now=timezone.now() + timedelta(hours=5))["told_ra"] == 1
    assert OutboxMessage.objects.filter(purpose="missing.tell_ra_after_hours").count() == 1


def test_an_overdue_return_home_interview_is_escalated_once(world):
    world.child.social_worker_email = "sw@herts.example"
    world.child.save()
    interview = world.return_interview  # due 70 hours from now
    assert missing_sweep(now=timezone.now())["interviews_escalated"] == 0
    after_deadline = interview.due_at + timedelta(minutes=1)
    assert missing_sweep(now=after_deadline)["interviews_escalated"] == 1
    assert set(OutboxMessage.objects.filter(purpose="return_interview.overdue").values_list("to", flat=True)) == {
        _ra_email(world),
        "sw@herts.example",
    }
    assert missing_sweep(now=after_deadline + timedelta(hours=1))["interviews_escalated"] == 0
    interview.refresh_from_db()
    assert interview.escalated_at == after_deadline


def test_a_recorded_interview_is_never_escalated(world):
    ReturnHomeInterview.objects.filter(pk=world.return_interview.pk).update(
        outcome=ReturnHomeInterview.Outcome.DECLINED, held_at=timezone.now()
    )
    assert missing_sweep(now=timezone.now() + timedelta(days=5))["interviews_escalated"] == 0


def test_the_embedded_worker_runs_the_periodic_rules(settings, world):
    settings.MISSING_TELL_RA_AFTER_HOURS = 1
    MissingEpisode.objects.filter(child=world.missing_child).update(last_seen_at=timezone.now() - timedelta(hours=5))
    errors = io.StringIO()
    call_command("outbox_worker", "--once", stderr=errors, stdout=io.StringIO())
    assert errors.getvalue() == ""  # every scheduled rule ran
    assert OutboxMessage.objects.filter(purpose="missing.tell_ra_after_hours").count() == 1
