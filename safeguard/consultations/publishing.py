"""Publishing a consultation, from /cms/ or a service, is audited (the content foundation's way, as for the
learning events: Wagtail's `published`/`unpublished` signals, the actor named by the request's gate or the
revision's author)."""

from safeguard.content.publishing import publishing_actor

from .models import Consultation
from .services import consultation_edit_audit


def consultation_published_audit(sender, instance, revision=None, **kwargs) -> None:
    if isinstance(instance, Consultation):
        consultation_edit_audit(
            actor=publishing_actor(revision), consultation=instance, action="consultations.consultation_publish"
        )


def consultation_unpublished_audit(sender, instance, **kwargs) -> None:
    if isinstance(instance, Consultation):
        consultation_edit_audit(
            actor=publishing_actor(), consultation=instance, action="consultations.consultation_unpublish"
        )
