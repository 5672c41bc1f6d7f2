"""The children's services procedures manual: sections and numbered chapters as Wagtail pages, releases,
and the record of every version of a chapter that came into force. Glossary in README.md."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

# Paths under /manual/ that are the manual's own pages, so no section may take them as its slug.
RESERVED_SLUGS = frozenset(
    {"releases", "amendments", "search", "feed", "subscribe", "unsubscribe", "changes", "reading"}
)


class ManualIndexPage(Page):
    """A host council's procedures manual (one per host, at /manual/ on the host's site)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["content.HostHomePage"]
    subpage_types = ["manual.ManualSectionPage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "procedures manual"


class ManualSectionPage(Page):
    """A section of the manual (e.g. "Education"): chapters are numbered within it, in the tree's order."""

    parent_page_types = ["manual.ManualIndexPage"]
    subpage_types = ["manual.ChapterPage"]

    class Meta:
        verbose_name = "manual section"

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"The slug “{self.slug}” is taken by the manual's own pages: choose another"}
            )


class ChangeKind(models.TextChoices):
    NEW = "new", "New chapter or feature"
    UPDATED = "updated", "Updated"
    CORRECTION = "correction", "A correction: not listed in a release"
    REMOVED = "removed", "Removed"


class ChapterPage(Page):
    """A chapter of the manual. Publishing it records a `ChapterVersion`: what was in force from then."""

    scope = RichTextField("Scope of this chapter", blank=True, features=["bold", "italic", "link", "ul"])
    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"])
    owned_by = models.CharField(
        "Owner", max_length=200, blank=True, help_text="The role or team that keeps this chapter"
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True)
    amendment_note = models.TextField(blank=True, help_text="Shown at the foot of the chapter")
    # What the editor records when publishing: listed in the release (issue 12: a release is built from
    # these, not typed as one block).
    change_kind = models.CharField(
        "What this version is", max_length=20, choices=[c for c in ChangeKind.choices if c[0] != "removed"],
        default=ChangeKind.UPDATED,
    )  # fmt: skip
    change_details = models.TextField(
        "What changed", blank=True, help_text="A line for the release's list, e.g. “Section 6 has been added.”"
    )
    release = models.ForeignKey(
        "manual.ManualRelease", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The release this change is listed in",
    )  # fmt: skip

    parent_page_types = ["manual.ManualSectionPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("scope"),
        index.SearchField("body"),
        index.AutocompleteField("title"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("scope"),
        FieldPanel("body"),
        InlinePanel("related_links", label="Related chapters"),
        InlinePanel("references", label="Relevant legislation and guidance"),
        InlinePanel("local_resources", label="Local resources"),
        MultiFieldPanel(
            [
                FieldPanel("owned_by"),
                FieldPanel("last_reviewed"),
                FieldPanel("next_review"),
                FieldPanel("amendment_note"),
            ],
            heading="Ownership and review",
        ),
        MultiFieldPanel(
            [FieldPanel("change_kind"), FieldPanel("change_details"), FieldPanel("release")],
            heading="What changed in this version",
        ),
    ]

    class Meta:
        verbose_name = "chapter"

    def clean(self) -> None:
        super().clean()
        if self.change_kind in (ChangeKind.NEW, ChangeKind.UPDATED) and not self.change_details.strip():
            raise ValidationError({"change_details": "Enter what changed in this version"})


class ChapterRelated(Orderable):
    page = ParentalKey(ChapterPage, on_delete=models.CASCADE, related_name="related_links")
    chapter = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("chapter", "manual.ChapterPage")]


class ChapterReference(Orderable):
    class Kind(models.TextChoices):
        LEGISLATION = "legislation", "Legislation"
        GUIDANCE = "guidance", "Guidance"

    page = ParentalKey(ChapterPage, on_delete=models.CASCADE, related_name="references")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GUIDANCE)
    title = models.CharField(max_length=300)
    url = models.URLField("Link", blank=True)

    panels = [FieldPanel("kind"), FieldPanel("title"), FieldPanel("url")]


class ChapterResource(Orderable):
    page = ParentalKey(ChapterPage, on_delete=models.CASCADE, related_name="local_resources")
    title = models.CharField(max_length=300)
    url = models.URLField("Link", blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("document")]


