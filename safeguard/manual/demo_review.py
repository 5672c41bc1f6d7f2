"""The demo's manual review and its links from the work to the procedure (Luton).

The seed (002) lists only the chapters a release changed; the chapters on allegations against people who
work with children, on exploitation and on children placed in Luton by other councils are added here so
that the LADO's, the exploitation and the notification pages have a procedure to link to. Their bodies
are invented demo text, as every chapter's body in the demo is.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import DEMO_LOADER

from .demo import DEMO_NOTE, MISSING_TITLE
from .editors import manual_of_host, manual_review_ensure
from .models import ChangeKind, ChapterPage, ManualSectionPage
from .procedure_links import Act
from .services import chapter_publish, procedure_link_set

ALLEGATIONS_TITLE = "Allegations Against Persons who Work with, Care for or Volunteer with Children"
EXPLOITATION_TITLE = "Children and Young People at Risk of Exploitation"
TRAFFICKING_TITLE = "Unaccompanied Migrant Children and Child Victims of Trafficking and Modern Slavery"
OUT_OF_AREA_TITLE = "Looked After Children Placed in Luton by Other Local Authorities"
CARE_PLANNING_TITLE = "Decision to Look After and Care Planning"

# (section title, chapter title, body): added to the demo manual, in force since December 2015.
ADDED = [
    (
        "Children in need and child protection",
        ALLEGATIONS_TITLE,
        "<h2>1. Telling the LADO</h2><p>Anyone who has a concern that a person who works with children has "
        "harmed a child, or may pose a risk to children, refers it to Luton's LADO within one working day.</p>"
        "<h2>2. What happens next</h2><p>The LADO decides whether the allegation meets the harm threshold and "
        "convenes an evaluation or strategy meeting where it does.</p>",
    ),
    (
        "Children in need and child protection",
        EXPLOITATION_TITLE,
        "<h2>1. Recognising exploitation</h2><p>Sexual and criminal exploitation, county lines, trafficking and "
        "radicalisation are recorded as a concern on the child's record and reviewed by the Referral and "
        "Assessment duty manager the same day.</p><h2>2. The police</h2><p>New police matters go through "
        "the PPU Support Team.</p>",
    ),
    (
        "Looked after children",
        OUT_OF_AREA_TITLE,
        "<h2>1. Notifying Luton</h2><p>The placing council notifies Luton's Safeguarding and Quality Assurance "
        "service of the start of a placement, a change of address and the end of the placement, with the "
        "child's name and date of birth, their legal status, the contact details of the placing council and "
        "the Independent Reviewing Officer, and whether the child has an EHC plan.</p>",
    ),
]
LINKS = [
    (Act.REPORT_MISSING, MISSING_TITLE),
    (Act.EXPLOITATION_CONCERN, EXPLOITATION_TITLE),
    (Act.EXPLOITATION_CONCERN, TRAFFICKING_TITLE),
    (Act.ALLEGATION, ALLEGATIONS_TITLE),
    (Act.NOTIFY_PLACEMENT, OUT_OF_AREA_TITLE),
    (Act.NOTIFY_PLACEMENT, CARE_PLANNING_TITLE),
]


def review_demo_load(*, host: HostCouncil) -> None:
    """The host's manual editors' groups and review workflow; for Luton, the added chapters (one due for
    review within the month) and the procedure links. Safe to run again."""
    manual_review_ensure(actor=DEMO_LOADER, host=host)
    manual = manual_of_host(host)
    if host.slug != "luton" or manual is None:
        return
    today = timezone.localdate()
    for order, (section_title, title, body) in enumerate(ADDED):
        section = ManualSectionPage.objects.child_of(manual).get(title=section_title)
        if ChapterPage.objects.child_of(section).filter(title=title).exists():
            continue
        chapter = ChapterPage(
            title=title,
            body=DEMO_NOTE + body,
            owned_by="LADO" if title == ALLEGATIONS_TITLE else "Head of Service, Safeguarding and Quality Assurance",
            last_reviewed=today - timedelta(days=340 + order),
            next_review=today + timedelta(days=20 + 30 * order),
            change_kind=ChangeKind.NEW,
            change_details="Added to the manual.",
            live=False,
        )
        section.add_child(instance=chapter)
        chapter_publish(
            actor=DEMO_LOADER,
            chapter=chapter,
            in_force_from=timezone.make_aware(datetime.combine(date(2015, 12, 1), time(9, 0))),
        )
    for order, (act, title) in enumerate(LINKS):
        chapter = ChapterPage.objects.descendant_of(manual).filter(title=title).first()
        if chapter is not None:
            procedure_link_set(actor=DEMO_LOADER, manual=manual, act=act, chapter=chapter, sort_order=order)
