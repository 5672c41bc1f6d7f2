"""The safeguarding partnership's public site: Wagtail pages under each host council's content root.
Glossary in README.md beside this file.

The partnership site sits beside the procedures manual (a sibling layer: neither imports the other), so a
page links to a manual chapter as a Wagtail page (`wagtailcore.Page`, the chooser limited to
"manual.ChapterPage" by name) and reads its title and address from the page tree.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from safeguard.content.selectors import host_home_of_page
from safeguard.directory.oruk import schedule_words
from safeguard.directory.selectors import looked_after_services
from safeguard.learning.selectors import events_from_review, events_next
from safeguard.reference.models import Contact
from safeguard.reference.selectors import (
    CallAdvice,
    contacts_for,
    contacts_of_purpose,
    host_contacts,
    who_to_call_now,
)

from .feeds import news_feed_response

# The partnership site answers at /partnership/ (urls.py): its home page takes this slug.
HOME_SLUG = "partnership"
NEWS_PER_PAGE = 10
LATEST_NEWS = 3
FEED_ARTICLES = 20
BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]
SHORT_FEATURES = ["bold", "italic", "link", "ul"]


@dataclass
class CallNow:
    """Who to call now about a child, from the host's contacts and opening hours read at this moment."""

    missing: CallAdvice
    exploitation: list[Contact]
    police_new_matter: list[Contact]
    not_for_referrals: list[Contact]


def call_now(host) -> CallNow | None:
    if host is None:
        return None
    contacts = host_contacts(host)  # from the shared cache (forgotten on any edit), sorted here by purpose
    return CallNow(
        missing=who_to_call_now(host, Contact.Purpose.REPORT_MISSING, timezone.now(), contacts=contacts),
        exploitation=contacts_of_purpose(contacts, Contact.Purpose.EXPLOITATION),
        police_new_matter=contacts_of_purpose(contacts, Contact.Purpose.POLICE_NEW_MATTER),
        not_for_referrals=contacts_of_purpose(contacts, Contact.Purpose.NOT_FOR_REFERRALS),
    )


# The host's contacts a placing council needs (seed 001's pack): notifications, R&A, missing, the LADO.
PACK_CONTACTS = (
    Contact.Purpose.NOTIFICATIONS,
    Contact.Purpose.EXPLOITATION,
    Contact.Purpose.FRONT_DOOR,
    Contact.Purpose.REPORT_MISSING,
    Contact.Purpose.LADO,
    Contact.Purpose.OUT_OF_HOURS,
)
PACK_SERVICES = 100


@dataclass
class InformationPack:
    """The placing councils' information pack (seed 001): the services for looked-after children in the
    borough from the directory, how to notify a placement, and the host's contacts, read now."""

    host: object
    services: list[dict]
    contacts: list[Contact]


def information_pack_for(host) -> InformationPack | None:
    if host is None:
        return None
    return InformationPack(
        host=host,
        services=looked_after_services(host, limit=PACK_SERVICES),
        contacts=[c for c in contacts_for(host, PACK_CONTACTS) if not c.not_for_referrals],
    )


def pack_links(request, absolute: bool = False) -> dict:
    """Where a placing council notifies a placement: the web form and the API's documentation (URL names,
    not imports of the notifications app, which sits above)."""
    links = {"notify": reverse("notifications:notify_start"), "api": reverse("api:openapi-json")}
    return {name: request.build_absolute_uri(href) for name, href in links.items()} if absolute else links


def site_context(page: Page, request) -> dict:
    """What every partnership page is drawn with: its site's home, the site's sections (live pages shown in
    menus, in the tree's order), the host council, and the live pages above it within the site."""
    at_home = isinstance(page, PartnershipHomePage)
    home = page if at_home else PartnershipHomePage.objects.ancestor_of(page).first()
    content_home = host_home_of_page(page)
    # The home page has nothing above it within the site: no query for its ancestors.
    ancestors = list(page.get_ancestors().live().descendant_of(home, inclusive=True)) if home and not at_home else []
    news = NewsIndexPage.objects.child_of(home).live().first() if home else None
    return {
        "news_index": news,
        "partnership": home,
        "sections": list(home.get_children().live().in_menu().specific(defer=True)) if home else [],
        "host": content_home.host_council if content_home else None,
        "ancestors": ancestors,
        "ancestors_crumbs": [{"text": a.title, "href": a.get_url(request)} for a in ancestors],
        "news_feed_url": f"{news.get_url(request)}feed/" if news else "",
        "exit_url": settings.PARTNERSHIP_EXIT_URL,
    }


