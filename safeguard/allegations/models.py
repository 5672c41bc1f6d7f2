"""LADO cases: allegations against people who work with children. Issue 5 adds the workflow."""

from django.db import models


class LadoCase(models.Model):
    """One referral or consultation to the LADO. Visible to the host council's LADO team alone."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        CONSULTATION = "consultation", "Consultation"
        REFERRAL = "referral", "Referral"
        CLOSED = "closed", "Closed"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="lado_cases")
    reference = models.CharField(max_length=20, unique=True)
    received_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    summary = models.TextField()

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.reference
