"""Wagtail's publish and unpublish of a chapter, handed to the services that record its version."""

from safeguard.content.publishing import publishing_actor, publishing_in_force_from

from .services import chapter_removal_record, chapter_version_record


def chapter_published(sender, instance, revision=None, **kwargs) -> None:
    chapter_version_record(
        actor=publishing_actor(revision), chapter=instance, revision=revision, in_force_from=publishing_in_force_from()
    )


def chapter_unpublished(sender, instance, **kwargs) -> None:
    chapter_removal_record(actor=publishing_actor(), chapter=instance, in_force_from=publishing_in_force_from())
