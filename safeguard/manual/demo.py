"""Luton's procedures manual for the demo: the December 2019 release as the council's hosted manual shows
it (seed 002: every updated, new and removed chapter with its details, the note on removed chapters and
the next update), with earlier releases for the amendment years 2015 to 2019.

The seed gives no chapter text: every body here is invented and says so ("Demo text"). The chapter on
children who run away or go missing has three versions, so "what changed" and the dated view show
something.
"""

from datetime import date, datetime, time

from django.utils import timezone

from safeguard.accounts.models import HostCouncil
from safeguard.content.services import host_content_ensure
from safeguard.core.audit import DEMO_LOADER

from .models import ChangeKind, ChapterPage, ChapterReference, ChapterResource, ManualIndexPage, ManualSectionPage
from .services import chapter_publish, chapter_unpublish, release_create

MISSING_TITLE = "Safeguarding Children who Run Away or Go Missing"
DEMO_NOTE = "<p><strong>Demo text:</strong> invented for this demonstration, not the council's procedure.</p>"

# (section, [(title, kind in December 2019: "updated", "new" or "", details)])
DECEMBER_2019_UPDATED = [
    ("Children's Consultation and Participation", "The Related Guidance section has been updated to add supporting resources with regard to children's consultation and participation. Local Resources section has been updated to include links to the Luton Young People's Panel and Luton's Youth Participation website."),
    ("Supervision Guidance", "This chapter has been revised throughout locally to reflect local guidance."),
    ("Step-Up and Step-Down", "This chapter has been updated locally to reflect local practice."),
    ("Death or Serious Injury to a Child (Looked After and Child In Need)", "This chapter has been updated throughout to reflect Working Together to Safeguard Children and the process for reporting a serious incident to the Panel via the Child Safeguarding Incident Notification System."),
    ("Unaccompanied Migrant Children and Child Victims of Trafficking and Modern Slavery", "A new Section 6, Suitable Placements has been added. Details of the National Transfer Scheme Protocol for Unaccompanied Asylum Seeking Children Version 2.0 March 2018 have been added into Section 1, Introduction and Definitions."),
    (MISSING_TITLE, "This chapter has been updated to add Pan Bedfordshire Safeguarding Children who go Missing from Home and Care Protocol and Return Home Interview Process."),
    ("Family and Friends Care", "A link has been added in the Relevant Legislation and Guidance Section to Looking after someone else's child government guidance."),
    ("Private Fostering", "This chapter has been amended. It confirms in Section 14, After the Private Fostering Arrangement Ends that any request for support by the young person should be made to the local authority in which they are resident or where the education and training is being provided."),
    ("Unregistered Schools Strategy", "This strategy has been updated."),
    ("Decision to Look After and Care Planning", "This chapter has been amended to reflect Section 3 of the Care Planning and Care Leavers (Amendment) Regulations 2014. The Care Plan must identify whether there is reason to believe the child has been trafficked or is an unaccompanied asylum seeker (see Section 2.1, The Care Plan - Contents)."),
    ("Placements with Parents", "This chapter has been updated to note that this procedure does not apply to children subject to Interim Care Orders where the placement is required by the court under Section 38(6) Children Act 1989 for the purposes of assessment (see Scope of this Chapter)."),
    ("Notifications of Significant Events", "This chapter has been reviewed and revised throughout."),
    ("Promoting the Education of Looked-After and Previously Looked After Children", "This chapter has been reviewed and revised to reflect local practice and should be re-read throughout."),
    ("Health Care Assessments and Plans", "The Luton Escalation Process for LAC referrals to Health flowchart has been added."),
    ("Assessment and Approvals of Prospective Adopters", "This chapter has been amended to reflect the national changes in adoption registration and matching (see Section 9, After the Panel Recommendation)."),
    ("Placement for Adoption", "This chapter has been amended to reflect the national changes in adoption registration and matching (see Section 7.13, Inter Agency Placements and Section 11, Children Approved for Adoption for Whom no Placement has been Identified)."),
    ("Local Contacts", "These details have been updated."),
]  # fmt: skip
DECEMBER_2019_NEW = [
    ("Luton Practice Standards Booklet", "A link to the Luton Practice Standards Booklet has been added to the manual."),
    ("Family Safeguarding Workbook Policy", "A link to the Family Safeguarding Workbook Policy has been added to the manual."),
    ("Placing and Visiting Children with Special Educational Needs and Disabilities or Health Condition in Long-Term Residential Settings", "This chapter has been added as new, to reflect statutory guidance in relation to children who are placed by health authorities or local authorities for more than 3 months in residential establishments for educational purposes and children placed in care homes or independent hospitals (including hospices) by health authorities or local authorities (Sections 85 and 86 of the Children Act 1989)."),
    ("Luton's Virtual School Policy for Placing Children in Schools", "This is a local policy which has been added as new into the Education section."),
]  # fmt: skip
DECEMBER_2019_REMOVED = [
    "Vision Statement: Young People's Version",
    "Practice Guidance and Risk Assessment Tool to Safeguard Children and Young People who are Sexually Abused through Exploitation",
    "Child Sexual Exploitation Panel (CSEP) Operating Protocol",
    "Multi-Agency Risk Assessment Conference (MARAC) - Operating Protocol",
    "Young Carers Strategy",
    "Model Safeguarding and Child Protection Policy for Schools and Education Services",
    "Corporate Parenting Policy",
    "Staying Put Policy",
    "Staying Put Arrangement - Flowchart - 2014-2015",
    "Fostering Service Contract Care Policy",
]
REMOVED_NOTE = "The above Luton Policies are currently under review - see Local Resources."

