"""Notifications and the register entry under the schedule, on a frozen clock: a notification (with
its original e-mail and attachment) falls due by the council's rule from receipt and its disposal
removes its files and work; the child's register entry goes last, only once nothing else of theirs is
kept, and the count of notifications received stays whole through the tombstones. A hold on the
child stops it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.storage import default_storage

from safeguard.core.audit import audit_chain_verify
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent
from safeguard.notifications.metrics import notification_metrics
from safeguard.notifications.models import Notification, NotificationAttachment, WorkItem
from safeguard.notifications.services import IncomingAttachment, notification_receive
from safeguard.notifications.tests.payloads import start_payload
from safeguard.records import disposal, services
from safeguard.records.models import ReviewItem, Tombstone
from safeguard.records.schedule import RecordClass
from safeguard.register.models import Child, LegalStatusRecord, Placement

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
PRIVATE = ["Nia", "Notified", "Brown family", "High Street", "care-plan"]


def at(day: date, hour: int = 9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON), tick=False)


def received_count() -> int:
    (family,) = notification_metrics()
    return sum(sample.value for sample in family.samples if sample.name.endswith("_total"))


@pytest.fixture
def notified_child(host, placing_social_worker):
    """Nia Notified, notified by e-mail on 10 January 2024 (the e-mail kept, a care plan attached),
    placed in Luton from 15 January 2024 to 30 June 2024."""
    with at(date(2024, 1, 10)):
        notification, _teams = notification_receive(
            actor=placing_social_worker,
            channel=Notification.Channel.EMAIL,
            payload=start_payload(date(2024, 1, 15), child__first_name="Nia", child__last_name="Notified"),
            sender_email="sam.jones@herts.example",
            original_message=b"From: sam.jones@herts.example\r\nSubject: Nia Notified\r\n\r\nNia Notified is placed",
            attachments=[IncomingAttachment("care-plan.pdf", "application/pdf", b"%PDF-1.4 Nia Notified")],
        )
    assert notification.status == "registered"
    child = notification.child
    with at(date(2024, 6, 30)):
        Placement.objects.filter(child=child).update(end_date=date(2024, 6, 30))
    return child, notification


def set_rule(host, host_admin, record_class, months, runs_from):
    services.retention_rule_set(
        actor=host_admin,
        host_council=host,
        record_class=record_class,
        details=services.RuleDetails(months, runs_from, False, "review", 30, "Our decision, 2024"),
    )


def test_a_notification_then_the_register_entry_walk_to_disposal_and_the_figures_stay_whole(
    notified_child, host, host_admin, sqa_officer, django_capture_on_commit_callbacks
):
    child, notification = notified_child
    ref = f"SG{child.pk}"
    files = [notification.original_message.name] + [a.file.name for a in notification.attachments.all()]
    assert len(files) == 2 and all(default_storage.exists(name) for name in files)
    assert WorkItem.objects.filter(notification=notification).exists()
    count = received_count()
    set_rule(host, host_admin, RecordClass.NOTIFICATION, 12, "creation")  # a year from receipt
    set_rule(host, host_admin, RecordClass.REGISTER_ENTRY, 6, "placement_end")
    with at(date(2025, 1, 9)):
        # The register entry's date (30 December 2024) has come, but its notification is still kept.
        assert disposal.records_review_sweep()["listed"] == 0
    with at(date(2025, 1, 10)):
        assert disposal.records_review_sweep()["listed"] == 1
        item = ReviewItem.objects.get()
        assert (item.reference, item.outcome_category) == (
            f"Notification {notification.reference} about {ref}",
            "email/placement_start",
        )
        with django_capture_on_commit_callbacks(execute=True):
            disposal.review_item_dispose(actor=sqa_officer, item=item, confirmed=True)
    assert not Notification.objects.exists() and not NotificationAttachment.objects.exists()
    assert not WorkItem.objects.exists()
    assert not any(default_storage.exists(name) for name in files)
    assert Child.objects.filter(pk=child.pk).exists()  # its own rule, and it goes last
    assert received_count() == count
    with at(date(2025, 1, 11)):
        assert disposal.records_review_sweep()["listed"] == 1
        item = ReviewItem.objects.get(record_class=RecordClass.REGISTER_ENTRY)
        assert (item.reference, item.due_on, item.outcome_category) == (
            f"Register entry {ref}",
            date(2024, 12, 30),
            "919",
        )
        disposal.review_item_dispose(actor=sqa_officer, item=item, confirmed=True)
    assert not Child.objects.exists() and not Placement.objects.exists() and not LegalStatusRecord.objects.exists()
    assert received_count() == count
    assert sorted(Tombstone.objects.values_list("record_class", "child_reference", "outcome_category")) == [
        ("notification", ref, "email/placement_start"),
        ("register_entry", ref, "919"),
    ]
    words = [str(list(ReviewItem.objects.values())), str(list(Tombstone.objects.values()))]
    words += [str(e.changes) for e in AuditEvent.objects.filter(action__startswith="records.")]
    assert not any(private in text for private in PRIVATE for text in words)
    assert audit_chain_verify().intact


def test_a_hold_on_the_child_keeps_the_register_entry_and_its_notification(
    notified_child, host, host_admin, sqa_officer
):
    child, _notification = notified_child
    set_rule(host, host_admin, RecordClass.NOTIFICATION, 12, "creation")
    set_rule(host, host_admin, RecordClass.REGISTER_ENTRY, 6, "placement_end")
    hold = services.legal_hold_place(
        actor=host_admin,
        host_council=host,
        details=services.HoldDetails("Smith v Council", "A claim", "Solicitors", [], [f"SG{child.pk}"]),
    )
    assert disposal.records_review_sweep(today=date(2025, 2, 1))["listed"] == 0
    services.legal_hold_lift(actor=host_admin, hold=hold, reason="Settled")
    assert disposal.records_review_sweep(today=date(2025, 2, 1))["listed"] == 1  # the notification
    services.legal_hold_place(
        actor=host_admin,
        host_council=host,
        details=services.HoldDetails("IICSA", "Inquiry", "The inquiry", [], [f"SG{child.pk}"]),
    )
    with pytest.raises(ServiceRefusal) as refusal:
        disposal.review_item_dispose(actor=sqa_officer, item=ReviewItem.objects.get(), confirmed=True)
    assert "under a legal hold (IICSA)" in refusal.value.errors["__all__"]
    assert Notification.objects.exists() and Child.objects.exists()