def tree_path(page: Page) -> str:
    """A page's address on its host council's site, from the page tree: its url_path below the host's
    content root ("/luton/partnership/news/" → "/partnership/news/"). The partnership's addresses are
    this by its URLs; the manual's chapters are too (ADR 0018: its URLs follow the tree)."""
    below_root = page.url_path.strip("/").split("/")[1:]
    return "/" + "".join(f"{segment}/" for segment in below_root)


class PartnershipContextMixin:
    """Every partnership page is drawn with the site's own navigation, the quick exit and its host; its
    address is its place in the tree under /partnership/ (partnership/urls.py, not Wagtail's catch-all)."""

    def route(self, request, path_components):
        """Wagtail serves a live page under an unpublished one; the partnership does not: taking a page
        down takes down what is under it."""
        if not self.live:
            raise Http404
        return super().route(request, path_components)

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, _ = parts
        if root_url is None:  # Wagtail's own serve is not mounted, so it found no address
            root_url = next(srp.root_url for srp in Site.get_site_root_paths() if srp.site_id == site_id)
        return site_id, root_url, tree_path(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(site_context(self, request))
        return context


class PartnershipHomePage(PartnershipContextMixin, Page):
    """A host council's safeguarding partnership site (one per host, at /partnership/ on its site)."""

    strapline = models.CharField(
        max_length=200,
        blank=True,
        help_text="The partnership's message, e.g. “Safeguarding children is everybody's responsibility”",
    )
    purpose = RichTextField(features=SHORT_FEATURES, help_text="What the partnership is for, shown first")
    for_professionals = RichTextField("For professionals", blank=True, features=SHORT_FEATURES)
    for_parents_and_carers = RichTextField("For parents and carers", blank=True, features=SHORT_FEATURES)
    for_young_people = RichTextField("For young people", blank=True, features=SHORT_FEATURES)

    parent_page_types = ["content.HostHomePage"]
    subpage_types = ["partnership.PartnershipPage", "partnership.NewsIndexPage", "partnership.ReviewIndexPage"]
    max_count_per_parent = 1
    content_panels = [
        *Page.content_panels,
        FieldPanel("strapline"),
        FieldPanel("purpose"),
        MultiFieldPanel(
            [FieldPanel("for_professionals"), FieldPanel("for_parents_and_carers"), FieldPanel("for_young_people")],
            heading="Routes for each reader",
        ),
    ]

    class Meta:
        verbose_name = "partnership home"

    def clean(self) -> None:
        super().clean()
        if self.slug != HOME_SLUG:
            raise ValidationError(
                {"slug": f"The partnership site's slug is “{HOME_SLUG}”: it answers at /{HOME_SLUG}/"}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = context["news_index"]  # site_context's
        context.update(
            latest_news=news.articles()[:LATEST_NEWS] if news else [],
            call_now=call_now(context["host"]),
            next_events=events_next(context["host"]),
        )
        return context


class WhoToCall(models.TextChoices):
    NONE = "", "No contacts"
    MISSING = "missing", "A child missing: who to call now (the police's missing persons unit and its hours)"
    EXPLOITATION = "exploitation", "Exploitation: R&A duty manager, PPU Support Team, units not for referrals"


class PartnershipPage(PartnershipContextMixin, Page):
    """A standard page of the partnership site (about, exploitation, missing children, for placing councils)."""

    summary = models.CharField(max_length=300, blank=True, help_text="A sentence under the title")
    body = RichTextField(features=BODY_FEATURES)
    who_to_call = models.CharField(
        "Contacts shown", max_length=20, choices=WhoToCall.choices, blank=True, default="",
        help_text="The host council's contacts, kept in Safeguard's configuration, shown live on the page",
    )  # fmt: skip
    information_pack = models.BooleanField(
        "Show the information pack for placing councils", default=False,
        help_text="After the text: the services for looked-after children from the directory, how to notify a "
        "placement and the contacts, with the pack as a PDF (one page of the site should show it)",
    )  # fmt: skip

    parent_page_types = ["partnership.PartnershipHomePage", "partnership.PartnershipPage"]
    subpage_types = ["partnership.PartnershipPage"]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("who_to_call"),
        FieldPanel("information_pack"),
        InlinePanel("chapter_links", label="Procedures manual chapters"),
    ]

    class Meta:
        verbose_name = "partnership page"

    def get_context(self, request, *args, **kwargs):
        """Its live sub-pages, the manual chapters it links to (live ones only) and, when the editor chose
        them, the host's contacts for a missing child or for exploitation, read now."""
        context = super().get_context(request, *args, **kwargs)
        context.update(
            children=list(self.get_children().live().specific()),
            chapters=[
                {"title": link.chapter.title, "href": tree_path(link.chapter)}
                for link in self.chapter_links.select_related("chapter")
                if link.chapter.live
            ],
            call_now=call_now(context["host"]) if self.who_to_call else None,
            pack=information_pack_for(context["host"]) if self.information_pack else None,
            pack_links=pack_links(request) if self.information_pack else None,
            schedule_words=schedule_words,
        )
        return context


class ChapterLink(Orderable):
    """A chapter of the host's procedures manual that a partnership page links to."""

    page = ParentalKey(PartnershipPage, on_delete=models.CASCADE, related_name="chapter_links")
    chapter = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("chapter", "manual.ChapterPage")]