class ManualRelease(models.Model):
    """A release of the manual (e.g. "December 2019"): the chapter versions editors listed in it, its
    note on removed chapters and the date of the next update. Public once its publication date comes."""

    manual = models.ForeignKey(ManualIndexPage, on_delete=models.CASCADE, related_name="releases")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    published_on = models.DateField(null=True, blank=True, help_text="Set by “Publish this release” in the list")
    next_update = models.DateField(null=True, blank=True, help_text="Shown as a month, e.g. “June 2020”")
    removed_note = models.TextField("Note on removed chapters", blank=True)

    panels = [
        FieldPanel("manual"), FieldPanel("name"), FieldPanel("slug"), FieldPanel("published_on", read_only=True),
        FieldPanel("next_update"), FieldPanel("removed_note"),
    ]  # fmt: skip

    class Meta:
        ordering = ["-published_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["manual", "slug"], name="manual_release_slug_unique")]

    def __str__(self) -> str:
        return self.name


class ChapterVersion(models.Model):
    """A version of a chapter that came into force when it was published (or a chapter's removal).

    Only ever added. The dated view and "what changed" read these; the full page as it then was is the
    Wagtail revision it was published from.
    """

    manual = models.ForeignKey(ManualIndexPage, on_delete=models.CASCADE, related_name="chapter_versions")
    chapter = models.ForeignKey(ChapterPage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    details = models.TextField(blank=True)
    release = models.ForeignKey(
        ManualRelease, null=True, blank=True, on_delete=models.SET_NULL, related_name="chapter_versions"
    )
    in_force_from = models.DateTimeField()
    # When the chapter's next version (or its removal) came into force; empty while this one is in force.
    # Derived from the chapter's versions (`services.chapter_in_force_chain`), so that the manual on any
    # date is one indexed range, not the latest version per chapter worked out for every chapter.
    in_force_until = models.DateTimeField(null=True, blank=True)
    title = models.CharField(max_length=255)
    scope = models.TextField(blank=True)
    body = models.TextField(blank=True)
    amendment_note = models.TextField(blank=True)

    class Meta:
        ordering = ["chapter", "number"]
        constraints = [models.UniqueConstraint(fields=["chapter", "number"], name="chapter_version_number_unique")]
        indexes = [
            models.Index(fields=["manual", "in_force_until", "in_force_from"], name="chapter_version_in_force"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


# --- Read acknowledgements (issue 12): a manager asks people of their council to read chapters ----------


class ReadingAssignment(models.Model):
    """A manager's request that people of their own council read a chapter, or a release's new and updated
    chapters, by a date. Who it reaches is worked out when asked (its teams' members and the people with
    its roles), so a newcomer to a team is asked too. Glossary in README.md."""

    manual = models.ForeignKey(ManualIndexPage, on_delete=models.CASCADE, related_name="reading_assignments")
    host_council = models.ForeignKey("accounts.HostCouncil", on_delete=models.PROTECT, related_name="+")
    # Set when the assignment is a release's material changes (its new and updated chapters).
    release = models.ForeignKey(
        ManualRelease, null=True, blank=True, on_delete=models.SET_NULL, related_name="reading_assignments"
    )
    due_on = models.DateField()
    assigned_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()

    class Meta:
        ordering = ["-assigned_at", "-pk"]

    def __str__(self) -> str:
        return f"Reading assignment {self.pk}"


class ReadingAudience(models.Model):
    """One team, or one role, an assignment is for (of the assignment's council)."""

    assignment = models.ForeignKey(ReadingAssignment, on_delete=models.CASCADE, related_name="audience")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(team__isnull=False) & models.Q(role=""))
                | (models.Q(team__isnull=True) & ~models.Q(role="")),
                name="reading_audience_team_or_role",
            ),
        ]

    def __str__(self) -> str:
        return self.team.name if self.team_id else self.role


class ReadingItem(models.Model):
    """A chapter of an assignment and the version people must have confirmed: the latest material change
    (new or updated) when it was assigned, or the one published since (it is then assigned again)."""

    assignment = models.ForeignKey(ReadingAssignment, on_delete=models.CASCADE, related_name="items")
    chapter = models.ForeignKey(ChapterPage, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(ChapterVersion, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    assigned_again_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assignment", "chapter__path"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "chapter"], name="reading_item_chapter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.chapter.title} (version {self.version.number}, due {self.due_on:%-d %B %Y})"


class ReadConfirmation(models.Model):
    """A person's confirmation that they have read and understood a version of a chapter. Only ever added."""

    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    chapter = models.ForeignKey(ChapterPage, on_delete=models.CASCADE, related_name="+")
    # Deleting a chapter deletes its versions (ADR 0018) and so these; the audit trail keeps each one.
    version = models.ForeignKey(ChapterVersion, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["confirmed_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="read_confirmation_once_per_version"),
        ]
        indexes = [models.Index(fields=["chapter", "user"], name="read_confirmation_chapter_user")]

    def __str__(self) -> str:
        return f"{self.user} read {self.version}"


# --- Subscriptions, release e-mails and the link check (docs/adr/0020) --------------------------------


class ManualSubscriber(models.Model):
    """An e-mail address that asked for the manual's release e-mails, with no account (one list per host
    manual). It gets them once confirmed through the link e-mailed to it; an unconfirmed address is
    deleted after MANUAL_SUBSCRIPTION_CONFIRM_HOURS, and unsubscribing deletes it."""

    manual = models.ForeignKey(ManualIndexPage, on_delete=models.CASCADE, related_name="email_subscribers")
    email = models.EmailField(max_length=254)
    requested_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Signed into its links: a link for an address deleted and added again does not work for the new one.
    key = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["manual", "email"], name="manual_subscriber_unique")]
        indexes = [models.Index(fields=["confirmed_at", "requested_at"], name="manual_subscriber_pending")]

    def __str__(self) -> str:
        # Never the address: this is what logs and the admin's messages show.
        return f"Subscriber {self.pk}"


class ManualReleaseMailing(models.Model):
    """The e-mails of a release published through "Publish this release", queued once: made when it is
    published (a release recorded as history gets none), `queued_at` set when its e-mails are written
    to the outbox, which a retried publish or a second run of the timed rule then finds done."""

    release = models.OneToOneField(ManualRelease, on_delete=models.CASCADE, related_name="mailing")
    queued_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"E-mails of {self.release}"


class ManualLink(models.Model):
    """A link in a live chapter as the last link check found it (the check replaces a manual's rows)."""

    class Where(models.TextChoices):
        BODY = "body", "In the text"
        SCOPE = "scope", "In the scope"
        REFERENCE = "reference", "Relevant legislation and guidance"
        RESOURCE = "resource", "Local resources"

    manual = models.ForeignKey(ManualIndexPage, on_delete=models.CASCADE, related_name="links")
    chapter = models.ForeignKey(ChapterPage, on_delete=models.CASCADE, related_name="links")
    where = models.CharField(max_length=20, choices=Where.choices)
    text = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=2000)
    ok = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    problem = models.CharField(max_length=300, blank=True)
    checked_at = models.DateTimeField()
    broken_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["chapter__path", "where", "pk"]
        indexes = [models.Index(fields=["manual", "ok"], name="manual_link_broken")]

    def __str__(self) -> str:
        return self.url


class ManualVocabulary(models.Model):
    """The words of a manual's chapters in force, for "did you mean …?" in search (issue 12).

    Derived from the chapter versions in force, like a search index: rebuilt by `search.vocabulary_for`
    when the versions in force have changed since (`stamp`), never edited and not audited.
    """

    manual = models.OneToOneField(ManualIndexPage, on_delete=models.CASCADE, related_name="vocabulary")
    stamp = models.CharField(max_length=100, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "manual vocabularies"

    def __str__(self) -> str:
        return f"Vocabulary of {self.manual}"


class ManualTerm(models.Model):
    """A word that appears in a manual's chapters in force; on PostgreSQL a trigram index serves
    similarity (pg_trgm's `%`)."""

    vocabulary = models.ForeignKey(ManualVocabulary, on_delete=models.CASCADE, related_name="terms")
    word = models.CharField(max_length=60)
    chapters = models.PositiveIntegerField(default=1, help_text="How many chapters use the word")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vocabulary", "word"], name="manual_term_word_unique")]

    def __str__(self) -> str:
        return self.word


# From the work to the procedure (docs/adr/0022-manual-editors-and-review.md): kept in its own module.
from .procedure_links import ProcedureLink  # noqa: E402, F401
