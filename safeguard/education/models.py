"""Schools, term dates and the Virtual School's education record of each placed child.

Glossary in README.md beside this file.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class School(models.Model):
    """An establishment as the DfE's "Get information about schools" (GIAS) lists it, keyed by its URN.

    Loaded from GIAS's CSV (`manage.py load_schools`); loading again updates each school by URN.
    """

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=200)
    phase = models.CharField("phase of education", max_length=100, blank=True)
    establishment_type = models.CharField("type of establishment", max_length=100, blank=True)
    la_code = models.CharField("local authority code", max_length=3, db_index=True)
    la_name = models.CharField("local authority", max_length=100)
    postcode = models.CharField(max_length=10, blank=True)
    is_open = models.BooleanField("open", default=True)
    status = models.CharField("establishment status", max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "urn"]

    def __str__(self) -> str:
        return f"{self.name} (URN {self.urn})"


class SchoolTerm(models.Model):
    """A term of the host council's schools, with its half-term holiday: the calendar school days are
    counted in. Kept by the host's Virtual School or administrator at /education/term-dates/."""

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="school_terms")
    name = models.CharField(max_length=100, help_text="For example, Autumn term 2026")
    starts_on = models.DateField("first day of term")
    ends_on = models.DateField("last day of term")
    half_term_starts_on = models.DateField("first day of the half-term holiday", null=True, blank=True)
    half_term_ends_on = models.DateField("last day of the half-term holiday", null=True, blank=True)

    class Meta:
        ordering = ["host_council", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="term_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(half_term_starts_on__isnull=True, half_term_ends_on__isnull=True)
                | models.Q(
                    half_term_starts_on__gte=models.F("starts_on"),
                    half_term_ends_on__gte=models.F("half_term_starts_on"),
                    half_term_ends_on__lte=models.F("ends_on"),
                ),
                name="term_half_term_within_term",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EducationRecord(models.Model):
    """A placed child's education, kept by the host's Virtual School and the placing council.

    The current school is the open `SchoolEnrolment`; `no_place_since` is set while there is none.
    `pep_due_on` is kept by the services (from the PEPs, the date the child entered care and the term
    dates) so the list can filter and sort by it.
    """

    child = models.OneToOneField("register.Child", on_delete=models.CASCADE, related_name="education")
    entered_care_on = models.DateField("date the child entered care", null=True, blank=True)
    year_group = models.SmallIntegerField(
        "year group", null=True, blank=True, help_text="Set only when it differs from the child's age (0 is Reception)"
    )
    designated_teacher_name = models.CharField("designated teacher", max_length=200, blank=True)
    designated_teacher_email = models.EmailField("designated teacher's email", blank=True)
    designated_teacher_phone = models.CharField("designated teacher's phone", max_length=40, blank=True)
    # Entered here only where the notification did not say (the register's facts win when given).
    has_ehc_plan = models.BooleanField("EHC plan", null=True, blank=True)
    ehc_maintaining_authority = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "council"},
    )
    virtual_school_contact_name = models.CharField(
        "placing council's Virtual School contact", max_length=200, blank=True
    )
    virtual_school_contact_email = models.EmailField("Virtual School contact's email", blank=True)
    virtual_school_contact_phone = models.CharField("Virtual School contact's phone", max_length=40, blank=True)
    no_place_since = models.DateField("without a school place since", null=True, blank=True)
    # The escalation to the Virtual School head, once for each time without a place.
    no_place_escalated_at = models.DateTimeField(null=True, blank=True)
    pep_held_by = models.CharField("who holds the PEP", max_length=200, blank=True)
    next_pep_on = models.DateField("next PEP meeting", null=True, blank=True)
    pep_due_on = models.DateField("PEP due by", null=True, blank=True)
    # Kept by the services so the Virtual School's list is one indexed query (ADR 0030): the host (the
    # child's, copied), the span of the child's placement here (the register's hook keeps it), and the
    # urgency: 0 of school age without a school place (by `no_place_since`), 1 a PEP due (by `pep_due_on`),
    # 2 nothing due.
    host_council = models.ForeignKey(
        "accounts.HostCouncil", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placed_from = models.DateField("placed here since", null=True, blank=True)
    placed_until = models.DateField("placed here until", null=True, blank=True)
    urgency_rank = models.PositiveSmallIntegerField(default=2)
    urgency_on = models.DateField(null=True, blank=True)
    # Attendance, counted from the session marks at each import (attendance.py says how).
    attendance_term_percent = models.DecimalField(
        "attendance this term", max_digits=4, decimal_places=1, null=True, blank=True
    )
    attendance_year_percent = models.DecimalField(
        "attendance this school year", max_digits=4, decimal_places=1, null=True, blank=True
    )
    attendance_year_possible = models.PositiveIntegerField("possible sessions this school year", default=0)
    unexplained_absences = models.PositiveIntegerField("unexplained absences this school year (O, N)", default=0)
    exclusion_sessions = models.PositiveIntegerField("sessions excluded this school year (E)", default=0)
    attendance_marked_to = models.DateField("attendance marked up to", null=True, blank=True)
    # The alerts, once each: below the threshold (rearmed when back above it), unexplained absence while
    # missing (the episode alerted for).
    attendance_below_alerted_at = models.DateTimeField(null=True, blank=True)
    missing_absence_alerted_for = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["no_place_since"], name="education_no_place_idx"),
            models.Index(fields=["pep_due_on"], name="education_pep_due_idx"),
            models.Index(fields=["host_council", "urgency_rank", "urgency_on", "child"], name="education_urgency_idx"),
            # The list's count (the children placed in the area now, and with a filter) read from the
            # index alone, without visiting each record.
            models.Index(
                fields=["host_council", "placed_from"],
                include=["placed_until", "urgency_rank", "pep_due_on"],
                name="education_placed_now_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_group__isnull=True) | models.Q(year_group__gte=-2, year_group__lte=14),
                name="education_year_group_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Education of {self.child}"


class SchoolEnrolment(models.Model):
    """A school the child attended (or attends, while `ended_on` is empty). Only added to and closed."""

    record = models.ForeignKey(EducationRecord, on_delete=models.CASCADE, related_name="enrolments")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="enrolments")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="enrolment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["record"], condition=models.Q(ended_on__isnull=True), name="one_open_enrolment_per_child"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} from {self.started_on}"