class NewsIndexPage(PartnershipContextMixin, RoutablePageMixin, Page):
    """The partnership's news: articles newest first, filtered by a tag, and an Atom feed (feed/)."""

    intro = RichTextField(blank=True, features=SHORT_FEATURES)

    parent_page_types = ["partnership.PartnershipHomePage"]
    subpage_types = ["partnership.NewsArticlePage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "news"

    def articles(self):
        """The live articles, newest first."""
        return NewsArticlePage.objects.child_of(self).live().order_by("-date", "-pk")

    @path("")
    def index(self, request):
        """The articles, those with a tag (?tag=<slug>) when one is asked for; the tags in use, to choose."""
        articles = self.articles()
        tags = sorted(
            {
                (t.slug, t.name)
                for t in Tag.objects.filter(partnership_newsarticletag_items__content_object__in=articles)
            },
            key=lambda pair: pair[1].lower(),
        )
        tag = request.GET.get("tag", "")
        if tag:
            articles = articles.filter(tags__slug=tag).distinct()
        return self.render(
            request,
            context_overrides={
                "articles": Paginator(articles.prefetch_related("tags"), NEWS_PER_PAGE).get_page(
                    request.GET.get("page")
                ),
                "tags": tags,
                "tag": tag,
                "tag_name": dict(tags).get(tag, ""),
            },
        )

    @path("feed/")
    def feed(self, request):
        """The articles as an Atom feed."""
        return news_feed_response(self, list(self.articles()[:FEED_ARTICLES]), request)


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey("partnership.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsArticlePage(PartnershipContextMixin, Page):
    """A news article: its date, a summary for the list and the feed, the text and its tags."""

    date = models.DateField("Date of the article")
    summary = models.CharField(max_length=300, help_text="Shown in the list of news and in the feed")
    body = RichTextField(features=BODY_FEATURES)
    tags = ClusterTaggableManager(through=NewsArticleTag, blank=True)

    parent_page_types = ["partnership.NewsIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]

    class Meta:
        verbose_name = "news article"
        ordering = ["-date"]


class ReviewIndexPage(PartnershipContextMixin, Page):
    """Learning from practice reviews: the reviews, each with its seven-minute briefing."""

    intro = RichTextField(blank=True, features=SHORT_FEATURES)

    parent_page_types = ["partnership.PartnershipHomePage"]
    subpage_types = ["partnership.PracticeReviewPage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "practice reviews"

    def get_context(self, request, *args, **kwargs):
        """The reviews, the most recently published first, those still in progress after them."""
        context = super().get_context(request, *args, **kwargs)
        reviews = PracticeReviewPage.objects.child_of(self).live()
        context["reviews"] = [
            *reviews.filter(publication_date__isnull=False).order_by("-publication_date", "title"),
            *reviews.filter(publication_date__isnull=True).order_by("title"),
        ]
        return context


class ReviewKind(models.TextChoices):
    CSPR = "cspr", "Local child safeguarding practice review"
    SCR = "scr", "Serious case review"
    LEARNING = "learning", "Learning review"


class ReviewStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    PUBLISHED = "published", "Published"
    ACTION_PLAN_COMPLETE = "complete", "Action plan complete"


class PracticeReviewPage(PartnershipContextMixin, Page):
    """A practice review and its seven-minute briefing: the learning in the time a team meeting can give it
    (background, why it matters, what the review found, questions to reflect on, what to do)."""

    kind = models.CharField("Kind of review", max_length=20, choices=ReviewKind.choices, default=ReviewKind.CSPR)
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.IN_PROGRESS)
    publication_date = models.DateField(
        null=True, blank=True, help_text="When the review's report was published; empty while it is in progress"
    )
    summary = models.CharField(max_length=300, help_text="A sentence for the list of reviews")
    report_url = models.URLField("Link to the full report", blank=True)
    background = RichTextField("1. Background", features=SHORT_FEATURES)
    why_it_matters = RichTextField("2. Why it matters", features=SHORT_FEATURES)
    findings = RichTextField("3. What the review found", features=SHORT_FEATURES)
    questions = RichTextField("4. Questions to reflect on", features=SHORT_FEATURES)
    what_to_do = RichTextField("5. What you should do", features=SHORT_FEATURES)
    further_information = RichTextField("Further information", blank=True, features=SHORT_FEATURES)

    parent_page_types = ["partnership.ReviewIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("findings")]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("status"),
                FieldPanel("publication_date"),
                FieldPanel("summary"),
                FieldPanel("report_url"),
            ],
            heading="The review",
        ),  # fmt: skip
        MultiFieldPanel(
            [
                FieldPanel("background"),
                FieldPanel("why_it_matters"),
                FieldPanel("findings"),
                FieldPanel("questions"),
                FieldPanel("what_to_do"),
                FieldPanel("further_information"),
            ],
            heading="Seven-minute briefing",
        ),  # fmt: skip
    ]

    BRIEFING = ("background", "why_it_matters", "findings", "questions", "what_to_do")

    class Meta:
        verbose_name = "practice review"

    def clean(self) -> None:
        super().clean()
        if self.status != ReviewStatus.IN_PROGRESS and self.publication_date is None:
            raise ValidationError({"publication_date": "Enter the date the review's report was published"})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["review_events"] = events_from_review(self)
        return context

    def briefing(self) -> list[tuple[str, str]]:
        """The briefing's five parts, as (heading, rich text), in order."""
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.BRIEFING]


class PlacingCouncilPack(models.Model):
    """A placing council's own information pack about services for looked-after children in its area, sent
    to a host council (seed 001: "It would also be useful to receive similar information"): a link, or a
    PDF checked by its content. The host's staff read them by council when they place a child there."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    host_council = models.ForeignKey(
        "accounts.HostCouncil", on_delete=models.CASCADE, related_name="placing_council_packs"
    )
    placing_council = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    link = models.URLField(max_length=500, blank=True)
    document = models.FileField(upload_to="placing-council-packs/%Y/%m/", blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["placing_council__name", "-sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(link="") & ~models.Q(document="")) | (~models.Q(link="") & models.Q(document="")),
                name="partnership_pack_link_or_document",
            )
        ]

    def __str__(self) -> str:
        return self.title
