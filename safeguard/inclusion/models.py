"""Children missing education, elective home education and children not in school.

Glossary in README.md beside this file.
"""

from django.db import models

from safeguard.core.workflows import Workflow


class DeletionGround(models.TextChoices):
    """Why a school deleted a pupil of compulsory school age from its admission register: the fifteen
    grounds of the School Attendance (Pupil Registration) (England) Regulations 2024, reg 9(1)(a)–(o), in
    the regulation's order and lettering, in the words a school uses. The list is exhaustive: there is no
    "other" ground (a deletion on none of these is unlawful). The 2006 Regulations' "medically unfit"
    ground is not in the 2024 list; returns kept before keep their value."""

    OTHER_SCHOOL = "other_school", "(a) Registered at another school"
    NURSERY_NOT_CONTINUING = "nursery_not_continuing", "(b) Did not continue at the school after its nursery education"
    DUAL_REGISTRATION_ENDED = (
        "dual_registration_ended",
        "(c) Also registered at other schools, which agreed to the deletion",
    )
    ATTENDANCE_ORDER_AMENDED = "attendance_order_amended", "(d) School attendance order amended to name another school"
    ATTENDANCE_ORDER_REVOKED = (
        "attendance_order_revoked",
        "(e) School attendance order revoked: suitable education arranged",
    )
    HOME_EDUCATION = "home_education", "(f) Parent said in writing the child will be educated otherwise than at school"
    MOVED_AWAY = "moved_away", "(g) No longer lives a reasonable distance from the school"
    NOT_RETURNED = "not_returned", "(h) Did not return after a leave of absence, not found after reasonable enquiries"
    ABSENT_20_DAYS = "absent_20_days", "(i) Absent 20 school days without leave, not found after reasonable enquiries"
    CUSTODY = "custody", "(j) Detained under a sentence of detention"
    DIED = "died", "(k) Died"
    CEASED_SCHOOL_AGE = "ceased_school_age", "(l) Will be over compulsory school age and not staying for the sixth form"
    BOARDING_FEES = "boarding_fees", "(m) A boarder whose boarding fees have not been paid"
    LEFT_INDEPENDENT = "left_independent", "(n) Ceased to be a pupil of an independent or non-maintained special school"
    EXCLUDED = "excluded", "(o) Permanently excluded"


# The grounds on which the school and the council enquire jointly before the deletion: the clock of
# school days runs from the first day of absence.
CLOCK_GROUNDS = frozenset({DeletionGround.ABSENT_20_DAYS})


