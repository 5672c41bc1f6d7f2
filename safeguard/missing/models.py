"""Missing-from-care episodes. The foundation holds what decides police access; issue 4 adds the rest."""

from django.conf import settings
from django.db import models

from safeguard.core.workflows import Workflow


class MissingEpisode(models.Model):
    """A time a child was missing (whereabouts unknown) or away without authorisation (SSDA903 M/A).

    Part 2 of the Philomena Protocol: what is known when the child goes missing, and the return.
    """

    class Kind(models.TextChoices):
        MISSING = "M", "Missing"
        AWAY = "A", "Away from placement without authorisation"

    class Status(models.TextChoices):
        """Not a column: an episode is open until its return is recorded (`returned_at`); the police
        recording the child found close it too (`found_by_police`)."""

        OPEN = "open", "Missing or away"
        RETURNED = "returned", "Returned"
        FOUND = "found", "Found by the police"

    # Reported (open) -> returned (the carer or host staff record it) or found (the police record it),
    # once (services.episodes._episode_transition checks it). Either is final.
    TRANSITIONS = Workflow({Status.OPEN: {Status.RETURNED, Status.FOUND}, Status.RETURNED: set(), Status.FOUND: set()})

    child = models.ForeignKey("register.Child", on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=Kind.choices)
    last_seen_at = models.DateTimeField()
    last_seen_where = models.CharField(max_length=300, blank=True)
    clothing = models.TextField(blank=True)
    with_whom = models.TextField(blank=True)
    circumstances = models.TextField(blank=True)
    police_reference = models.CharField(max_length=50, blank=True)
    # The risk grade given when the child was reported (by the carer or host staff, as the police told
    # them): the first grade, kept. The list is configuration: MISSING_RISK_GRADES.
    risk_grade = models.CharField(max_length=30, blank=True)
    # The police's own grade, set (and changed) by the force whose area the child is in: the one shown.
    police_risk_grade = models.CharField(max_length=30, blank=True)
    police_updated_at = models.DateTimeField(null=True, blank=True)
    police_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    found_where = models.CharField(max_length=300, blank=True)
    found_by = models.CharField(max_length=200, blank=True)
    found_with = models.TextField(blank=True)
    harm_indicators = models.TextField("signs of harm or exploitation", blank=True)
    # The police recorded the child found (where, by whom, when: found_where, found_by, returned_at).
    found_by_police = models.BooleanField(default=False)
    # At a return recorded by the carer or host staff: whether the police had been told the child is back
    # (None: not asked, as before issue 11, or found by the police themselves).
    police_told_of_return = models.BooleanField(null=True, blank=True)
    return_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the host's R&A team was told: at once for a high grade, or once away longer than
    # MISSING_TELL_RA_AFTER_HOURS (missing.services.missing_sweep).
    ra_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        indexes = [
            models.Index(fields=["child", "-last_seen_at"], name="episode_child_seen_idx"),
            # With the child, so the repeat-episode list counts the last 90 days from the index alone.
            models.Index(fields=["last_seen_at"], include=["child"], name="episode_seen_child_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(returned_at__isnull=True) | models.Q(returned_at__gte=models.F("last_seen_at")),
                name="missing_episode_return_after_last_seen",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(returned_at__isnull=True), name="one_open_episode_per_child"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.get_kind_display().lower()} since {self.last_seen_at:%Y-%m-%d %H:%M}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the figures count of it, as loaded (missing.summary refreshes them when it changes).
        instance._figures_loaded = instance.figures_key()
        return instance

    def figures_key(self) -> tuple:
        return (self.child_id, self.kind, self.last_seen_at) if "last_seen_at" in self.__dict__ else ()

    @property
    def is_open(self) -> bool:
        return self.returned_at is None

    @property
    def status(self) -> str:
        if self.returned_at is None:
            return self.Status.OPEN
        return self.Status.FOUND if self.found_by_police else self.Status.RETURNED

    @property
    def risk_grade_shown(self) -> str:
        """The police's grade once they have given one; until then the grade given at the report."""
        return self.police_risk_grade or self.risk_grade


class MissingSighting(models.Model):
    """A sighting of a child while missing, recorded by the police: when, where, by whom, what. Only
    ever added to."""

    episode = models.ForeignKey(MissingEpisode, on_delete=models.CASCADE, related_name="sightings")
    seen_at = models.DateTimeField()
    seen_where = models.CharField(max_length=300)
    seen_by = models.CharField(max_length=200)
    what = models.TextField("what was seen", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["episode", "-seen_at"]
        indexes = [models.Index(fields=["episode", "-seen_at"], name="sighting_episode_idx")]

    def __str__(self) -> str:
        return f"{self.episode.child} seen {self.seen_at:%Y-%m-%d %H:%M} at {self.seen_where}"


class ChildPhotograph(models.Model):
    """One of the two recent photographs the carer holds for the police (seed 000): face, full length.

    Stored re-encoded, with no metadata (missing.photos.photo_process). The newest of each kind is
    the current one; earlier ones are kept.
    """

    class Kind(models.TextChoices):
        FACE = "face", "Face"
        FULL_LENGTH = "full_length", "Full length"

    child = models.ForeignKey("register.Child", on_delete=models.CASCADE, related_name="photographs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    image = models.FileField(upload_to="photographs/%Y/%m/")
    thumbnail = models.FileField(upload_to="photographs/%Y/%m/thumbs/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # When the photograph was taken: from the camera when it says, otherwise as the carer says.
    taken_on = models.DateField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["child", "kind", "-uploaded_at"]
        indexes = [models.Index(fields=["child", "kind", "-uploaded_at"], name="photo_current_idx")]

    def __str__(self) -> str:
        return f"{self.child}: {self.get_kind_display().lower()} photograph of {self.taken_on}"


# Part 1 of the Philomena Protocol, as the police ask for it: the structured facts first, then free
# text for the rest. Each is (field, label, hint); the order is the form's, the child's page's and the
# grab pack's.
PROFILE_FIELDS = [
    ("height", "Height", "For example, 1.55 m or 5 ft 1 in"),
    ("build", "Build", "For example, slim, medium, stocky"),
    ("ethnicity", "Ethnicity", "As the child would describe it"),
    ("hair", "Hair", "Colour, length and style; if they dye or change it"),
    ("eyes", "Eyes", "Colour; glasses or contact lenses"),
    ("languages", "Languages", "The languages they speak, and which they speak best"),
    ("usual_clothing", "Clothing they usually wear", "Coats, shoes, bags, colours, brands, a favourite item"),
    ("physical_description", "Physical description", "Anything else about how they look: skin, posture, style"),
    ("distinguishing_features", "Distinguishing features", "Scars, tattoos, piercings, glasses, how they walk or talk"),
    ("associates", "Friends and associates", "Names, ages and where they may be found"),
    (
        "family_friends_addresses",
        "Addresses of family and friends",
        "Who, their relationship to the child, and their address",
    ),
    ("places_frequented", "Places they go", "Addresses, areas, towns, shops, parks, transport hubs"),
    ("money_transport", "Bank and travel cards", "Bank cards, cash, bus or train passes, bikes"),
    ("phones_social_media", "Phones and social media", "Phone numbers, apps and account names"),
    ("medical_needs", "Medical needs and medication", "Conditions, medication, doses and what happens without it"),
    ("vulnerabilities", "Vulnerabilities and risks", "Exploitation, self-harm, substance use, previous episodes"),
]
# Answered in a line, not a paragraph.
PROFILE_SHORT_FIELDS = frozenset({"height", "build", "ethnicity", "hair", "eyes", "languages"})


# The profile's answers that describe how the child looks: the grab pack's first page.
DESCRIPTION_FIELDS = [
    "height",
    "build",
    "ethnicity",
    "hair",
    "eyes",
    "distinguishing_features",
    "physical_description",
    "usual_clothing",
    "languages",
]


class MissingProfile(models.Model):
    """Part 1 of the Philomena Protocol: kept by the carer in advance, moved with the child.

    Every save keeps the previous text as a MissingProfileVersion.
    """

    child = models.OneToOneField("register.Child", on_delete=models.CASCADE, related_name="missing_profile")
    height = models.CharField(max_length=100, blank=True)
    build = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    hair = models.CharField(max_length=200, blank=True)
    eyes = models.CharField(max_length=200, blank=True)
    languages = models.CharField(max_length=200, blank=True)
    usual_clothing = models.TextField(blank=True)
    family_friends_addresses = models.TextField(blank=True)
    physical_description = models.TextField(blank=True)
    distinguishing_features = models.TextField(blank=True)
    associates = models.TextField(blank=True)
    places_frequented = models.TextField(blank=True)
    phones_social_media = models.TextField(blank=True)
    vulnerabilities = models.TextField(blank=True)
    medical_needs = models.TextField(blank=True)
    money_transport = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Missing profile of {self.child}"

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name, _label, _hint in PROFILE_FIELDS}

    def description_rows(self) -> list[tuple[str, str]]:
        """What the grab pack's first page describes, beside the face photograph: the answers given."""
        labels = {name: label for name, label, _hint in PROFILE_FIELDS}
        return [(labels[name], getattr(self, name)) for name in DESCRIPTION_FIELDS if getattr(self, name)]


class MissingProfileVersion(models.Model):
    """An earlier wording of a child's missing profile. Only ever added to."""

    profile = models.ForeignKey(MissingProfile, on_delete=models.CASCADE, related_name="versions")
    content = models.JSONField()
    saved_at = models.DateTimeField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["profile", "-saved_at"]

    def __str__(self) -> str:
        return f"{self.profile} as at {self.saved_at:%Y-%m-%d %H:%M}"


class ReturnHomeInterview(models.Model):
    """Offered on every return, by someone independent of the placement, within 72 hours (DfE 2014)."""

    class Outcome(models.TextChoices):
        DUE = "due", "Not yet done"
        DONE = "done", "Interview held"
        DECLINED = "declined", "Offered and declined"

    # Due -> held, or offered and declined, once (services.return_interviews checks it).
    TRANSITIONS = Workflow(
        {Outcome.DUE: {Outcome.DONE, Outcome.DECLINED}, Outcome.DONE: set(), Outcome.DECLINED: set()}
    )

    episode = models.OneToOneField(MissingEpisode, on_delete=models.CASCADE, related_name="return_interview")
    due_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.DUE)
    held_at = models.DateTimeField(null=True, blank=True)
    interviewer = models.CharField(max_length=200, blank=True)
    interviewer_organisation = models.CharField(max_length=200, blank=True)
    learned = models.TextField("what was learned", blank=True)
    shared_with_placing_council = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)
    # When the overdue interview was escalated to the host's R&A team and the placing social worker.
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["outcome", "due_at"], name="rhi_queue_idx"),
            models.Index(fields=["-recorded_at"], name="rhi_recorded_idx"),
            # The queue's 12 months start part-way through a day: those interviews are counted, by due time.
            models.Index(fields=["due_at"], name="rhi_due_idx"),
        ]

    def __str__(self) -> str:
        return f"Return-home interview for {self.episode.child}, due {self.due_at:%Y-%m-%d %H:%M}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the figures count of it, as loaded (missing.summary refreshes them when it changes).
        instance._figures_loaded = instance.figures_key()
        return instance

    def figures_key(self) -> tuple:
        fields = ("episode_id", "due_at", "outcome", "held_at")
        return tuple(self.__dict__.get(name) for name in fields) if "due_at" in self.__dict__ else ()

    @property
    def on_time(self) -> bool | None:
        if self.outcome == self.Outcome.DUE or self.held_at is None:
            return None
        return self.held_at <= self.due_at


