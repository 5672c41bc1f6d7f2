"""Contacts of a host council, with opening hours, for "who to call now"."""

from django.db import models


class Contact(models.Model):
    """A number or address people are told to use, belonging to one host council."""

    class Purpose(models.TextChoices):
        REPORT_MISSING = "report_missing", "Report a child missing"
        EMERGENCY = "emergency", "Emergency"
        EXPLOITATION = "exploitation", "Exploitation concerns"
        POLICE_NEW_MATTER = "police_new_matter", "New police matters"
        NOT_FOR_REFERRALS = "not_for_referrals", "Investigation units (not for referrals)"
        NOTIFICATIONS = "notifications", "Placement notifications"
        LADO = "lado", "Allegations against people who work with children"
        FRONT_DOOR = "front_door", "Children's services front door (MASH)"
        OUT_OF_HOURS = "out_of_hours", "Out-of-hours emergency duty team"

    class Hours(models.TextChoices):
        """How a contact's opening hours apply (a contact with none answers at all times)."""

        DURING = "during", "During the hours given, bank holidays too"
        OFFICE = "office", "During the hours given, except on bank holidays"
        OUTSIDE = "outside", "Outside the hours given, and all day on bank holidays"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.CASCADE, related_name="contacts")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    url = models.URLField(blank=True)
    # Lower comes first among contacts for the same purpose that are open at the time.
    priority = models.PositiveSmallIntegerField(default=10)
    not_for_referrals = models.BooleanField(default=False)
    # An emergency duty team keeps the office's hours with OUTSIDE: it answers when the office is shut.
    hours_apply = models.CharField(max_length=10, choices=Hours.choices, default=Hours.DURING)
    # Why people are given no number to ring ("new matters go through the PPU Support Team").
    no_number_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["host_council", "purpose", "priority", "name"]
        constraints = [
            models.UniqueConstraint(fields=["host_council", "purpose", "name"], name="contact_unique_per_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.host_council})"


class OpeningHours(models.Model):
    """When a contact answers. A contact with no rows answers at all times."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["contact", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="opening_hours_close_after_open"
            ),
            models.CheckConstraint(condition=models.Q(weekday__gte=0, weekday__lte=6), name="opening_hours_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"
