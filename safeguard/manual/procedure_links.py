"""From the work to the procedure: which chapter of a host council's manual governs an act.

Each host's editors choose, in the editor's admin ("Procedure links"), the chapter for each act the
pages above link from (reporting a child missing, raising an exploitation concern, the LADO's work,
notifying a placement). `procedures_for(host, act)` gives the live chapters' titles and addresses, or
nothing, so a page shows a link only when its council has one and the chapter is in the manual now.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from safeguard.content.models import HostHomePage


class Act(models.TextChoices):
    """The acts a page links to its procedure from (a fixed list: each is read by one app's views)."""

    REPORT_MISSING = "report_missing", "Reporting a child missing or away"
    EXPLOITATION_CONCERN = "exploitation_concern", "Raising or reviewing an exploitation concern"
    ALLEGATION = "allegation", "An allegation against someone who works with children (the LADO)"
    NOTIFY_PLACEMENT = "notify_placement", "Notifying a placement"


class ProcedureLink(models.Model):
    """The chapter of a host's manual that governs an act (an act may have more than one)."""

    manual = models.ForeignKey("manual.ManualIndexPage", on_delete=models.CASCADE, related_name="procedure_links")
    act = models.CharField(max_length=40, choices=Act.choices)
    chapter = models.ForeignKey("manual.ChapterPage", on_delete=models.CASCADE, related_name="procedure_links")
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lower first, where an act has several")

    class Meta:
        ordering = ["manual", "act", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["manual", "act", "chapter"], name="procedure_link_unique"),
        ]
        verbose_name = "procedure link"

    def __str__(self) -> str:
        return f"{self.get_act_display()}: {self.chapter.title}"

    def clean(self) -> None:
        super().clean()
        if self.manual_id and self.chapter_id and not self.chapter.path.startswith(self.manual.path):
            raise ValidationError({"chapter": "Choose a chapter of this council's manual"})


@dataclass(frozen=True)
class Procedure:
    title: str
    url: str


def _chapter_url(chapter, site: Site | None) -> str:
    section_slug, chapter_slug = chapter.url_path.strip("/").split("/")[-2:]
    href = reverse("manual:chapter_detail", kwargs={"section": section_slug, "chapter": chapter_slug})
    # The default host's manual answers on any address (/manual/); another host's on its own site's.
    return href if site is None or site.is_default_site else f"{site.root_url}{href}"


def procedures_for(host, act: str) -> list[Procedure]:
    """The live chapters that govern `act` in `host`'s manual, in the editors' order, as readers see them
    (the title of the version in force); an empty list where none is set or none is in the manual now."""
    home = HostHomePage.objects.filter(host_council=host).first() if host is not None else None
    if home is None:
        return []
    links = (
        ProcedureLink.objects.filter(manual__path__startswith=home.path, act=act, chapter__live=True)
        .select_related("chapter", "manual")
        .order_by("sort_order", "pk")
    )
    procedures = []
    now = timezone.now()
    site = Site.objects.filter(root_page_id=home.pk).first()
    for link in links:
        version = link.chapter.versions.filter(in_force_from__lte=now).order_by("-in_force_from", "-number").first()
        if version is None or version.kind == "removed":  # ChangeKind.REMOVED (models.py imports this module)
            continue
        procedures.append(Procedure(title=version.title, url=_chapter_url(link.chapter, site)))
    return procedures


def procedure_for(host, act: str) -> Procedure | None:
    """The first chapter that governs `act` in `host`'s manual, or None."""
    found = procedures_for(host, act)
    return found[0] if found else None
