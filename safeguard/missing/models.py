"""Missing-from-care episodes. The foundation holds what decides police access; issue 4 adds the rest."""

from django.conf import settings
from django.db import models


class MissingEpisode(models.Model):
    """A time a child was missing (whereabouts unknown) or away without authorisation (SSDA903 M/A)."""

    class Kind(models.TextChoices):
        MISSING = "M", "Missing"
        AWAY = "A", "Away from placement without authorisation"

    child = models.ForeignKey("register.Child", on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=Kind.choices)
    last_seen_at = models.DateTimeField()
    returned_at = models.DateTimeField(null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_seen_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(returned_at__isnull=True) | models.Q(returned_at__gte=models.F("last_seen_at")),
                name="missing_episode_return_after_last_seen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.get_kind_display().lower()} since {self.last_seen_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None
