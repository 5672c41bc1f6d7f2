"""The signed links a person who booked uses instead of an account (docs/adr/0027), and the addresses
the e-mails give."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from wagtail.models import Site

from safeguard.content.models import HostHomePage

SALT = "safeguard.learning.booking"
# A booking's link works for as long as anyone could need it: through the event, its evaluation and the
# certificate a year later. It can do nothing but manage that one booking.
MAX_AGE_SECONDS = 60 * 60 * 24 * 400


class LinkInvalid(Exception):
    pass


class LinkExpired(LinkInvalid):
    pass


def booking_token(booking) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(booking.pk))


def booking_id_for_token(token: str) -> str:
    try:
        return signing.TimestampSigner(salt=SALT).unsign(token, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc


def site_url(host) -> str:
    """The address the e-mails' links start with: SAFEGUARD_BASE_URL for the default host's site (which
    answers any name), the host's own site otherwise."""
    home = HostHomePage.objects.filter(host_council=host).first()
    site = Site.objects.filter(root_page=home).first() if home is not None else None
    if site is None or site.is_default_site:
        return settings.SAFEGUARD_BASE_URL.rstrip("/")
    return site.root_url.rstrip("/")


def booking_url(booking, name: str = "learning:booking") -> str:
    return f"{site_url(booking.event.host)}{reverse(name, kwargs={'token': booking_token(booking)})}"


def event_url(event) -> str:
    return f"{site_url(event.host)}{reverse('learning:event', kwargs={'pk': event.pk})}"
