"""LADO cases: allegations against people who work with children (seed 000, brief 3.4).

A case is received (web form, e-mail recorded by the LADO team, or phone), considered within one
working day, and is then either a consultation (advice given, threshold not met) or a referral that
runs through meetings and actions to one of five outcomes. Glossary in README.md.
"""

from django.db import models

from safeguard.core.workflows import Workflow


class Sector(models.TextChoices):
    """Where the person works: the sectors LADO annual reports count."""

    EDUCATION = "education", "Education (schools and colleges)"
    EARLY_YEARS = "early_years", "Early years and childcare"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Children's social care and residential homes"
    FOSTER_CARE = "foster_care", "Foster care"
    POLICE = "police", "Police"
    FAITH = "faith", "Faith groups"
    SPORT = "sport", "Sport, leisure and culture"
    TRANSPORT = "transport", "Transport"
    VOLUNTARY = "voluntary", "Voluntary and community organisations"
    OTHER = "other", "Other"


class Category(models.TextChoices):
    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    NEGLECT = "neglect", "Neglect"
    CONDUCT = "conduct", "Conduct or suitability"


class EmploymentBasis(models.TextChoices):
    EMPLOYED = "employed", "Employed"
    AGENCY = "agency", "Agency worker"
    VOLUNTEER = "volunteer", "Volunteer"
    SELF_EMPLOYED = "self_employed", "Self-employed"
    FOSTER_CARER = "foster_carer", "Foster carer"


class Outcome(models.TextChoices):
    """Keeping Children Safe in Education, part 4: the five outcomes of an allegation."""

    SUBSTANTIATED = "substantiated", "Substantiated"
    FALSE = "false", "False"
    MALICIOUS = "malicious", "Malicious"
    UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
    UNFOUNDED = "unfounded", "Unfounded"


# The harm threshold (Working Together / KCSIE part 4): field name and the words a referrer reads.
THRESHOLD_CRITERIA = [
    ("threshold_harm", "Behaved in a way that has harmed a child, or may have harmed a child"),
    ("threshold_offence", "Possibly committed a criminal offence against or related to a child"),
    ("threshold_risk", "Behaved towards a child or children in a way that indicates they may pose a risk of harm"),
    ("threshold_suitability", "Behaved in a way that indicates they may not be suitable to work with children"),
]