class MissingRiskAssessment(models.Model):
    """The placing social worker's risk assessment and action plan for the child going missing.

    Structured answers, an uploaded document, or both; each save is a new row, so earlier
    assessments are kept and the newest is the current one. Overdue once `review_on` has passed.
    """

    child = models.ForeignKey("register.Child", on_delete=models.CASCADE, related_name="missing_risk_assessments")
    risk_factors = models.TextField(blank=True)
    triggers = models.TextField(blank=True)
    agreed_actions = models.TextField(blank=True)
    who_to_tell = models.TextField(blank=True)
    document = models.FileField(upload_to="risk-assessments/%Y/%m/", blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    review_on = models.DateField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "-written_at", "-pk"]
        indexes = [models.Index(fields=["child", "-written_at"], name="risk_assessment_current_idx")]

    def __str__(self) -> str:
        return f"Missing risk assessment for {self.child}, review by {self.review_on}"


RISK_ASSESSMENT_FIELDS = [
    ("risk_factors", "Risk factors", "What makes going missing dangerous for this child"),
    ("triggers", "Triggers", "What has led to the child going missing before, or might"),
    ("agreed_actions", "Agreed actions", "What the carer and others do, and when, if the child goes missing"),
    ("who_to_tell", "Who to tell", "People to tell, in order, with how to reach them out of hours"),
]


