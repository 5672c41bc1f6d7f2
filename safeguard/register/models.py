"""Children placed in a host council's area by other councils, and their placements.

The foundation holds the facts that decide who may see a child; the notifications issue adds the rest.
"""

from datetime import date

from django.db import models
from django.db.models.functions import Concat

# Accepted as a legal status on notifications, though it does not make a child looked after.
SUPERVISION_ORDER = "supervision_order"


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
    # "First Last", kept by the database for fuzzy name search (a trigram index on PostgreSQL).
    search_name = models.GeneratedField(
        expression=Concat("first_name", models.Value(" "), "last_name"),
        output_field=models.CharField(max_length=201),
        db_persist=True,
    )
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    upn = models.CharField("unique pupil number", max_length=13, blank=True)
    local_id = models.CharField("placing authority's child ID", max_length=50, blank=True)
    # Current facts, as last notified. History is in LegalStatusRecord, Placement and the notifications.
    legal_status = models.CharField(max_length=20, blank=True, help_text="SSDA903 LS code, or supervision_order")
    social_worker_name = models.CharField(max_length=200, blank=True)
    social_worker_email = models.EmailField(blank=True)
    social_worker_phone = models.CharField(max_length=40, blank=True)
    social_worker_team = models.CharField(max_length=200, blank=True)
    iro_name = models.CharField("IRO's name", max_length=200, blank=True)
    iro_email = models.EmailField("IRO's email", blank=True)
    iro_phone = models.CharField("IRO's phone", max_length=40, blank=True)
    has_ehc_plan = models.BooleanField("EHC plan", null=True, blank=True)
    ehc_maintaining_authority = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "council"},
    )
    # Facts the placing council has not yet given (field paths, e.g. "iro.name").
    missing_facts = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        indexes = [
            # Ordered like the register (name, then id), so its first page is read in order, not sorted.
            models.Index(fields=["host_council", "last_name", "first_name", "id"], name="child_host_name_idx"),
            models.Index(fields=["host_council", "date_of_birth"], name="child_host_dob_idx"),
            models.Index(fields=["nhs_number"], name="child_nhs_idx"),
            models.Index(fields=["upn"], name="child_upn_idx"),
            models.Index(fields=["placing_authority", "local_id"], name="child_local_id_idx"),
            models.Index(fields=["local_id"], name="child_local_id_only_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials_and_reference(self) -> str:
        """How an e-mail names the child: initials and Safeguard's reference, never the full name (an
        e-mail may leave the council's domain; the record is behind a link and a sign-in)."""
        initials = "".join(f"{part[0].upper()}." for part in (self.first_name, self.last_name) if part)
        return f"{initials} (SG{self.pk})"

    @property
    def is_looked_after(self) -> bool:
        """A supervision order gives no parental responsibility: the child is not looked after."""
        return self.legal_status != SUPERVISION_ORDER

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
    carer_name = models.CharField("carer or provider", max_length=200, blank=True)
    placement_type = models.CharField(max_length=3, blank=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=4, blank=True, help_text="SSDA903 REC code")
    emergency = models.BooleanField(default=False)
    notification = models.ForeignKey(
        "notifications.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )

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


class LegalStatusRecord(models.Model):
    """A child's legal status from a date, as notified. Only ever added to."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="legal_statuses")
    legal_status = models.CharField(max_length=20)
    from_date = models.DateField()
    notification = models.ForeignKey(
        "notifications.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "-from_date", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.child}: {self.legal_status} from {self.from_date}"
