"""Published learning events for tests."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from safeguard.content.publishing import publishing_as
from safeguard.learning.models import Competency, Event, EventKind

from .conftest import TEST_ACTOR


def event_make(host, *, days: float = 20, capacity: int = 10, live: bool = True, **fields) -> Event:
    starts = fields.pop("starts_at", timezone.now() + timedelta(days=days))
    values = {
        "title": "Neglect: recognising it early",
        "kind": EventKind.COURSE,
        "summary": "What neglect looks like, and what to do.",
        "description": "A morning on neglect.",
        "venue": "Luton Town Hall\nGeorge Street\nLuton LU1 2BQ",
        "audience": "Practitioners in every agency",
        "charge": Decimal("0"),
    }
    event = Event(
        host=host,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        capacity=capacity,
        live=False,
        **(values | fields),
    )
    event.save()
    competency, _ = Competency.objects.get_or_create(
        host=host, code="recognise", defaults={"name": "Recognising abuse and neglect"}
    )
    event.competencies.set([competency])
    event.save()
    if live:
        with publishing_as(TEST_ACTOR):
            event.save_revision(log_action=False).publish(log_action=False)
    return event
