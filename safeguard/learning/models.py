"""The partnership's learning and development programme (issue 13; docs/adr/0027-learning-events-and-bookings.md).

Events are Wagtail snippets with drafts and revisions (kept by a host's partnership editors in /cms/);
the public books without an account; the organiser (the business unit: the partnership editors of the
event's host) marks attendance. Glossary in README.md beside this file.

The learning app sits below the partnership site (which shows "next events" and the events a practice
review led to), so an event names its review as a Wagtail page (`wagtailcore.Page`, the chooser limited
to "partnership.PracticeReviewPage" by name, which is not an import).
"""

import uuid
from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, RevisionMixin

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Competency(models.Model):
    """One of the programme's core competencies (seed 003: "a coherent workforce development programme
    with core competencies"), of one host's partnership."""

    host = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "competencies"
        constraints = [models.UniqueConstraint(fields=["host", "code"], name="learning_competency_code_once")]

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    COURSE = "course", "Course"
    BRIEFING = "briefing", "Briefing"
    REVIEW_LEARNING = "review_learning", "Learning event from a practice review"


class Event(DraftStateMixin, RevisionMixin, ClusterableModel):
    """A course, briefing or learning event of one host's partnership; public once published."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    host = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.COURSE)
    summary = models.CharField(max_length=300, help_text="A sentence for the list of events")
    description = models.TextField(help_text="What the event covers and what people will learn")
    starts_at = models.DateTimeField("Starts")
    ends_at = models.DateTimeField("Ends")
    venue = models.TextField(blank=True, help_text="The address; leave empty for an online event")
    online_link = models.URLField(
        "Online joining link", blank=True, help_text="Sent to people with a place only, never shown on the site"
    )
    audience = models.CharField(max_length=300, help_text="Who it is for, e.g. “Practitioners in every agency”")
    competencies = ParentalManyToManyField(Competency, blank=True, related_name="events")
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)], help_text="Places")
    charge = models.DecimalField(
        "Charge per place (£)",
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="0 for a free event",
    )
    charge_note = models.CharField(
        max_length=200, blank=True, help_text="Who pays and how, e.g. “Free to partner agencies”"
    )
    review = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Practice review",
        help_text="The practice review this event shares the learning of, if any",
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="learning_event")

    class Meta:
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["host", "live", "starts_at"], name="learning_event_host_live_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must be after the start"
        if not self.venue.strip() and not self.online_link:
            errors["venue"] = "Enter the venue, or an online joining link"
        if errors:
            raise ValidationError(errors)

    @property
    def is_online(self) -> bool:
        return not self.venue.strip()


class Agency(models.TextChoices):
    """Where the people who book work: the partners (Working Together 2023) and the relevant agencies."""

    COUNCIL_CHILDREN = "council_children", "Council: children's services"
    COUNCIL_OTHER = "council_other", "Council: another service"
    POLICE = "police", "Police"
    HEALTH = "health", "Health (NHS)"
    EDUCATION = "education", "School, college or early years"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    OTHER = "other", "Another agency"


class Booking(models.Model):
    """A professional's place on an event, or their place on its waiting list. No account: the
    person manages it from the signed link they are e-mailed."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    class Attendance(models.TextChoices):
        ATTENDED = "attended", "Attended"
        ABSENT = "absent", "Did not attend"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="bookings")
    name = models.CharField(max_length=200)
    email = models.EmailField("Work e-mail address")
    agency = models.CharField(max_length=30, choices=Agency.choices)
    role = models.CharField("Job title or role", max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices)
    attendance = models.CharField(max_length=10, choices=Attendance.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The waiting list's order: when the person joined it.
    waiting_since = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    evaluation_asked_at = models.DateTimeField(null=True, blank=True)
    # The last e-mail to this person about the booking: the organiser sees when it did not arrive.
    last_message = models.ForeignKey(
        "core.OutboxMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["event", "status"], name="learning_booking_event_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class Evaluation(models.Model):
    """What an attendee thought of the event, scored 1 (poor) to 5 (very good); the certificate follows."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="evaluation")
    objectives_met = models.PositiveSmallIntegerField(validators=SCORE)
    confidence = models.PositiveSmallIntegerField(validators=SCORE)
    overall = models.PositiveSmallIntegerField(validators=SCORE)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Evaluation of {self.booking}"
