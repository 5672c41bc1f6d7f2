"""The child's missing records under the schedule, on a frozen clock: an episode (with its sightings)
and its return home interview fall due by the council's rule from the return; the missing profile
(with its earlier wordings) and the risk plans (with their documents) once the child's last placement
here has ended and the period has run out. Disposal leaves tombstones and no personal data or file;
a hold on the child or on a class stops it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from safeguard.core.audit import audit_chain_verify
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent
from safeguard.missing.models import (
    MissingEpisode,
    MissingProfile,
    MissingProfileVersion,
    MissingRiskAssessment,
    MissingSighting,
    ReturnHomeInterview,
)
from safeguard.records import disposal, services
from safeguard.records.models import ReviewItem, Tombstone
from safeguard.records.schedule import RecordClass
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
PRIVATE = ["Ava", "Placed", "Jay Stranger", "Luton bus station", "red coat", "asthma", "plan.pdf"]


def at(day: date, hour: int = 9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON), tick=False)


def moment(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


@pytest.fixture
def missing_records(host, placing_council, sqa_officer):
    """Ava Placed, placed in Luton from January 2024: missing on 1 March 2024, back on 2 March (a police
    sighting, a return home interview held), with a missing profile saved twice and a risk plan with
    its document."""
    with at(date(2024, 1, 15)):
        child = ChildFactory(
            host_council=host,
            placing_authority=placing_council,
            first_name="Ava",
            last_name="Placed",
            date_of_birth=date(2008, 5, 10),
        )
        placement = PlacementFactory(child=child, start_date=date(2024, 1, 15))
        profile = MissingProfile.objects.create(child=child, usual_clothing="A red coat", medical_needs="asthma")
        MissingProfileVersion.objects.create(
            profile=profile, content={"associates": "Jay Stranger"}, saved_at=moment(date(2024, 1, 15))
        )
        plan = MissingRiskAssessment(child=child, risk_factors="Meets Jay Stranger", review_on=date(2024, 7, 1))
        plan.document.save("plan.pdf", ContentFile(b"%PDF-1.4 Ava Placed"), save=False)
        plan.document_name = "plan.pdf"
        plan.save()
    with at(date(2024, 3, 1)):
        episode = MissingEpisode.objects.create(
            child=child,
            kind="M",
            last_seen_at=moment(date(2024, 3, 1), 8),
            last_seen_where="Luton bus station",
            clothing="red coat",
            returned_at=moment(date(2024, 3, 2), 8),
            with_whom="Jay Stranger",
        )
        MissingSighting.objects.create(
            episode=episode,
            seen_at=moment(date(2024, 3, 1), 12),
            seen_where="Luton bus station",
            seen_by="PC Smith",
            recorded_by=sqa_officer,
        )
        ReturnHomeInterview.objects.create(
            episode=episode,
            due_at=moment(date(2024, 3, 5)),
            outcome="done",
            held_at=moment(date(2024, 3, 4)),
            interviewer="Kim Independent",
            learned="She was with Jay Stranger",
        )
    return child, placement, episode, plan


def set_rule(host, host_admin, record_class, months, runs_from):
    services.retention_rule_set(
        actor=host_admin,
        host_council=host,
        record_class=record_class,
        details=services.RuleDetails(months, runs_from, False, "review", 30, "Our decision, 2024"),
    )


def dispose_all(actor, record_classes, capture):
    for item in ReviewItem.objects.filter(record_class__in=record_classes, status="due"):
        with capture(execute=True):
            disposal.review_item_dispose(actor=actor, item=item, confirmed=True)


def test_a_childs_missing_records_walk_from_return_and_placement_end_to_disposal(
    missing_records, host, host_admin, sqa_officer, django_capture_on_commit_callbacks
):
    child, placement, episode, plan = missing_records
    ref = f"SG{child.pk}"
    document = plan.document.name
    assert default_storage.exists(document)
    set_rule(host, host_admin, RecordClass.MISSING_EPISODE, 12, "closure")  # a year from the return
    set_rule(host, host_admin, RecordClass.RETURN_HOME_INTERVIEW, 12, "closure")
    set_rule(host, host_admin, RecordClass.MISSING_PROFILE, 12, "placement_end")
    set_rule(host, host_admin, RecordClass.RISK_PLAN, 12, "placement_end")
    with at(date(2025, 1, 31)):
        placement.end_date = date(2025, 1, 31)
        placement.save(update_fields=["end_date"])
    with at(date(2025, 3, 1)):
        assert disposal.records_review_sweep()["listed"] == 0  # a year from the return is tomorrow
    with at(date(2025, 3, 2)):
        assert disposal.records_review_sweep()["listed"] == 2
        assert sorted(ReviewItem.objects.values_list("reference", "outcome_category", "due_on")) == [
            (f"Missing episode of {ref} from 1 March 2024", "M", date(2025, 3, 2)),
            (f"Return home interview of {ref} after the return on 2 March 2024", "done", date(2025, 3, 2)),
        ]
        dispose_all(
            sqa_officer,
            [RecordClass.MISSING_EPISODE, RecordClass.RETURN_HOME_INTERVIEW],
            django_capture_on_commit_callbacks,
        )
    assert not MissingEpisode.objects.exists()
    assert not MissingSighting.objects.exists() and not ReturnHomeInterview.objects.exists()
    assert MissingProfile.objects.exists()  # the profile goes by its own rule, from the placement end
    with at(date(2026, 1, 30)):
        assert disposal.records_review_sweep()["listed"] == 0
    with at(date(2026, 1, 31)):
        assert disposal.records_review_sweep()["listed"] == 2
        dispose_all(
            sqa_officer, [RecordClass.MISSING_PROFILE, RecordClass.RISK_PLAN], django_capture_on_commit_callbacks
        )
    assert not MissingProfile.objects.exists() and not MissingProfileVersion.objects.exists()
    assert not MissingRiskAssessment.objects.exists()
    assert not default_storage.exists(document)
    assert sorted(Tombstone.objects.values_list("record_class", "reference", "child_reference", "how")) == [
        ("missing_episode", f"Missing episode of {ref} from 1 March 2024", ref, "confirmed"),
        ("missing_profile", f"Missing profile of {ref}", ref, "confirmed"),
        ("return_home_interview", f"Return home interview of {ref} after the return on 2 March 2024", ref, "confirmed"),
        ("risk_plan", f"Risk plan of {ref} written 15 January 2024", ref, "confirmed"),
    ]
    words = [str(list(ReviewItem.objects.values())), str(list(Tombstone.objects.values()))]
    words += [str(e.changes) for e in AuditEvent.objects.filter(action__startswith="records.")]
    assert not any(private in text for private in PRIVATE for text in words)
    assert AuditEvent.objects.filter(action="records.dispose").count() == 4
    assert audit_chain_verify().intact


def test_an_episode_follows_the_classs_configured_start(missing_records):
    # The shipped default: 25 years from the date of birth (10 May 2008), whatever the return.
    assert disposal.records_review_sweep(today=date(2033, 5, 9))["listed"] == 0
    disposal.records_review_sweep(today=date(2033, 5, 10))
    assert ReviewItem.objects.get(record_class=RecordClass.MISSING_EPISODE).due_on == date(2033, 5, 10)


def test_a_hold_on_the_child_or_the_class_stops_the_disposal_of_missing_records(
    missing_records, host, host_admin, sqa_officer
):
    child, placement, _episode, _plan = missing_records
    placement.end_date = date(2024, 6, 30)
    placement.save(update_fields=["end_date"])
    for record_class in (RecordClass.MISSING_EPISODE, RecordClass.MISSING_PROFILE, RecordClass.RISK_PLAN):
        set_rule(host, host_admin, record_class, 6, "closure" if record_class == "missing_episode" else "placement_end")
    hold = services.legal_hold_place(
        actor=host_admin,
        host_council=host,
        details=services.HoldDetails("Review of Ava", "A practice review", "The partnership", [], [f"SG{child.pk}"]),
    )
    assert disposal.records_review_sweep(today=date(2025, 3, 1))["listed"] == 0
    services.legal_hold_lift(actor=host_admin, hold=hold, reason="Review published")
    assert disposal.records_review_sweep(today=date(2025, 3, 1))["listed"] == 3
    services.legal_hold_place(
        actor=host_admin,
        host_council=host,
        details=services.HoldDetails("IICSA", "Inquiry", "The inquiry", [RecordClass.MISSING_EPISODE], []),
    )
    item = ReviewItem.objects.get(record_class=RecordClass.MISSING_EPISODE)
    with pytest.raises(ServiceRefusal) as refusal:
        disposal.review_item_dispose(actor=sqa_officer, item=item, confirmed=True)
    assert "under a legal hold (IICSA)" in refusal.value.errors["__all__"]
    assert MissingEpisode.objects.exists() and ReturnHomeInterview.objects.exists()
