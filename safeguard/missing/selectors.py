from django.db.models import QuerySet

from .models import MissingEpisode


def open_episodes() -> QuerySet[MissingEpisode]:
    """Episodes with no return recorded: the child is missing or away now."""
    return MissingEpisode.objects.filter(returned_at__isnull=True)


def open_episodes_for_children(children) -> QuerySet[MissingEpisode]:
    return open_episodes().filter(child__in=children).select_related("child").order_by("last_seen_at")
