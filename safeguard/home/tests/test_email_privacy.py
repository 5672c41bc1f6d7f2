"""E-mails that may leave the council's domain (placing social workers, IROs, other councils) name no
child in full in the subject line (initials and the reference instead) and link to the record instead
of describing it. Every kind of message the code sends (each `purpose` of an `outbox_email_enqueue`
call, found by a scan) is either made here and checked, or listed with the reason it names no child."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from safeguard.core.models import OutboxMessage
from safeguard.education.services import education_sweep
from safeguard.exploitation.services import exploitation_concern_raise
from safeguard.missing.services import (
    missing_episode_report,
    missing_episode_return,
    missing_sweep,
    return_interview_record,
)
from safeguard.notifications.services import work_item_assign, work_items_escalate
from safeguard.register.models import Child

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

# Kinds of message about no child, and why.
ABOUT_NO_CHILD = {
    "accounts.invitation": "to a person about their own account",
    "accounts.authenticator_reset": "to a person about their own account",
    "accounts.password_changed": "to a person about their own account",
    "accounts.password_reset": "to a person about their own account",
    "lado.alert": "to the council's own LADO team; the case's reference only (allegations/tests)",
    "lado.referrer_copy": "the referrer's own words back to them; they cannot sign in (docs/adr/0009)",
    "manual.subscription_confirm": "to a member of the public about their own subscription to the manual",
    "manual.subscription_reminder": "to a member of the public about their own subscription to the manual",
    "manual.release_email": "the manual's public release notes: chapter titles and what changed (ADR 0020)",
    "consultations.feedback_acknowledge": "to a member of the public about their own feedback to the partnership",
    "consultations.feedback_alert": "to the partnership's business unit: a link to the feedback, never its text",
    "consultations.response_copy": "a respondent's own views on a consultation back to them (ADR 0028)",
}

# Messages that must name the child because a duty hands the child over to someone who cannot sign in to
# Safeguard: each is checked in its app's tests, and left out of the rule that a message never names a child.
NAMES_THE_CHILD_BY_DUTY = {
    "cme_escalation": "a child missing education not found: the police and children's social care must know "
    "whom to look for (inclusion/tests; CME statutory guidance, August 2024)",
    "cme_moved_council": "the council a child missing education moved to is told who the child is (inclusion/tests; "
    "CME statutory guidance, August 2024)",
}


# Messages about a child that this test's world does not make: their app's tests check the same rule.
CHECKED_IN_THEIR_APP = {
    "cme_looked_after_alert": "initials and reference only: inclusion/tests/test_services.py",
}


def sent_purposes() -> set[str]:
    purposes = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name == "outbox_email_enqueue":
                    purposes |= {
                        k.value.value for k in node.keywords if k.arg == "purpose" and isinstance(k.value, ast.Constant)
                    }
    return purposes


def _every_kind_of_message(world, sqa_officer, carer, ra_duty_manager, ra_social_worker):
    """The world sends the notification e-mails; a child with a social worker's and an IRO's addresses
    goes missing, comes back, has a concern raised and an interview shared; a manager gives a worker the
    child's work; the timed rules send the rest."""
    child = world.child
    # Of school age (Year 9), so that the education rule may escalate the wait for a school place.
    born = timezone.localdate().replace(day=1) - timedelta(days=14 * 365)
    Child.objects.filter(pk=child.pk).update(
        social_worker_email="sw@herts.example", iro_email="iro@herts.example", date_of_birth=born
    )
    child.refresh_from_db()
    now = timezone.now()
    episode = missing_episode_report(actor=carer, child=child, kind="M", last_seen_at=now - timedelta(hours=3))
    episode = missing_episode_return(actor=carer, episode=episode, returned_at=now - timedelta(hours=1))
    exploitation_concern_raise(
        actor=carer,
        child=child,
        categories=["cce"],
        what_happened="Came back with cash",
        noticed_on=timezone.localdate(),
        police="new",
    )
    return_interview_record(
        actor=sqa_officer,
        interview=world.return_interview,
        outcome="done",
        held_at=world.return_interview.episode.returned_at + timedelta(minutes=5),
        interviewer="Jo Advocate",
        interviewer_organisation="Independent advocacy service",
        independent=True,
        shared_with_placing_council=True,
    )
    work_item_assign(actor=ra_duty_manager, item=world.ra_item, owner=ra_social_worker)
    later = now + timedelta(days=10)
    missing_sweep(now=later)  # the new episode's interview is overdue; Milo has been missing for days
    work_items_escalate(actor=sqa_officer, now=later)
    education_sweep(now=later)  # Ava, placed 40 days before, has no school place recorded


def test_every_kind_of_message_is_checked(world, sqa_officer, carer, ra_duty_manager, ra_social_worker):
    _every_kind_of_message(world, sqa_officer, carer, ra_duty_manager, ra_social_worker)
    made = set(OutboxMessage.objects.values_list("purpose", flat=True))
    unchecked = sent_purposes() - made - set(ABOUT_NO_CHILD) - set(NAMES_THE_CHILD_BY_DUTY) - set(CHECKED_IN_THEIR_APP)
    assert not unchecked, f"Kinds of e-mail neither made by this test nor about no child: {sorted(unchecked)}"


def test_no_message_names_a_child_in_full_and_each_links_to_the_record(
    world, sqa_officer, carer, ra_duty_manager, ra_social_worker
):
    _every_kind_of_message(world, sqa_officer, carer, ra_duty_manager, ra_social_worker)
    names = [(c.first_name, c.last_name) for c in Child.objects.all()]
    messages = OutboxMessage.objects.exclude(purpose__in=ABOUT_NO_CHILD)
    assert messages.count() >= 8
    for message in messages:
        for first, last in names:
            # ("Missing" is a last name in the test world and a word of the messages.)
            assert first not in message.subject and f"{first} {last}" not in message.subject, (
                message.purpose,
                message.subject,
            )
            assert f"{first} {last}" not in message.body, (message.purpose, message.body)
        if message.purpose not in ("notification.acknowledge",):  # the sender's own reference: nothing to open
            assert settings.SAFEGUARD_BASE_URL in message.body, (message.purpose, message.body)


def test_a_missing_child_is_named_by_initials_and_reference(
    world, sqa_officer, carer, ra_duty_manager, ra_social_worker
):
    _every_kind_of_message(world, sqa_officer, carer, ra_duty_manager, ra_social_worker)
    message = OutboxMessage.objects.get(purpose="missing.tell", to="iro@herts.example", subject__contains="missing")
    child = world.child
    assert message.subject == f"A child is missing: A.P. (SG{child.pk})"
    assert f"/children/{child.pk}/" in message.body