# The sections the chapters are filed in (invented: the seed lists chapters, not the manual's sections).
SECTIONS = {
    "Practice standards and local contacts": [
        "Luton Practice Standards Booklet", "Family Safeguarding Workbook Policy", "Supervision Guidance",
        "Children's Consultation and Participation", "Local Contacts",
    ],
    "Children in need and child protection": [
        "Step-Up and Step-Down", "Death or Serious Injury to a Child (Looked After and Child In Need)",
        "Unaccompanied Migrant Children and Child Victims of Trafficking and Modern Slavery", MISSING_TITLE,
        "Private Fostering", "Unregistered Schools Strategy",
    ],
    "Looked after children": [
        "Decision to Look After and Care Planning", "Placements with Parents", "Family and Friends Care",
        "Notifications of Significant Events", "Health Care Assessments and Plans",
        DECEMBER_2019_NEW[2][0],
    ],
    "Education": [
        "Promoting the Education of Looked-After and Previously Looked After Children",
        "Luton's Virtual School Policy for Placing Children in Schools",
    ],
    "Adoption": ["Assessment and Approvals of Prospective Adopters", "Placement for Adoption"],
    "Local policies": DECEMBER_2019_REMOVED,
}  # fmt: skip

# Releases before December 2019 (invented dates within the amendment years the seed links to).
EARLIER_RELEASES = [
    ("December 2015", "december-2015", date(2015, 12, 1)),
    ("December 2016", "december-2016", date(2016, 12, 1)),
    ("December 2017", "december-2017", date(2017, 12, 1)),
    ("December 2018", "december-2018", date(2018, 12, 3)),
    ("June 2019", "june-2019", date(2019, 6, 3)),
]
DECEMBER_2019 = date(2019, 12, 2)

MISSING_BODIES = [
    # Version 1 (December 2015)
    "<h2>1. Reporting a child missing</h2><p>When a looked after child is missing, the carer reports it to the police at once and tells the child's social worker on the same day.</p>"
    "<h2>2. When the child returns</h2><p>The child is offered an interview with someone independent within 72 hours of their return.</p>",
    # Version 2 (June 2019)
    "<h2>1. Reporting a child missing</h2><p>When a looked after child is missing, the carer reports it to the police at once and tells the child's social worker and the placing council on the same day.</p>"
    "<h2>2. When the child returns</h2><p>The child is offered a return home interview with someone independent within 72 hours of their return.</p>",
    # Version 3 (December 2019)
    "<h2>1. Reporting a child missing</h2><p>When a looked after child is missing, the carer reports it to Bedfordshire Police by calling 999 and tells the child's social worker and the placing council within one hour.</p>"
    "<h2>2. When the child returns</h2><p>The child is offered a return home interview with someone independent within 72 hours of their return, under the Pan Bedfordshire Return Home Interview Process.</p>"
    "<h2>3. Pan Bedfordshire protocol</h2><p>The Pan Bedfordshire Safeguarding Children who go Missing from Home and Care Protocol applies to every child placed in Luton.</p>",
]  # fmt: skip


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _body(title: str, version: int, details: str = "") -> str:
    text = f"<p>This chapter sets out how practitioners in Luton work on {title.lower()}.</p>"
    if version > 1:
        text += f"<p>What this version changed: {details}</p>"
    return DEMO_NOTE + text


