"""Review and disposal, on a frozen clock: a child's photographs after their placement here ends go on
the owner team's review list when the period runs out, and are disposed of on confirmation (or
automatically after the grace period, where the council chose it), leaving a tombstone and no file;
a legal hold stops it; an extension puts the record back on the list when it ends."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from safeguard.core.audit import audit_chain_verify
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent
from safeguard.missing.models import ChildPhotograph
from safeguard.missing.tests.images import jpeg_bytes
from safeguard.records import disposal, services
from safeguard.records.models import ReviewItem, Tombstone
from safeguard.records.schedule import RecordClass
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def placed_child(host, placing_council):
    """Ava Placed, placed in Luton from January 2024, with a face and a full-length photograph."""
    with at(date(2024, 1, 15)):
        child = ChildFactory(host_council=host, placing_authority=placing_council, first_name="Ava", last_name="Placed")
        placement = PlacementFactory(child=child, start_date=date(2024, 1, 15))
        for kind in ("face", "full_length"):
            photo = ChildPhotograph(
                child=child, kind=kind, width=640, height=480, sha256="0" * 64, taken_on=date(2024, 1, 15)
            )
            photo.image.save(f"{kind}.jpg", ContentFile(jpeg_bytes()), save=False)
            photo.thumbnail.save(f"{kind}-thumb.jpg", ContentFile(jpeg_bytes((64, 48))), save=False)
            photo.save()
    return child, placement


def end_placement(placement, day: date) -> None:
    placement.end_date = day
    placement.save(update_fields=["end_date"])


def test_a_childs_photographs_walk_from_placement_end_to_review_to_disposal(
    placed_child, sqa_officer, lado, django_capture_on_commit_callbacks
):
    child, placement = placed_child
    files = [p.image.name for p in child.photographs.all()] + [p.thumbnail.name for p in child.photographs.all()]
    assert all(default_storage.exists(name) for name in files)
    with at(date(2026, 6, 1)):
        assert disposal.records_review_sweep() == {"listed": 0, "disposed": 0, "failed": 0}  # still placed here
        end_placement(placement, date(2026, 6, 30))
    with at(date(2027, 6, 29)):
        assert disposal.records_review_sweep()["listed"] == 0  # a year from placement end is tomorrow
    with at(date(2027, 6, 30)):
        assert disposal.records_review_sweep()["listed"] == 2
        assert disposal.records_review_sweep()["listed"] == 0  # listed once
        items = list(ReviewItem.objects.order_by("id"))
        assert [i.reference for i in items] == [
            f"Face photograph of SG{child.pk}",
            f"Full length photograph of SG{child.pk}",
        ]
        assert {i.owner for i in items} == {"sqa"} and {i.due_on for i in items} == {date(2027, 6, 30)}
        with pytest.raises(ServiceRefusal):  # not the LADO's record
            disposal.review_item_dispose(actor=lado, item=items[0], confirmed=True)
        with pytest.raises(ServiceRefusal) as refusal:
            disposal.review_item_dispose(actor=sqa_officer, item=items[0], confirmed=False)
        assert "confirmed" in refusal.value.errors
        for item in items:
            with django_capture_on_commit_callbacks(execute=True):
                disposal.review_item_dispose(actor=sqa_officer, item=item, confirmed=True)
    assert not ChildPhotograph.objects.exists()
    assert not any(default_storage.exists(name) for name in files)
    tombstones = list(Tombstone.objects.order_by("id"))
    assert [(t.reference, t.due_on, t.how, t.rule) for t in tombstones] == [
        (f"{kind} photograph of SG{child.pk}", date(2027, 6, 30), "confirmed", "1 year from the end of the placement")
        for kind in ("Face", "Full length")
    ]
    records_events = AuditEvent.objects.filter(action__startswith="records.")
    assert records_events.filter(action="records.dispose").count() == 2
    assert not any("Ava" in str(e.changes) or "Placed" in str(e.changes) for e in records_events)
    assert audit_chain_verify().intact


def test_a_legal_hold_keeps_records_off_the_list_and_stops_their_disposal(placed_child, host, host_admin, sqa_officer):
    child, placement = placed_child
    end_placement(placement, date(2025, 1, 31))
    hold = services.legal_hold_place(
        actor=host_admin,
        host_council=host,
        details=services.HoldDetails("Smith v Council", "A claim", "Solicitors", [], [f"SG{child.pk}"]),
    )
    assert disposal.records_review_sweep(today=date(2026, 3, 1))["listed"] == 0
    services.legal_hold_lift(actor=host_admin, hold=hold, reason="Settled")
    assert disposal.records_review_sweep(today=date(2026, 3, 1))["listed"] == 2
    # A hold placed after listing: the record stays listed, and cannot be disposed of.
    services.legal_hold_place(
        actor=host_admin,
        host_council=host,
        details=services.HoldDetails("IICSA", "Inquiry", "The inquiry", [RecordClass.PHOTOGRAPH], []),
    )
    with pytest.raises(ServiceRefusal) as refusal:
        disposal.review_item_dispose(actor=sqa_officer, item=ReviewItem.objects.first(), confirmed=True)
    assert "under a legal hold (IICSA)" in refusal.value.errors["__all__"]
    assert ChildPhotograph.objects.count() == 2


def test_automatic_disposal_after_the_grace_period_where_the_council_chose_it(placed_child, host, host_admin):
    _child, placement = placed_child
    end_placement(placement, date(2025, 1, 31))
    services.retention_rule_set(
        actor=host_admin,
        host_council=host,
        record_class=RecordClass.PHOTOGRAPH,
        details=services.RuleDetails(6, "placement_end", False, "automatic", 14, "Our decision, March 2025"),
    )
    assert disposal.records_review_sweep(today=date(2025, 7, 31)) == {"listed": 2, "disposed": 0, "failed": 0}
    assert set(ReviewItem.objects.values_list("dispose_after", flat=True)) == {date(2025, 8, 14)}
    assert disposal.records_review_sweep(today=date(2025, 8, 13))["disposed"] == 0
    assert disposal.records_review_sweep(today=date(2025, 8, 14))["disposed"] == 2
    assert not ChildPhotograph.objects.exists()
    assert set(Tombstone.objects.values_list("how", "disposed_by_label")) == {("automatic", "Safeguard (a timed rule)")}
    assert audit_chain_verify().intact


def test_an_extension_is_recorded_and_the_record_comes_back_when_it_ends(placed_child, sqa_manager):
    _child, placement = placed_child
    end_placement(placement, date(2025, 1, 31))
    with at(date(2026, 2, 2)):
        disposal.records_review_sweep()
        item = ReviewItem.objects.first()
        with pytest.raises(ServiceRefusal) as refusal:
            disposal.review_item_extend(actor=sqa_manager, item=item, until=date(2026, 1, 1), reason="")
        assert set(refusal.value.errors) == {"until", "reason"}
        disposal.review_item_extend(actor=sqa_manager, item=item, until=date(2026, 8, 1), reason="A complaint is open")
        event = AuditEvent.objects.get(action="records.extend")
        assert event.changes["reason"] == [None, "A complaint is open"]
        with pytest.raises(ServiceRefusal):
            disposal.review_item_dispose(actor=sqa_manager, item=item, confirmed=True)
    disposal.records_review_sweep(today=date(2026, 8, 1))
    item.refresh_from_db()
    assert item.status == "due"


def test_the_review_list_on_the_pages(client, sign_in, placed_child, sqa_officer, lado):
    child, placement = placed_child
    end_placement(placement, date(2025, 1, 31))
    disposal.records_review_sweep()
    sign_in(lado)
    assert "No records of your team are due for review" in client.get("/records/review/").content.decode()
    item = ReviewItem.objects.first()
    assert client.get(f"/records/review/{item.pk}/").status_code == 404
    sign_in(sqa_officer)
    page = client.get("/records/review/").content.decode()
    assert f"Face photograph of SG{child.pk}" in page and "Ava" not in page
    url = f"/records/review/{item.pk}/"
    body = client.post(url, {"action": "dispose"}).content.decode()
    assert "Confirm that the record will be disposed of" in body
    body = client.post(
        url,
        {"action": "extend", "until_0": "1", "until_1": "1", "until_2": "2020", "reason": "Asked by police"},
    ).content.decode()
    assert "must be in the future" in body and "Asked by police" in body
    assert client.post(url, {"action": "dispose", "confirmed": "on"}).status_code == 302
    assert Tombstone.objects.count() == 1
    assert client.get(url).status_code == 404


def test_the_daily_sweep_is_on_the_beat_schedule_that_the_worker_runs(placed_child, settings):
    from config.celery import app

    _child, placement = placed_child
    end_placement(placement, date(2024, 6, 30))
    entry = settings.CELERY_BEAT_SCHEDULE["records-review-sweep"]
    assert entry["schedule"] == 86400.0
    app.loader.import_default_modules()
    assert app.tasks[entry["task"]].apply().get() == {"listed": 2, "disposed": 0, "failed": 0}


def test_a_replaced_photograph_goes_by_its_own_period_while_the_child_is_still_placed(
    placed_child, sqa_officer, django_capture_on_commit_callbacks
):
    child, _placement = placed_child
    old_face = child.photographs.get(kind="face")
    with at(date(2024, 5, 1)):
        new = ChildPhotograph(
            child=child, kind="face", width=640, height=480, sha256="1" * 64, taken_on=date(2024, 5, 1)
        )
        new.image.save("new.jpg", ContentFile(jpeg_bytes()), save=False)
        new.thumbnail.save("new-thumb.jpg", ContentFile(jpeg_bytes((64, 48))), save=False)
        new.save()
    assert disposal.records_review_sweep(today=date(2024, 7, 31))["listed"] == 0
    assert disposal.records_review_sweep(today=date(2024, 8, 1))["listed"] == 1
    item = ReviewItem.objects.get()
    assert (item.reference, item.record_class) == (f"Replaced face photograph of SG{child.pk}", "photograph_replaced")
    with django_capture_on_commit_callbacks(execute=True):
        disposal.review_item_dispose(actor=sqa_officer, item=item, confirmed=True)
    assert not default_storage.exists(old_face.image.name)
    assert set(child.photographs.values_list("kind", "sha256")) == {("face", "1" * 64), ("full_length", "0" * 64)}
