"""Chapters whose review is due: overdue, or due within `DUE_SOON_DAYS`, for a host council's editors."""

from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.content.models import HostHomePage

from .models import ChapterPage

DUE_SOON_DAYS = 30


@dataclass
class ReviewsDue:
    overdue: list[ChapterPage]
    due_soon: list[ChapterPage]
    today: date
    until: date


def reviews_due(host, *, today: date) -> ReviewsDue:
    """The host's chapters in the manual now whose next review date has passed (overdue) or comes within
    30 days (due soon), soonest first. Another council's chapters never appear."""
    until = today + timedelta(days=DUE_SOON_DAYS)
    home = HostHomePage.objects.filter(host_council=host).first() if host is not None else None
    if home is None:
        return ReviewsDue([], [], today, until)
    chapters = list(
        ChapterPage.objects.descendant_of(home)
        .live()
        .filter(next_review__isnull=False, next_review__lte=until)
        .order_by("next_review", "path")
    )
    return ReviewsDue(
        overdue=[c for c in chapters if c.next_review < today],
        due_soon=[c for c in chapters if c.next_review >= today],
        today=today,
        until=until,
    )


@dataclass
class InReview:
    chapter: ChapterPage
    step: str  # the task it waits on ("Review", "Approve"), or "Changes asked for"
    submitted_by: object
    submitted_at: object


def chapters_in_review(host) -> list[InReview]:
    """The host's chapters in their review workflow now (waiting on a step, or sent back for changes)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, WorkflowState

    home = HostHomePage.objects.filter(host_council=host).first() if host is not None else None
    if home is None:
        return []
    chapters = {str(c.pk): c for c in ChapterPage.objects.descendant_of(home)}
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page), object_id__in=list(chapters))
        .select_related("current_task_state__task", "requested_by")
        .order_by("created_at")
    )
    return [
        InReview(
            chapter=chapters[state.object_id],
            step=(
                "Changes asked for"
                if state.status == WorkflowState.STATUS_NEEDS_CHANGES
                else state.current_task_state.task.name
                if state.current_task_state
                else ""
            ),
            submitted_by=state.requested_by,
            submitted_at=state.created_at,
        )
        for state in states
    ]
