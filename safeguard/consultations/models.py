"""Register your views (the partnership's consultations) and feedback to its business unit.

Every row belongs to one host council: its partnership asks its own questions and reads its own answers.
Glossary in README.md beside this file; the choices in docs/adr/0028-consultations-and-feedback.md.
"""

import uuid
from datetime import date

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, RevisionMixin


class Consultation(DraftStateMixin, RevisionMixin, ClusterableModel):
    """A call for views (seed 003: "register your views"): its questions, open until the end of its
    closing date, then a published "you said, we did" summary. A Wagtail snippet with drafts and
    revisions, kept by the host's partnership editors in /cms/ (wagtail_hooks.py); public once published."""

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.CASCADE, related_name="consultations")
    slug = models.SlugField(
        "Address", max_length=100, help_text="The end of its address, e.g. “workforce-development-programme”"
    )
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, help_text="A sentence for the list of consultations")
    background = models.TextField(help_text="What the partnership asks and why, in paragraphs")
    opens_on = models.DateField("Opens on")
    closes_on = models.DateField("Closes on", help_text="Responses are taken until the end of this day")
    you_said = models.TextField("You said", blank=True, help_text="What people said: published once it has closed")
    we_did = models.TextField("We did", blank=True, help_text="What the partnership did about it")
    summary_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="consultation")

    class Meta:
        ordering = ["-closes_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["host_council", "slug"], name="consultations_slug_unique"),
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="consultations_dates"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def clean(self) -> None:
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The closing date must be the same as or after the opening date"})

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on

    def has_closed_by(self, day: date) -> bool:
        return day > self.closes_on


class Question(models.Model):
    """One question of a consultation: words typed, or one of a few choices. Kept with its consultation
    in /cms/ (an inline panel; `position` is the order the editor gives)."""

    sort_order_field = "position"

    class Kind(models.TextChoices):
        TEXT = "text", "Words"
        CHOICE = "choice", "One of a list"

    consultation = ParentalKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0, editable=False)
    text = models.CharField("Question", max_length=300)
    hint = models.CharField(max_length=300, blank=True, help_text="Optional words under the question")
    kind = models.CharField("Answered with", max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(blank=True, help_text="For “One of a list”: the choices, one a line")
    required = models.BooleanField("Must be answered", default=True)

    class Meta:
        ordering = ["consultation", "position", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.CHOICE and len(self.choice_list) < 2:
            raise ValidationError({"choices": "Enter at least two choices, one a line"})

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Response(models.Model):
    """One person's answers to a consultation: named (name, e-mail, organisation) or anonymous."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    reference = models.CharField(max_length=20, unique=True)
    received_at = models.DateTimeField(db_index=True)
    anonymous = models.BooleanField(default=False)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    # The hidden anti-spam field was filled, yet the answers were complete: kept and flagged, never e-mailed.
    suspected_automated = models.BooleanField(default=False)

    class Meta:
        ordering = ["received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(name="", email="", organisation=""),
                name="consultations_anonymous_has_no_name",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # RESTRICT: a question people have answered is not deleted on its own (with its consultation it is).
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="answers")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="consultations_answer_once")]

    def __str__(self) -> str:
        return f"{self.response} – {self.question}"


class Feedback(models.Model):
    """A message to the partnership's business unit from anyone; stored before any e-mail goes out."""

    class Status(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ANSWERED = "answered", "Answered"

    class About(models.TextChoices):
        WEBSITE = "website", "This website"
        LEARNING = "learning", "Learning and development"
        PROCEDURES = "procedures", "Procedures and guidance"
        PARTNERSHIP = "partnership", "The partnership's work"
        OTHER = "other", "Something else"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.CASCADE, related_name="feedback")
    reference = models.CharField(max_length=20, unique=True)
    received_at = models.DateTimeField(db_index=True)
    about = models.CharField(max_length=20, choices=About.choices)
    message = models.TextField()
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACKNOWLEDGED)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answer_note = models.TextField(blank=True)
    suspected_automated = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return self.reference