class PepMeeting(models.Model):
    """A personal education plan meeting held: the first initiates the PEP, later ones review it."""

    record = models.ForeignKey(EducationRecord, on_delete=models.CASCADE, related_name="peps")
    held_on = models.DateField("date of the PEP meeting")
    held_by = models.CharField("who holds the PEP", max_length=200, blank=True)
    notes = models.TextField("what was agreed", blank=True)
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"PEP on {self.held_on}"


class AttendanceMark(models.Model):
    """One session's mark for a child, as the school's register codes it (attendance.CODES).

    One per child, date and session: importing the same mark again replaces it."""

    class Session(models.TextChoices):
        AM = "AM", "morning"
        PM = "PM", "afternoon"

    child = models.ForeignKey("register.Child", on_delete=models.CASCADE, related_name="attendance_marks")
    date = models.DateField()
    session = models.CharField(max_length=2, choices=Session.choices)
    code = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "date", "session"], name="attendance_mark_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.session}: {self.code}"


class AttendanceImport(models.Model):
    """An import of attendance marks (an upload or the API), with the rows refused by line."""

    class Source(models.TextChoices):
        UPLOAD = "upload", "upload"
        API = "api", "API"

    host_council = models.ForeignKey("accounts.HostCouncil", null=True, blank=True, on_delete=models.PROTECT)
    placing_authority = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    file_name = models.CharField(max_length=200, blank=True)
    imported_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_by_label = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    rows_read = models.PositiveIntegerField(default=0)
    marks_kept = models.PositiveIntegerField(default=0)
    rows_refused = models.PositiveIntegerField(default=0)
    children = models.PositiveIntegerField(default=0)
    # The first refused rows: [{"line": 12, "field": "am", "message": "…"}, …] (all are counted).
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"Attendance import {self.pk} ({self.marks_kept} marks)"


class AttendanceSetting(models.Model):
    """A host's attendance threshold: below it the Virtual School and the placing social worker are told.
    Without a row the setting EDUCATION_ATTENDANCE_THRESHOLD_PERCENT (90) applies."""

    host_council = models.OneToOneField("accounts.HostCouncil", on_delete=models.CASCADE, related_name="+")
    threshold_percent = models.DecimalField(
        "attendance threshold (%)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    def __str__(self) -> str:
        return f"{self.host_council}: {self.threshold_percent}%"
