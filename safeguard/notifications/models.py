"""Notifications from placing councils, the work they route to host teams, and API access.

Glossary: README.md beside this file; payload shape: PAYLOAD.md.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguard.core.secrets import EncryptedSecretField
from safeguard.core.workflows import Workflow


class Notification(models.Model):
    """One notice from a placing council: a placement started, the child moved, or it ended."""

    class Kind(models.TextChoices):
        PLACEMENT_START = "placement_start", "Placement start"
        CHANGE_OF_ADDRESS = "change_of_address", "Change of address"
        PLACEMENT_END = "placement_end", "Placement end"

    class Channel(models.TextChoices):
        WEB = "web", "Web form"
        API = "api", "API"
        EMAIL = "email", "E-mail"
        SSDA903 = "ssda903", "SSDA903 extract"
        # The host's own register, loaded from its spreadsheet (docs/adr/0036).
        REGISTER = "register", "Register import"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        INCOMPLETE = "incomplete", "Incomplete"
        AWAITING_MATCH = "awaiting_match", "Waiting for a match decision"
        REGISTERED = "registered", "Registered"

    # The status workflow: a draft is sent; a notification still missing facts stays incomplete
    # (what is missing is recorded again) until it is complete, then it is registered, or first waits
    # for an officer's match decision. A registered notification changes no more.
    TRANSITIONS = Workflow(
        {
            Status.DRAFT: {Status.INCOMPLETE},
            Status.INCOMPLETE: {Status.INCOMPLETE, Status.AWAITING_MATCH, Status.REGISTERED},
            Status.AWAITING_MATCH: {Status.REGISTERED},
            Status.REGISTERED: set(),
        }
    )

    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    host_council = models.ForeignKey(
        "accounts.HostCouncil", null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    placing_authority = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="notifications_sent"
    )
    # Everything the sender gave, as given: nothing typed is lost, even what did not validate.
    payload = models.JSONField(default=dict)
    # Field paths still needed, with the message to show: [{"field": "iro.name", "message": "…"}].
    missing = models.JSONField(default=list, blank=True)
    child = models.ForeignKey(
        "register.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    received_at = models.DateTimeField()
    # The date the notice is about (start, move or end), and when the regulations wanted it.
    event_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    late_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sender_email = models.EmailField(blank=True)
    chased_at = models.DateTimeField(null=True, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    original_message = models.FileField(upload_to="notifications/messages/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["host_council", "status", "received_at"], name="notification_queue_idx"),
            models.Index(fields=["placing_authority", "received_at"], name="notification_sender_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_kind_display()})"

    @property
    def is_late(self) -> bool:
        return bool(self.late_working_days)

    @property
    def child_name(self) -> str:
        """The child's name: the register's once the child is on it, else as the sender gave it ("" if not)."""
        if self.child_id:
            return self.child.full_name
        child = (self.payload or {}).get("child")
        if not isinstance(child, dict):
            return ""
        return " ".join(str(child.get(part) or "").strip() for part in ("first_name", "last_name")).strip()


class NotificationAttachment(models.Model):
    """A file that came with a notification (e.g. the care plan attached to an e-mail)."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="notifications/attachments/%Y/%m/")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # What reading the document for facts gave ("Read for facts: ...", "Not read: the PDF is damaged ...").
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["notification", "filename"]

    def __str__(self) -> str:
        return self.filename


