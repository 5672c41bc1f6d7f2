"""Children placed in a host council's area by other councils, and their placements.

The foundation holds the facts that decide who may see a child; the notifications issue adds the rest.
"""

from datetime import date

from django.db import models


class Child(models.Model):
    """A register entry: one child placed in the host area by a placing authority."""

    class Sex(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"
        UNKNOWN = "U", "Not known"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="children")
    placing_authority = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="children_placed",
        limit_choices_to={"kind": "council"},
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    upn = models.CharField("unique pupil number", max_length=13, blank=True)
    local_id = models.CharField("placing authority's child ID", max_length=50, blank=True)
    legal_status = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        indexes = [models.Index(fields=["host_council", "last_name", "first_name"], name="child_host_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Placement(models.Model):
    """Where and with whom a child lives in the host area, from a start date to an end date."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placements")
    carer = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
        limit_choices_to={"kind": "provider"},
    )
    placement_type = models.CharField(max_length=3, blank=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["child", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} from {self.start_date}"