class MissingFigureDay(models.Model):
    """The dashboard's and the interview queue's figures for one day, host council and placing council
    (docs/adr/0031): kept by `missing.summary` whenever an episode or interview is saved or deleted,
    so the pages add up a year of days instead of counting the episodes.

    By the day the episode started (last seen, local time): episodes, missing, away, and their
    return-home interviews recorded and on time. By the day the interview is due: those recorded,
    on time, and still due.
    """

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.CASCADE, related_name="+")
    placing_authority = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    episodes = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0)
    away = models.PositiveIntegerField(default=0)
    interviews_recorded = models.PositiveIntegerField(default=0)
    interviews_on_time = models.PositiveIntegerField(default=0)
    due_recorded = models.PositiveIntegerField(default=0)
    due_on_time = models.PositiveIntegerField(default=0)
    due_open = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["host_council", "placing_authority", "day"], name="missing_figure_day_key")
        ]
        indexes = [models.Index(fields=["placing_authority", "day"], name="missing_fig_day_placing_idx")]

    def __str__(self) -> str:
        return f"Missing figures of {self.day:%Y-%m-%d}"


class MissingFigureYear(models.Model):
    """How many children of one host council and placing council had an episode starting in a
    collection year (1 April to 31 March, named by the year it starts in); kept by `missing.summary`."""

    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.CASCADE, related_name="+")
    placing_authority = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    children = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["host_council", "placing_authority", "year"], name="missing_figure_year_key"
            )
        ]
        indexes = [models.Index(fields=["placing_authority", "year"], name="missing_fig_year_placing_idx")]

    def __str__(self) -> str:
        return f"Children missing in {self.year} to {self.year + 1}: {self.children}"
