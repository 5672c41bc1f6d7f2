"""Shared records: the audit trail and the outbox."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One thing that happened: a write, a read of personal data, or a security event.

    Append-only: database triggers refuse UPDATE and DELETE (migration 0002), the admin is read-only,
    and each event carries the hash of the one before it (docs/adr/0004-audit-trail.md).
    """

    class Kind(models.TextChoices):
        WRITE = "write", "Change"
        ACCESS = "access", "Access"
        SECURITY = "security", "Security"

    occurred_at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    action = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept as written so that the event reads the same whatever later happens to the account.
    actor_label = models.CharField(max_length=254, blank=True)
    host_council = models.ForeignKey(
        "accounts.HostCouncil", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Set by the app that records it (the LADO's records): shown to nobody outside that app's own team,
    # neither on the audit page nor in the admin.
    confidential = models.BooleanField(default=False)
    # Which chain the event links into: its host council's ("<pk>") or the one for no host ("").
    # The events recorded before the chains were split are all in "" (one chain, as they were made).
    chain = models.CharField(max_length=40, blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["host_council", "occurred_at"], name="audit_host_time_idx"),
            models.Index(fields=["actor", "occurred_at"], name="audit_actor_time_idx"),
            models.Index(fields=["chain", "id"], name="audit_chain_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action}"


class AuditChain(models.Model):
    """The end of one audit chain: one row per host council (its primary key as the chain's key) and
    one for events that belong to no host (key ""). Each append locks its own chain's row, so audited
    writes of different host councils never wait for each other (docs/adr/0004-audit-trail.md)."""

    key = models.CharField(max_length=40, primary_key=True, blank=True)
    last_hash = models.CharField(max_length=64)
    length = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Audit chain {self.key or '(no host)'}: {self.length} events"


class OutboxMessage(models.Model):
    """A message written in the same transaction as the change that caused it, delivered later.

    docs/adr/0003-outbox-and-queue.md.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (gave up)"

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"

    created_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    # An HTML alternative to the plain text (sent through Django's backend; GOV.UK Notify draws its own).
    html_body = models.TextField(blank=True)
    # Where the recipient stops messages like this one: sent as List-Unsubscribe with RFC 8058's one-click
    # List-Unsubscribe-Post (Django's backend), or as Notify's one_click_unsubscribe_url.
    unsubscribe_url = models.URLField(max_length=500, blank=True)
    # An iCalendar invitation (RFC 5545), attached as invite.ics, text/calendar (Django's backend; GOV.UK
    # Notify sends the text only, so the app that writes one also links to it in the body).
    calendar = models.TextField(blank=True)
    # What caused it, for the audit page and for tests.
    purpose = models.CharField(max_length=100)
    # Set by the app that writes it (a LADO referral): the text is for its recipient alone, so it is not
    # shown in the admin and is removed once sent.
    confidential = models.BooleanField(default=False)
    host_council = models.ForeignKey(
        "accounts.HostCouncil", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.purpose} to {self.to} ({self.status})"


class ImportJob(models.Model):
    """A file read in the background (an SSDA903 return, a host's register): its progress and its report.

    Generic: `kind` names the app's runner (registered with `core.jobs.import_kind_register`), which
    reads the stored files and commits its rows in batches, each batch with the counters, so a job
    that a worker restart interrupted resumes after its last committed batch (docs/adr/0040).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Reading"
        DONE = "done", "Finished"
        FAILED = "failed", "Could not be read"

    kind = models.CharField(max_length=40)
    host_council = models.ForeignKey(
        "accounts.HostCouncil", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # What the runner needs besides the files (the placing council, the column mapping…).
    params = models.JSONField(default=dict, blank=True)
    # [{"name": "episodes.csv", "path": "imports/…/episodes.csv"}] in the default storage.
    files = models.JSONField(default=list, blank=True)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    taken = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    # Rows already imported by an earlier run (the same row twice gives one record).
    already = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    # Why the file could not be read (a missing column, not a spreadsheet…), for the person who sent it.
    problem = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Moved on by every committed batch: a running job whose heartbeat stops is resumed by the sweep.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="core_importjob_status_beat")]

    def __str__(self) -> str:
        return f"{self.kind} import {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_read * 100 // self.rows_total)


class ImportRowKey(models.Model):
    """A row an import has already taken: its key (a hash of what the row says) is unique, so a row
    read twice - a job resumed after a restart, the same file uploaded again - makes one record."""

    key = models.CharField(max_length=64, unique=True)
    job = models.ForeignKey(ImportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # What the row became ("NOT-…" reference), for the report of a later run.
    target = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.target or self.key[:12]