class LadoCase(models.Model):
    """One referral or consultation to the LADO. Visible to the host council's LADO team alone."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Awaiting initial consideration"
        CONSULTATION = "consultation", "Consultation: advice given"
        REFERRAL = "referral", "Referral: open"
        CLOSED = "closed", "Closed"
        ERASED = "erased", "Erased at its retention date"

    # The case's workflow, the one place its moves are written (services.cases._transition checks it).
    # A web or e-mailed referral starts as received; a phone consultation is recorded as one at once.
    # The initial consideration decides consultation (final) or referral; a referral closes with an outcome.
    TRANSITIONS = Workflow(
        {
            Status.RECEIVED: {Status.CONSULTATION, Status.REFERRAL},
            Status.REFERRAL: {Status.CLOSED},
            Status.CONSULTATION: set(),
            # At its retention date a closed case is erased to a tombstone; nothing comes after.
            Status.CLOSED: {Status.ERASED},
            Status.ERASED: set(),
        }
    )

    class Channel(models.TextChoices):
        WEB = "web", "Web form"
        EMAIL = "email", "E-mail"
        PHONE = "phone", "Phone"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="lado_cases")
    reference = models.CharField(max_length=20, unique=True)
    # Sent through the public form with its hidden anti-spam field filled: most likely a bot, but
    # possibly a person whose browser filled it. Kept (never lost), not e-mailed, flagged for the LADO.
    suspected_automated = models.BooleanField(default=False)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    received_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # One working day from receipt (brief 3.4), end of that working day.
    initial_consideration_due_at = models.DateTimeField()
    initial_consideration_at = models.DateTimeField(null=True, blank=True)
    considered_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="lado_cases_considered"
    )
    summary = models.TextField(blank=True)

    # The referrer.
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)

    # The person the allegation is about.
    person_name = models.CharField(max_length=200, blank=True)
    person_role = models.CharField(max_length=200, blank=True)
    person_employer = models.CharField(max_length=200, blank=True)
    employment_basis = models.CharField(max_length=20, choices=EmploymentBasis.choices, blank=True)
    person_registration_body = models.CharField(max_length=200, blank=True)
    person_date_of_birth = models.DateField(null=True, blank=True)

    # What happened.
    what_happened = models.TextField(blank=True)
    where_it_happened = models.CharField(max_length=500, blank=True)
    happened_on = models.DateField(null=True, blank=True)
    who_knows = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    threshold_harm = models.BooleanField(default=False)
    threshold_offence = models.BooleanField(default=False)
    threshold_risk = models.BooleanField(default=False)
    threshold_suitability = models.BooleanField(default=False)
    restraint_involved = models.BooleanField(null=True, blank=True)
    police_informed = models.BooleanField(default=False)
    employer_informed = models.BooleanField("employer's designated officer informed", default=False)
    ofsted_informed = models.BooleanField("Ofsted or the regulator informed", default=False)

    # Triage.
    advice_given = models.TextField(blank=True)
    triage_reason = models.TextField(blank=True)

    # Closure and retention.
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    dbs_referral_made = models.BooleanField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_notes = models.TextField(blank=True)
    retention_review_on = models.DateField(null=True, blank=True)
    retention_basis = models.CharField(max_length=200, blank=True)
    remove_from_personnel_record = models.BooleanField(default=False)
    # Set when the case is erased at its retention date (services.lado_case_erase): what is left is a
    # tombstone (reference, dates, channel, sector, category, outcome) for the annual figures.
    erased_at = models.DateTimeField(null=True, blank=True)
    personnel_record_consent = models.BooleanField(default=False)

    # An e-mailed referral: the original message, kept as it came.
    original_message = models.FileField(upload_to="allegations/messages/%Y/%m/", blank=True)
    email_sender = models.CharField(max_length=300, blank=True)
    email_subject = models.CharField(max_length=500, blank=True)
    email_attachments = models.JSONField(default=list, blank=True)  # [{"filename", "content_type", "size"}]

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["host_council", "status", "initial_consideration_due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(outcome=""), name="lado_closed_case_has_outcome"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.REFERRAL)

    @property
    def thresholds(self) -> list[str]:
        return [label for name, label in THRESHOLD_CRITERIA if getattr(self, name)]

    @property
    def already_told(self) -> list[str]:
        told = [("police_informed", "Police"), ("employer_informed", "Employer's designated officer")]
        told.append(("ofsted_informed", "Ofsted or the regulator"))
        return [label for name, label in told if getattr(self, name)]


class LadoChild(models.Model):
    """A child the allegation concerns, as the referrer named them; the LADO may link a register child."""

    case = models.ForeignKey(LadoCase, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    register_child = models.ForeignKey(
        "register.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="lado_mentions"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class LadoMeeting(models.Model):
    class Kind(models.TextChoices):
        EVALUATION = "evaluation", "Evaluation meeting"
        STRATEGY = "strategy", "Strategy meeting"

    case = models.ForeignKey(LadoCase, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField()
    attendees = models.TextField()
    decisions = models.TextField()
    recorded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class LadoAction(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", "Police investigation"
        DISCIPLINARY = "disciplinary", "Employer's disciplinary process"
        REGULATOR = "regulator", "Ofsted or regulator notification"
        DBS = "dbs", "DBS referral"
        SUSPENSION = "suspension", "Suspension considered"
        OTHER = "other", "Other"

    case = models.ForeignKey(LadoCase, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=500, blank=True)
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class LadoUpdate(models.Model):
    """A dated note on the case; only ever added."""

    case = models.ForeignKey(LadoCase, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    recorded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Update {self.recorded_at:%Y-%m-%d}"


class LadoEmail(models.Model):
    """A message that came to the LADO's mailbox (or was uploaded by the LADO team), pre-filled as a
    draft referral for the LADO to check beside the message: accepted as a case, or rejected as not a
    referral. Kept whole either way; like a case, the LADO team's alone (docs/adr/0023)."""

    class Status(models.TextChoices):
        TO_CHECK = "to_check", "To check"
        ACCEPTED = "accepted", "Accepted as a referral"
        REJECTED = "rejected", "Not a referral"

    # To check -> accepted (a case is made from it) or rejected (kept, with why); either is final.
    TRANSITIONS = Workflow(
        {Status.TO_CHECK: {Status.ACCEPTED, Status.REJECTED}, Status.ACCEPTED: set(), Status.REJECTED: set()}
    )

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="lado_emails")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TO_CHECK)
    # When it arrived: the message's Date: header when plausible, else when it was read.
    received_at = models.DateTimeField()
    original_message = models.FileField(upload_to="allegations/emails/%Y/%m/")
    email_sender = models.CharField(max_length=300, blank=True)
    email_subject = models.CharField(max_length=500, blank=True)
    email_attachments = models.JSONField(default=list, blank=True)  # [{"filename", "content_type", "size"}]
    # What the message's labelled lines say (email_referral.ReferralPrefill.to_json): answers, children,
    # the fields found, and each value that could not be used with why.
    prefill = models.JSONField(default=dict, blank=True)
    # Why it does not look like a referral (an automatic reply, a delivery report), or why it could
    # not be read at all; "" when it may be one. A hint for the LADO, who decides.
    not_referral_hint = models.CharField(max_length=300, blank=True)
    case = models.OneToOneField(LadoCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="from_email")
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="lado_emails_decided"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["host_council", "status", "received_at"])]

    def __str__(self) -> str:
        return f"E-mail {self.pk}: {self.email_subject[:50]}"