def manual_demo_load(*, host: HostCouncil) -> ManualIndexPage | None:
    """The host's content root and site; for Luton, its procedures manual with its history. Safe to run again."""
    home = host_content_ensure(actor=DEMO_LOADER, host=host)
    if host.slug != "luton":
        return None
    existing = ManualIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    manual = home.add_child(
        instance=ManualIndexPage(
            title="Children's Services Procedures Manual",
            slug="manual",
            intro="<p>Luton's procedures for children's social care. <strong>Demo text:</strong> the chapters' bodies are invented for this demonstration.</p>",
        )
    )
    manual.save_revision().publish(log_action=False)
    releases = {
        slug: release_create(actor=DEMO_LOADER, manual=manual, name=name, slug=slug, published_on=published_on)
        for name, slug, published_on in EARLIER_RELEASES
    }
    december = release_create(
        actor=DEMO_LOADER, manual=manual, name="December 2019", slug="december-2019", published_on=DECEMBER_2019,
        next_update=date(2020, 6, 1), removed_note=REMOVED_NOTE,
    )  # fmt: skip
    chapters: dict[str, ChapterPage] = {}
    new_in_2019 = {title for title, _ in DECEMBER_2019_NEW}
    for section_title, titles in SECTIONS.items():
        section = manual.add_child(instance=ManualSectionPage(title=section_title))
        section.save_revision().publish(log_action=False)
        for title in titles:
            chapter = ChapterPage(
                title=title,
                body=MISSING_BODIES[0] if title == MISSING_TITLE else _body(title, 1),
                owned_by="Head of Service, Safeguarding and Quality Assurance",
                last_reviewed=date(2019, 11, 1),
                next_review=date(2020, 11, 1),
                change_kind=ChangeKind.NEW,
                change_details="Added to the manual.",
                release=releases["december-2016"] if section_title == "Local policies" else releases["december-2015"],
                live=False,
            )
            section.add_child(instance=chapter)
            chapters[title] = chapter
            if title in new_in_2019:
                continue
            first = date(2016, 12, 1) if section_title == "Local policies" else date(2015, 12, 1)
            chapter_publish(actor=DEMO_LOADER, chapter=chapter, in_force_from=_at(first))
    missing = chapters[MISSING_TITLE]
    missing.scope = "<p>Children looked after by Luton or placed in Luton by another council who run away or go missing from their placement.</p>"
    missing.references.add(
        ChapterReference(
            kind="guidance",
            title="Children who run away or go missing from home or care (DfE, 2014)",
            url="https://www.gov.uk/government/publications/children-who-run-away-or-go-missing-from-home-or-care",
        )
    )
    missing.references.add(
        ChapterReference(
            kind="legislation", title="Children Act 1989", url="https://www.legislation.gov.uk/ukpga/1989/41/contents"
        )
    )
    missing.local_resources.add(ChapterResource(title="Who to call in Luton", url="https://www.luton.gov.uk/"))
    # Earlier years' amendments (invented, a line each), in the order they came into force.
    _update(
        chapters["Supervision Guidance"],
        _body("Supervision Guidance", 2, "supervision of newly qualified social workers clarified."),
        "The frequency of supervision for newly qualified social workers has been clarified.",
        releases["december-2017"],
        date(2017, 12, 1),
    )
    _update(
        chapters["Private Fostering"],
        _body("Private Fostering", 2, "contact details updated."),
        "Contact details for notifying a private fostering arrangement have been updated.",
        releases["december-2018"],
        date(2018, 12, 3),
    )
    # The missing-children chapter's version 2 (June 2019); version 3 comes with the rest of December 2019.
    _update(
        missing,
        MISSING_BODIES[1],
        "The section on return home interviews has been revised.",
        releases["june-2019"],
        date(2019, 6, 3),
    )
    for title, details in DECEMBER_2019_UPDATED:
        body = MISSING_BODIES[2] if title == MISSING_TITLE else _body(title, 2, details)
        _update(chapters[title], body, details, december, DECEMBER_2019)
    for title, details in DECEMBER_2019_NEW:
        chapter = chapters[title]
        chapter.change_kind, chapter.change_details, chapter.release = ChangeKind.NEW, details, december
        chapter_publish(actor=DEMO_LOADER, chapter=chapter, in_force_from=_at(DECEMBER_2019))
    for title in DECEMBER_2019_REMOVED:
        chapter_unpublish(
            actor=DEMO_LOADER, chapter=chapters[title], release=december, in_force_from=_at(DECEMBER_2019)
        )
    return manual


def _update(chapter: ChapterPage, body: str, details: str, release, day: date) -> None:
    chapter.body, chapter.change_kind, chapter.change_details, chapter.release = (
        body,
        ChangeKind.UPDATED,
        details,
        release,
    )
    chapter_publish(actor=DEMO_LOADER, chapter=chapter, in_force_from=_at(day))
