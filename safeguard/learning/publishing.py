"""Publishing an event, from /cms/ or a service, is audited (the content foundation's way: Wagtail's
`published`/`unpublished` signals, the actor named by the request's gate or the revision's author)."""

from safeguard.content.publishing import publishing_actor

from .models import Event
from .services import event_edit_audit


def event_published_audit(sender, instance, revision=None, **kwargs) -> None:
    if isinstance(instance, Event):
        event_edit_audit(actor=publishing_actor(revision), event=instance, action="learning.event_publish")


def event_unpublished_audit(sender, instance, **kwargs) -> None:
    if isinstance(instance, Event):
        event_edit_audit(actor=publishing_actor(), event=instance, action="learning.event_unpublish")