class Correspondence(models.Model):
    """A message to the notifications mailbox that is not a notification: an out-of-office reply, a
    delivery report, a thank-you, a question. Kept whole for SQA; an officer can still make a draft
    notification from it (`notification` is then that draft)."""

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="correspondence")
    received_at = models.DateTimeField()
    sender_email = models.CharField(max_length=254, blank=True)
    sender_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    reason = models.CharField("why it is not a notification", max_length=200)
    original_message = models.FileField(upload_to="notifications/correspondence/%Y/%m/")
    attachments = models.JSONField(default=list, blank=True)  # [{"filename", "content_type", "size"}]
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notification = models.OneToOneField(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="correspondence"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "correspondence"
        indexes = [models.Index(fields=["host_council", "received_at"], name="correspondence_host_idx")]

    def __str__(self) -> str:
        return f"{self.subject or 'No subject'} ({self.sender_email or 'unknown sender'})"


class MatchReview(models.Model):
    """An uncertain match between a notification and a child already on the register, for an officer."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        SAME_CHILD = "same_child", "Same child"
        DIFFERENT_CHILD = "different_child", "Different children"
        UNDONE = "undone", "Merge undone"

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="match_reviews")
    candidate = models.ForeignKey("register.Child", on_delete=models.CASCADE, related_name="match_reviews")
    score = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.notification} ~ {self.candidate} ({self.score})"


class RoutingRule(models.Model):
    """Which team gets a work item when a placement is registered (seed 001: R&A and the Virtual School)."""

    class Condition(models.TextChoices):
        ALWAYS = "always", "Every new placement"
        EHC_PLAN = "ehc_plan", "When the child has an EHC plan"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.CASCADE, related_name="routing_rules")
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="routing_rules")
    condition = models.CharField(max_length=20, choices=Condition.choices, default=Condition.ALWAYS)
    # Unacknowledged work escalates to the team manager after this many working hours.
    escalate_after_working_hours = models.PositiveSmallIntegerField(default=16)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["host_council", "team"]
        constraints = [
            models.UniqueConstraint(fields=["host_council", "team", "condition"], name="routing_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.team.name}: {self.get_condition_display()}"


class WorkItem(models.Model):
    """Work for a host team: a new placement to acknowledge (R&A records the case-system reference), or
    an exploitation concern for the R&A duty manager to review (docs/adr: exploitation concerns as work
    items). Exactly one of `notification` and `exploitation_concern` is set.
    """

    class Status(models.TextChoices):
        OPEN = "open", "To acknowledge"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="work_items")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="work_items")
    child = models.ForeignKey("register.Child", on_delete=models.PROTECT, related_name="work_items")
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.PROTECT, related_name="work_items"
    )
    exploitation_concern = models.ForeignKey(
        "exploitation.ExploitationConcern",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_items",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    # Due by: unacknowledged work escalates to the team's manager at this time (the routing rule's hours).
    escalate_at = models.DateTimeField("due by")
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.CharField("escalated to", max_length=254, blank=True)
    # Who is doing it: assigned by a manager, or taken by a worker of the team.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="work_items_owned"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    case_reference = models.CharField("case-system reference", max_length=50, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["status", "created_at"]
        indexes = [
            models.Index(fields=["team", "status", "created_at"], name="workitem_queue_idx"),
            models.Index(fields=["owner", "status", "escalate_at"], name="workitem_owner_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["team", "notification"], name="workitem_once_per_team"),
            models.UniqueConstraint(fields=["team", "exploitation_concern"], name="workitem_concern_once_per_team"),
            models.CheckConstraint(
                condition=models.Q(notification__isnull=False, exploitation_concern__isnull=True)
                | models.Q(notification__isnull=True, exploitation_concern__isnull=False),
                name="workitem_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team.name}: {self.child}"

    @property
    def due_by(self):
        return self.escalate_at

    def is_overdue(self, now=None) -> bool:
        """Still open after its due-by time."""
        return self.status == self.Status.OPEN and self.escalate_at < (now or timezone.now())

    @property
    def kind_label(self) -> str:
        return "Exploitation concern" if self.exploitation_concern_id else "New placement"


class ApiToken(models.Model):
    """A placing council's key to the JSON API. Only a hash is stored; the token is shown once."""

    placing_authority = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["placing_authority", "-created_at"]

    def __str__(self) -> str:
        return f"{self.placing_authority}: {self.name} ({self.prefix}…)"


class IdempotencyRecord(models.Model):
    """The first answer to a POST with an Idempotency-Key, replayed when the client retries."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="idempotency_key_unique_per_token")]

    def __str__(self) -> str:
        return self.key


class MailboxMessage(models.Model):
    """A message taken in from the notifications mailbox, kept so that it is taken in once: its key
    (the Message-ID, or a digest of the message when it has none) is written in the same transaction
    as the draft it gave, before the message is flagged or moved on the server. A message read again
    (a crash between the two, a copy delivered twice) finds its key and is only flagged or moved."""

    class Outcome(models.TextChoices):
        DRAFT = "draft", "Draft notification"
        CORRESPONDENCE = "correspondence", "Filed as correspondence"
        REFUSED = "refused", "Not an e-mail"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=300)
    mailbox = models.CharField(max_length=300)  # "imap://user@server/INBOX", or the maildir's path
    uid = models.CharField(max_length=40, blank=True)  # UIDVALIDITY:UID on an IMAP server; the maildir key
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    correspondence = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    problem = models.CharField(max_length=300, blank=True)
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["host_council", "key"], name="mailbox_message_once_per_host"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_outcome_display()})"


class CouncilMailbox(models.Model):
    """A host council's shared notifications mailbox, read over IMAP with TLS (docs/adr/0035): set by
    the council's administrator or SQA manager on /settings/mailbox/, audited. A host without one falls
    back to the NOTIFICATIONS_IMAP_* settings when it is NOTIFICATIONS_MAILBOX_HOST (one council)."""

    host_council = models.OneToOneField(
        "accounts.HostCouncil", on_delete=models.CASCADE, related_name="notifications_mailbox"
    )
    server = models.CharField(max_length=253)
    port = models.PositiveIntegerField(default=993)
    username = models.CharField(max_length=254)
    # Encrypted at rest (safeguard/core/secrets.py): read it with secret_decrypt where it is sent.
    password = EncryptedSecretField(blank=True)
    folder = models.CharField(max_length=200, default="INBOX")
    # Taken-in messages are moved here (created when missing); empty: they are flagged and stay.
    done_folder = models.CharField(max_length=200, blank=True, default="Taken into Safeguard")
    # A CA certificate (PEM) on Safeguard's server to trust besides the system's: the council's own.
    ca_file = models.CharField(max_length=500, blank=True)
    enabled = models.BooleanField(default=False)
    interval_minutes = models.PositiveSmallIntegerField(default=5)
    last_read_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_minutes__gte=1, interval_minutes__lte=1440),
                name="council_mailbox_interval_a_minute_to_a_day",
            ),
            models.CheckConstraint(
                condition=models.Q(port__gte=1, port__lte=65535), name="council_mailbox_port_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Notifications mailbox of {self.host_council}"


class RegisterImportMapping(models.Model):
    """Which column of a host council's register spreadsheet holds which fact, kept for its next
    import (docs/adr/0036): {fact path ("child.date_of_birth"): column heading}."""

    host_council = models.OneToOneField(
        "accounts.HostCouncil", on_delete=models.CASCADE, related_name="register_import_mapping"
    )
    columns = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Register import columns of {self.host_council}"