class SchoolReturn(models.Model):
    """A school's return to the council (reg 13): a pupil deleted from its admission register, or a new
    pupil added to it (within 5 school days of admission). By form, CSV or the API; only added to."""

    class Kind(models.TextChoices):
        DELETION = "deletion", "Deletion from the admission register"
        ADMISSION = "admission", "New pupil"

    class Source(models.TextChoices):
        FORM = "form", "Form"
        CSV = "csv", "CSV upload"
        API = "api", "API"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("education.School", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    upn = models.CharField("unique pupil number", max_length=13, blank=True)
    address = models.TextField("home address", blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    parents = models.TextField("parents or carers", blank=True)
    parent_phone = models.CharField("parent's phone", max_length=40, blank=True)
    # A deletion
    ground = models.CharField("ground for deletion", max_length=30, choices=DeletionGround.choices, blank=True)
    deleted_on = models.DateField("date of deletion", null=True, blank=True)
    absent_since = models.DateField("first day of continuous absence", null=True, blank=True)
    new_school = models.CharField("new school, where known", max_length=200, blank=True)
    new_address = models.TextField("new address, where known", blank=True)
    # A new pupil
    admitted_on = models.DateField("date of admission", null=True, blank=True)
    previous_school = models.CharField("previous school, where known", max_length=200, blank=True)
    submitted_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    case = models.ForeignKey(
        "inclusion.CmeCase", null=True, blank=True, on_delete=models.SET_NULL, related_name="returns"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["school", "-submitted_at"], name="return_school_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="deletion") | (~models.Q(ground="") & models.Q(deleted_on__isnull=False)),
                name="deletion_return_has_ground_and_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="admission") | models.Q(admitted_on__isnull=False),
                name="admission_return_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CmeCase(models.Model):
    """A child who may be missing education: of compulsory school age, not on a school's roll and not
    known to be educated otherwise (Education Act 1996 s436A)."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ENQUIRING = "enquiring", "Enquiries under way"
        ESCALATED = "escalated", "Not found: escalated"
        CLOSED = "closed", "Closed"

    TRANSITIONS = Workflow(
        {
            Status.NEW: {Status.ENQUIRING, Status.ESCALATED, Status.CLOSED},
            Status.ENQUIRING: {Status.ESCALATED, Status.CLOSED},
            Status.ESCALATED: {Status.ENQUIRING, Status.CLOSED},
            Status.CLOSED: set(),
        }
    )

    class WayIn(models.TextChoices):
        DELETION = "deletion", "A school's deletion return"
        AGENCY = "agency", "Referral from another agency"
        PUBLIC = "public", "Referral from a member of the public"
        OFFICER = "officer", "Found by the council"

    class Risk(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class Outcome(models.TextChoices):
        ON_ROLL = "on_roll", "On roll at a school in the area"
        MOVED_COUNCIL = "moved_council", "Moved to another council's area (that council told)"
        HOME_EDUCATED = "home_educated", "Electively home educated"
        LEFT_COUNTRY = "left_country", "Left the country"
        NOT_FOUND = "not_found", "Not found: escalated to police and children's social care"
        NOT_CME = "not_cme", "Not missing education (already on a roll, or not of school age)"
        OTHER = "other", "Another reason"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    way_in = models.CharField("how the council learnt of the child", max_length=20, choices=WayIn.choices)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    upn = models.CharField("unique pupil number", max_length=13, blank=True)
    address = models.TextField("last known address", blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    parents = models.TextField("parents or carers", blank=True)
    parent_phone = models.CharField("parent's phone", max_length=40, blank=True)
    school = models.ForeignKey("education.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ground = models.CharField("ground for deletion", max_length=30, choices=DeletionGround.choices, blank=True)
    absent_since = models.DateField("first day of continuous absence", null=True, blank=True)
    what_is_known = models.TextField("what is known", blank=True)
    referrer_name = models.CharField("who referred", max_length=200, blank=True)
    referrer_organisation = models.CharField("referrer's organisation", max_length=200, blank=True)
    referrer_contact = models.CharField("referrer's email or phone", max_length=200, blank=True)
    risk = models.CharField("risk grade", max_length=10, choices=Risk.choices, blank=True)
    risk_reason = models.TextField("why this risk grade", blank=True)
    # The register of placed children, when the child is on it (the looked-after alert goes once).
    placed_child = models.ForeignKey(
        "register.Child", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    looked_after_alerted_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    destination_council = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "council"},
    )
    destination_email = models.EmailField("the other council's CME contact", blank=True)
    closure_note = models.TextField("closure note", blank=True)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["host_council", "status", "-opened_on", "-id"], name="cme_host_status_idx"),
            models.Index(fields=["host_council", "-opened_on", "-id"], name="cme_host_opened_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | (models.Q(closed_on__isnull=False) & ~models.Q(outcome="")),
                name="closed_cme_case_has_outcome",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="moved_council") | models.Q(destination_council__isnull=False),
                name="moved_cme_case_names_council",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.first_name} {self.last_name}"

    @property
    def reference(self) -> str:
        return f"CME-{self.pk:05d}" if self.pk else "CME-new"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CmeEnquiry(models.Model):
    """One reasonable enquiry made about a child missing education: who asked whom, when, and what they
    learnt (statutory guidance "Children missing education", August 2024). Only added to."""

    class Kind(models.TextChoices):
        PARENTS = "parents", "Parents or carers"
        SIBLINGS_SCHOOLS = "siblings_schools", "Siblings' schools"
        SOCIAL_CARE = "social_care", "Children's social care"
        POLICE = "police", "Police"
        HEALTH = "health", "Health (GP, school nursing, health visitor)"
        HOUSING = "housing", "Housing"
        OTHER_COUNCILS = "other_councils", "Other councils"
        LOST_PUPIL = "lost_pupil", "School-to-school service (lost pupil database)"

    case = models.ForeignKey(CmeCase, on_delete=models.CASCADE, related_name="enquiries")
    kind = models.CharField("enquiry of", max_length=30, choices=Kind.choices)
    made_on = models.DateField("date of the enquiry")
    made_by = models.CharField("who made it", max_length=200)
    result = models.TextField("what was learnt")
    recorded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-made_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.made_on}"


class CmeStatusChange(models.Model):
    """The case's history of states; only added to."""

    case = models.ForeignKey(CmeCase, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=CmeCase.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CmeCase.Status.choices)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'start'} to {self.to_status}"


class EheRecord(models.Model):
    """A child electively home educated (Education Act 1996 s7; DfE "Elective home education" guidance
    for local authorities, April 2019), and the school attendance order route (s437) when the council has
    concerns about the suitability of the education."""

    class Status(models.TextChoices):
        OPEN = "open", "Home educated"
        CONCERN = "concern", "Concerns about suitability"
        NOTICE_SERVED = "notice_served", "s437(1) notice served"
        ORDER_SERVED = "order_served", "School attendance order served"
        CLOSED = "closed", "Closed"

    TRANSITIONS = Workflow(
        {
            Status.OPEN: {Status.CONCERN, Status.CLOSED},
            Status.CONCERN: {Status.OPEN, Status.NOTICE_SERVED, Status.CLOSED},
            Status.NOTICE_SERVED: {Status.OPEN, Status.ORDER_SERVED, Status.CLOSED},
            Status.ORDER_SERVED: {Status.CLOSED},
            Status.CLOSED: set(),
        }
    )

    class LearntFrom(models.TextChoices):
        WRITTEN_NOTICE = "written_notice", "Parent's written notice"
        SCHOOL_DELETION = "school_deletion", "School deletion return"
        CME_ENQUIRY = "cme_enquiry", "A children missing education enquiry"
        OTHER = "other", "Other"

    class Closure(models.TextChoices):
        RETURNED_TO_SCHOOL = "returned_to_school", "Returned to school"
        MOVED_AWAY = "moved_away", "Moved out of the area"
        OVER_SCHOOL_AGE = "over_school_age", "No longer of compulsory school age"
        ORDER_COMPLIED = "order_complied", "School attendance order complied with"
        OTHER = "other", "Other"

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    address = models.TextField("home address", blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    parents = models.TextField("parents or carers")
    parent_phone = models.CharField("parent's phone", max_length=40, blank=True)
    learnt_from = models.CharField("how the council learnt of it", max_length=20, choices=LearntFrom.choices)
    learnt_on = models.DateField("date the council learnt of it")
    previous_school = models.ForeignKey(
        "education.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cme_case = models.ForeignKey(CmeCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    concern = models.TextField("concerns about suitability", blank=True)
    notice_served_on = models.DateField("s437(1) notice served on", null=True, blank=True)
    notice_period_days = models.PositiveSmallIntegerField("days given to satisfy the council", null=True, blank=True)
    order_served_on = models.DateField("school attendance order served on", null=True, blank=True)
    closure = models.CharField("why closed", max_length=30, choices=Closure.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [models.Index(fields=["host_council", "status"], name="ehe_host_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(notice_period_days__isnull=True) | models.Q(notice_period_days__gte=15),
                name="ehe_notice_at_least_15_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def reference(self) -> str:
        return f"EHE-{self.pk:05d}" if self.pk else "EHE-new"


class EheContact(models.Model):
    """A contact with a home-educating family: the first after the council learns of it, then yearly."""

    class Suitability(models.TextChoices):
        SUITABLE = "suitable", "Education appears suitable"
        UNCLEAR = "unclear", "Not yet clear"
        CONCERN = "concern", "Concerns about suitability"

    record = models.ForeignKey(EheRecord, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField("date of the contact")
    how = models.CharField("how", max_length=100)
    suitability = models.CharField(max_length=20, choices=Suitability.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"Contact on {self.contacted_on}"


class CnisRecord(models.Model):
    """A child on the register of children not in school (Education Act 1996 ss436B–436G as inserted by
    the Children's Wellbeing and Schools Act 2026): not yet in force. The facts are kept by the field
    list in settings (INCLUSION_CNIS_FIELDS) until the regulations say what they are."""

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="+")
    facts = models.JSONField(default=dict)
    recorded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"CNIS-{self.pk:05d}" if self.pk else "CNIS-new"


class SchoolApiToken(models.Model):
    """A school's key to the school returns API (/api/v1/school-returns), as the placing councils' keys
    are to theirs: only the SHA-256 of the token is kept, and the token is shown once. A token sends
    and lists its own school's returns to its host council, and nothing else."""

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("education.School", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["school", "-created_at"]

    def __str__(self) -> str:
        return f"{self.school}: {self.name} ({self.prefix}…)"
