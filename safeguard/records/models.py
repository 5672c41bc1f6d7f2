"""A host council's retention schedule and its legal holds (docs/adr/0041)."""

from django.conf import settings
from django.db import models

from .schedule import DEFAULTS, Disposal, RecordClass, RunsFrom, period_words


class RetentionRule(models.Model):
    """How long one class of record is kept by one host council, and from when: its own choice, or
    the shipped default (a class without a row here follows `schedule.DEFAULTS`)."""

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="retention_rules")
    record_class = models.CharField(max_length=40, choices=RecordClass.choices)
    period_months = models.PositiveIntegerField()
    runs_from = models.CharField(max_length=20, choices=RunsFrom.choices)
    # KCSIE's "normal pension age or 10 years, whichever is longer": the later of the two dates.
    or_pension_age = models.BooleanField(default=False)
    disposal = models.CharField(max_length=20, choices=Disposal.choices, default=Disposal.REVIEW)
    grace_days = models.PositiveSmallIntegerField(default=30)
    source = models.TextField(help_text="Where the period comes from: the law, guidance or the council's decision")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["host_council", "record_class"]
        constraints = [
            models.UniqueConstraint(fields=["host_council", "record_class"], name="retention_rule_one_per_class"),
            models.CheckConstraint(condition=models.Q(period_months__gt=0), name="retention_rule_period_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_class_display()}: {self.period_words}"

    @property
    def period_words(self) -> str:
        return period_words(self.period_months)

    @property
    def is_default(self) -> bool:
        d = DEFAULTS[self.record_class]
        return (self.period_months, self.runs_from, self.or_pension_age) == (d.months, d.runs_from, d.or_pension_age)


class LegalHold(models.Model):
    """A hold on disposal (an inquiry, litigation, a practice review): nothing it covers is reviewed
    for disposal or disposed of until it is lifted. It covers whole classes, named children (by their
    register reference, "SG123"), or both."""

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="legal_holds")
    name = models.CharField(max_length=200)
    reason = models.TextField()
    requested_by = models.CharField(max_length=200, help_text="Who asked: the inquiry, court or review")
    record_classes = models.JSONField(default=list, blank=True)
    child_references = models.JSONField(default=list, blank=True)
    placed_at = models.DateTimeField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["host_council", "-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["host_council", "name"],
                condition=models.Q(lifted_at__isnull=True),
                name="legal_hold_name_unique_while_in_force",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None

    def covers(self, *, record_class: str, child_reference: str = "") -> bool:
        return self.in_force and (
            record_class in self.record_classes or bool(child_reference and child_reference in self.child_references)
        )

    @property
    def record_class_words(self) -> list[str]:
        return [RecordClass(value).label for value in self.record_classes if value in RecordClass.values]


class ReviewItem(models.Model):
    """A record whose retention period has run out, on its owner team's review list. The owner confirms
    its disposal or extends it with a reason; where the council chose automatic disposal, it goes when
    `dispose_after` comes unless the owner acted. Names no one: the record's reference only."""

    class Status(models.TextChoices):
        DUE = "due", "Due for review"
        EXTENDED = "extended", "Kept longer"
        DISPOSED = "disposed", "Disposed of"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="review_items")
    record_class = models.CharField(max_length=40, choices=RecordClass.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    reference = models.CharField(max_length=200)
    child_reference = models.CharField(max_length=20, blank=True)
    outcome_category = models.CharField(max_length=100, blank=True)
    owner = models.CharField(max_length=20)  # schedule.SQA, LADO or ADMIN
    due_on = models.DateField()
    listed_on = models.DateField()
    dispose_after = models.DateField(null=True, blank=True)  # automatic disposal's day, where chosen
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DUE)
    extended_until = models.DateField(null=True, blank=True)
    extend_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_label = models.CharField(max_length=254, blank=True)
    # The last automatic disposal that failed: what went wrong, in words that name no one (the sweep
    # logs the error and goes on to the next record and council).
    problem = models.CharField(max_length=300, blank=True)
    problem_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="review_item_one_per_record"),
        ]

    def __str__(self) -> str:
        return self.reference


class Tombstone(models.Model):
    """What is left of a disposed record: its class, reference, dates and outcome category, so figures
    and the audit trail stay whole. No personal data."""

    class How(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed by the owner team"
        AUTOMATIC = "automatic", "Automatically, after the grace period"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="tombstones")
    record_class = models.CharField(max_length=40, choices=RecordClass.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    reference = models.CharField(max_length=200)
    child_reference = models.CharField(max_length=20, blank=True)
    outcome_category = models.CharField(max_length=100, blank=True)
    due_on = models.DateField()
    rule = models.CharField(max_length=300, help_text="The rule it was disposed of under, in words")
    disposed_at = models.DateTimeField()
    how = models.CharField(max_length=20, choices=How.choices)
    disposed_by_label = models.CharField(max_length=254)

    class Meta:
        ordering = ["host_council", "-disposed_at"]
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="tombstone_one_per_record"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} (disposed of)"
