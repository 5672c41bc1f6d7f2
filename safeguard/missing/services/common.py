"""What the missing-from-care services share: the refusal, and who is told (no details by e-mail)."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.models import Team
from safeguard.core.errors import ServiceRefusal
from safeguard.core.outbox import outbox_email_enqueue
from safeguard.reference.selectors import team_email

from ..models import MissingEpisode


class EpisodeInvalid(ServiceRefusal):
    """Field-by-field problems with a report or a return; nothing was saved."""


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d %B %Y at %H:%M}"


def child_link(child) -> str:
    """The child's page, for an e-mail that links to the record instead of describing it."""
    return f"{settings.SAFEGUARD_BASE_URL}{reverse('home:child_detail', args=[child.pk])}"


def _ra_email(host_council) -> str:
    return team_email(host_council, Team.Kind.REFERRAL_ASSESSMENT)


def _tell(episode: MissingEpisode, subject: str, body: str) -> None:
    """The placing social worker and the IRO; R&A when the risk grade calls for it. No details by e-mail."""
    child = episode.child
    recipients = [child.social_worker_email, child.iro_email]
    if episode.risk_grade_shown in settings.MISSING_TELL_RA_GRADES and episode.ra_told_at is None:
        recipients.append(_ra_email(child.host_council))
        episode.ra_told_at = timezone.now()
        episode.save(update_fields=["ra_told_at"])
    for address in dict.fromkeys(r for r in recipients if r):
        outbox_email_enqueue(
            to=address, subject=subject, body=body, purpose="missing.tell", host_council=child.host_council
        )
