"""Who publishes, and the audit of every publish.

Wagtail publishes from its admin, from a moderation workflow's last step, from `publish_scheduled`
and from our services; its `page_published`/`page_unpublished` signals are where all of these meet,
so the audit event is written there, in the publish's transaction. The signal does not say who acted:
`publishing_as` names the actor (the /cms/ gate names the signed-in editor for the request; a service
names its actor), then the revision's author; a scheduled publish with neither is the timed rule.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from safeguard.core.audit import SystemActor, audit_event_record

from .selectors import host_home_of_page

SCHEDULED_PUBLISHING = SystemActor("Safeguard (scheduled publishing)")


@dataclass(frozen=True)
class Publishing:
    actor: object
    # When the published version comes into force (now, unless a loader records history).
    in_force_from: datetime | None = None


_publishing: ContextVar[Publishing | None] = ContextVar("safeguard_content_publishing", default=None)


@contextmanager
def publishing_as(actor, *, in_force_from: datetime | None = None) -> Iterator[None]:
    token = _publishing.set(Publishing(actor=actor, in_force_from=in_force_from))
    try:
        yield
    finally:
        _publishing.reset(token)


def publishing_actor(revision=None):
    current = _publishing.get()
    if current is not None:
        return current.actor
    if revision is not None and revision.user_id:
        return revision.user
    return SCHEDULED_PUBLISHING


def publishing_in_force_from() -> datetime:
    current = _publishing.get()
    return (current.in_force_from if current is not None else None) or timezone.now()


def page_published_audit(sender, instance, revision=None, **kwargs) -> None:
    home = host_home_of_page(instance)
    audit_event_record(
        actor=publishing_actor(revision),
        action="content.page_publish",
        target=instance,
        host_council=home.host_council if home else None,
        changes={"title": instance.title, "revision": revision.pk if revision else None, "url_path": instance.url_path},
    )


def page_unpublished_audit(sender, instance, **kwargs) -> None:
    home = host_home_of_page(instance)
    audit_event_record(
        actor=publishing_actor(),
        action="content.page_unpublish",
        target=instance,
        host_council=home.host_council if home else None,
        changes={"title": instance.title, "url_path": instance.url_path},
    )
