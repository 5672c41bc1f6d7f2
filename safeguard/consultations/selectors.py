"""Reads of Register your views and feedback, scoped to one host council.

The public pages answer for the host whose site answers the request; the business unit's pages for the
signed-in partnership editor's own host. Another host's consultation, response or message is "not found",
whoever asks. Reading responses or feedback (names, e-mail addresses, what people wrote) is audited.
"""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Role
from safeguard.content.access import is_editor
from safeguard.content.selectors import host_home_for_request
from safeguard.core.audit import audit_access_record, audit_list_record

from .models import Answer, Consultation, Feedback, Response

# The partnership site's home page takes this slug under the host's content root (ADR 0025); a URL
# name and a slug, not an import of the partnership app, which sits above this one.
PARTNERSHIP_SLUG = "partnership"


def host_for_request(request: HttpRequest) -> HostCouncil | None:
    home = host_home_for_request(request)
    return home.host_council if home is not None else None


def partnership_frame(request: HttpRequest) -> dict:
    """What a partnership page is drawn with (partnership/_layout.html): the site's live home page and its
    sections shown in menus, and the quick exit's address."""
    home = host_home_for_request(request)
    partnership = (
        home.get_children().live().filter(slug=PARTNERSHIP_SLUG).specific().first() if home is not None else None
    )
    return {
        "partnership": partnership,
        "sections": list(partnership.get_children().live().in_menu().specific(defer=True)) if partnership else [],
        "exit_url": settings.PARTNERSHIP_EXIT_URL,
    }


def is_business_unit(user) -> bool:
    """The partnership's business unit: a host council's partnership editor (not a manual editor)."""
    return is_editor(user) and user.role == Role.PARTNERSHIP_EDITOR


# --- the public's reads --------------------------------------------------------------------------------


def consultations_public(host: HostCouncil) -> dict[str, list[Consultation]]:
    """Open consultations (closing soonest first) and closed ones (latest first), none not yet open."""
    today = timezone.localdate()
    visible = Consultation.objects.filter(host_council=host, live=True, opens_on__lte=today)
    return {
        "open": list(visible.filter(closes_on__gte=today).order_by("closes_on", "title")),
        "closed": list(visible.filter(closes_on__lt=today).order_by("-closes_on", "title")),
    }


def consultation_get_public(host: HostCouncil, slug: str) -> Consultation | None:
    """A published consultation that has opened, with its questions; a draft, or one not yet open, is not
    found."""
    return (
        Consultation.objects.filter(host_council=host, slug=slug, live=True, opens_on__lte=timezone.localdate())
        .prefetch_related("questions")
        .first()
    )


# --- the business unit's reads -------------------------------------------------------------------------


def consultations_for_business_unit(user) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(host_council=user.host_council)
        .annotate(response_count=Count("responses"))
        .order_by("-closes_on", "title")
    )


def consultation_get_for(user, pk: int) -> Consultation | None:
    return Consultation.objects.filter(host_council=user.host_council, pk=pk).prefetch_related("questions").first()


RESPONSES_PER_PAGE = 50


def _responses(user, consultation: Consultation) -> QuerySet[Response]:
    return (
        Response.objects.filter(consultation=consultation, consultation__host_council=user.host_council)
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("received_at", "reference")
    )


def _responses_read(user, consultation: Consultation, listing: str) -> None:
    audit_list_record(
        actor=user,
        action="consultations.responses_read",
        object_type="consultations.response",
        host_council=user.host_council,
        listing=f"{consultation.slug}:{listing}",
    )


def responses_for(user, consultation: Consultation, *, listing: str = "csv") -> list[Response]:
    """Every response to one of the user's host's consultations, oldest first, with its answers (the
    CSV keeps them all); the reading is audited (`listing`)."""
    responses = list(_responses(user, consultation))
    _responses_read(user, consultation, listing)
    return responses


def responses_page_for(user, consultation: Consultation, number) -> Page:
    """One page of those responses (RESPONSES_PER_PAGE, oldest first); a page past the end is the last.
    The reading is audited with the page's number."""
    page = Paginator(_responses(user, consultation), RESPONSES_PER_PAGE).get_page(number)
    _responses_read(user, consultation, f"page {page.number}")
    return page


def feedback_for(user, *, status: str = "") -> QuerySet[Feedback]:
    feedback = Feedback.objects.filter(host_council=user.host_council).order_by("-received_at")
    if status in Feedback.Status.values:
        feedback = feedback.filter(status=status)
    return feedback


def feedback_get_for(user, pk) -> Feedback | None:
    """One message to the user's host's business unit; its opening is audited."""
    feedback = Feedback.objects.filter(host_council=user.host_council, pk=pk).select_related("answered_by").first()
    if feedback is not None:
        audit_access_record(
            actor=user, action="consultations.feedback_read", target=feedback, host_council=user.host_council
        )
    return feedback
