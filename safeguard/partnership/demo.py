"""Luton's safeguarding partnership site for the demo, in the seeds' own words.

Seed 003 (the home page and the three messages from the September 2015 meeting), seed 004 (missing
children), seed 000 (exploitation and its contacts) and seed 001 (for placing councils). The seeds call
the partnership the "Luton Safeguarding Children Board" (LSCB), as boards were called before Working
Together 2023; the loaded content keeps their words. What the seeds do not give (the partners and
sub-groups, the routes for each reader, the practice review and its seven-minute briefing, the news
articles' titles and day) is invented and marked "Demo text".
"""

from datetime import date

from django.urls import reverse
from wagtail.models import Page

from safeguard.accounts.models import HostCouncil
from safeguard.content.services import host_content_ensure
from safeguard.core.audit import DEMO_LOADER

from .models import (
    HOME_SLUG,
    ChapterLink,
    NewsArticlePage,
    NewsIndexPage,
    PartnershipHomePage,
    PartnershipPage,
    PracticeReviewPage,
    ReviewIndexPage,
    ReviewKind,
    ReviewStatus,
    WhoToCall,
)
from .services import page_add_and_publish

DEMO_NOTE = "<p><strong>Demo text:</strong> invented for this demonstration, not the partnership's own words.</p>"
# Chapters of Luton's procedures manual (seed 002) the pages link to, by title.
MISSING_CHAPTER = "Safeguarding Children who Run Away or Go Missing"
TRAFFICKING_CHAPTER = "Unaccompanied Migrant Children and Child Victims of Trafficking and Modern Slavery"

PURPOSE = (
    "<p>We hope you will find the site a useful resource both in understanding the purpose of the Luton "
    "Safeguarding Children Board, its structure and membership, as well as a user friendly tool to safeguard "
    "children and young people.</p>"
    "<p>A key objective for the LSCB is to promote the message that ‘Safeguarding Children is everybody’s "
    "responsibility’ and therefore this site is aimed, not only at Professionals but the wider public including "
    "parents/carers and young people themselves.</p>"
)

# Seed 003: the three messages from the September 2015 LSCB meeting, in its words; titles and tags invented.
SEPTEMBER_2015 = [
    (
        "A new approach to multi-agency learning and development",
        "learning-and-development",
        ["Learning and development", "Register your views"],
        "The Board is looking at how a coherent workforce development programme with core competencies can be built.",
        "<p>A new approach to Multi Agency - Learning and Development is taking place under the Luton Safeguarding "
        "Children Board. The Board is looking at how a coherent workforce development programme with core "
        "competencies can be built in parallel with single agency training strategies and supportive of "
        "professional collegiate CPDs. The Board would welcome feedback on how you would like to see the new model "
        "being shaped. – do you have a view on keeping the programme Luton focused, a Pan Beds approach or a "
        "mixture of the two. Call or Email our Business Unit and register your views.</p>",
    ),
    (
        "Safeguarding children at our borders and Luton Airport",
        "borders-and-luton-airport",
        ["Exploitation", "Borders and Luton Airport", "Register your views"],
        "Agencies and airlines at Luton Airport met to make our borders as safe as they can be for children.",
        "<p>A very positive meeting has taken place between all the agencies and Airlines working out of/and with "
        "Luton Airport to make our borders as safe as they can be for safeguarding the welfare of children and "
        "young people vulnerable to Child Sexual Exploitation, human slavery, trafficking and grooming and "
        "Influence from Extremists. Work is taking place on the Memorandum of Good practice to safeguard our "
        "Borders and any thoughts you have on what should be happening would be welcome.</p>",
    ),
    (
        "Learning from serious case reviews",
        "learning-from-serious-case-reviews",
        ["Practice reviews", "Learning and development"],
        "The partnership has been learning very difficult lessons from the current Serious Case Reviews.",
        "<p>The multi agency partnership under the LSCB has been learning some very difficult lessons from the "
        "current Serious Case Reviews. The level of neglect and poverty in parts of Luton are placing massive "
        "strain on families and their ability to cope as parents. These challenges have also had an impact on "
        "practice and services at a time when resources are stretched across the partnership resulting in the "
        "risk to a small number of the most vulnerable children not being recognised. Learning and improvement "
        "events will be taking place to get the learning out to safeguarding practitioners and professionals and "
        "will be advertised on the website.</p>",
    ),
]
# The seed names the meeting's month, not its day.
SEPTEMBER_2015_DAY = date(2015, 9, 30)

ABOUT = (
    "<h2>Purpose</h2>"
    "<p>A key objective for the LSCB is to promote the message that ‘Safeguarding Children is everybody’s "
    "responsibility’.</p>" + DEMO_NOTE + "<h2>Safeguarding partners</h2>"
    "<ul><li>Luton Borough Council</li><li>Bedfordshire Police</li><li>Health: the integrated care board for "
    "Bedfordshire, Luton and Milton Keynes</li></ul>"
    "<h2>Relevant agencies</h2>"
    "<p>Schools and colleges, early years settings, the probation service, Cafcass, housing, the voluntary and "
    "community sector, and the agencies and airlines at Luton Airport.</p>"
    "<h2>Sub-groups</h2>"
    "<ul><li>Learning and development</li><li>Practice reviews</li><li>Quality assurance and performance</li>"
    "<li>Exploitation and missing children</li></ul>"
    "<h2>Our arrangements and yearly report</h2>"
    "<p>The partners publish their safeguarding arrangements and a yearly report on what they did and how well "
    "it worked.</p>"
)

EXPLOITATION = (
    "<h2>Safeguarding children who may be at risk of sexual exploitation</h2>"
    "<p>If you have a child in care placed in Luton and you are having issues with child sexual exploitation in "
    "Luton, please contact the Children’s Services Referral and Assessment team duty manager at Luton Borough "
    "Council (below).</p>"
    "<h2>Interagency safeguarding procedures</h2>"
    "<p>Further information about child sexual exploitation in Bedfordshire can be found here: Identifying and "
    "responding to child sexual exploitation in Bedfordshire (Bedfordshire Local Safeguarding Children).</p>"
    "<p><strong>*Please note:</strong> The contact numbers for the Safeguarding Investigation Units and the Child "
    "Sexual Exploitation Unit are NOT for referrals around Safeguarding or CSE issues. Any new cases, or advice, "
    "should initially go through the PPU Support Team at Greyfriars Police Station – 01234 846960, who will then "
    "disseminate accordingly.</p>"
    "<h2>Criminal exploitation, trafficking and modern slavery, radicalisation</h2>"
    + DEMO_NOTE
    + "<p>Children can be exploited to carry drugs or money (county lines), trafficked, held in modern slavery or "
    "drawn into extremism. Signs include going missing, unexplained money or phones, older associates and "
    "changes in behaviour. Tell the child's social worker and, for a child in care placed in Luton, the "
    "Referral and Assessment duty manager.</p>"
)

MISSING = (
    "<p>In 2016/17 the LSCB supported the Pan Beds work on improving the practice around missing children and held "
    "a spotlight event to gain a better understanding of what practitioners said could be improved. A revised "
    "missing child procedure is now in place.</p>"
    "<p>In 2017/18 we are focusing on what happens in schools in terms of how well do schools and the systems "
    "around children missing education, children not going to school, and elective home education, work in "
    "safeguarding children.</p>"
    "<h2>Missing Kids UK</h2>"
    "<p>The Missing Children Team is a specialist unit providing advice and support to UK law enforcement and "
    "other partners in relation to missing children issues. They work closely with the UK Missing Persons Bureau "
    "to:</p>"
    "<ul><li>Provide tactical advice and support to UK law enforcement in cases where children go missing or have "
    "been abducted, in the UK and abroad</li>"
    "<li>Support and promote the use of the Child Rescue Alert system to quickly and safely recover high risk "
    "missing children</li>"
    "<li>Identify and disseminate good practice, nationally and internationally</li>"
    "<li>Deliver training and guidance to police and partners regarding missing children</li>"
    "<li>Improve knowledge and practice relating to missing children</li></ul>"
    "<p>The Missing Children Team are part of the Global Missing Children Network maintaining strong relations "
    "with international contacts and work with the International Child Abduction Contact Unit (ICACU) to locate "
    "foreign national children involved in parental abductions to the UK.</p>"
    "<p><strong>They do not take reports of missing children from members of the public. These should be reported "
    "to your local police station.</strong> For further advice visit "
    '<a href="https://www.missingkids.org.uk/">their website</a>.</p>'
    "<h2>Missing People</h2>"
    "<p>Missing People is the only charity in the UK which is dedicated to bringing missing children and adults "
    "back together with their families. Some missing people you will have heard of, but many more you won’t. For "
    "their families, life can feel like a desperate and unbearable struggle as they wait for days or even years. "
    "That’s why they are here for missing people and their families, 24 hours a day, 365 days a year, to provide "
    "free and confidential support by phone, text or email.</p>"
    '<p>For more information, visit <a href="https://www.missingpeople.org.uk/">their website</a>.</p>'
    "<h2>Useful Resources</h2>"
    '<p><a href="https://www.gov.uk/government/publications/children-missing-education">Children Missing '
    "Education: statutory guidance for local authorities</a></p>"
)


def _placing(notify_href: str, api_href: str) -> str:
    return (
        "<p>There are a number of looked after children placed in Luton by other local authorities. We would like "
        "to advise you about the resources and facilities available for looked after children and young people "
        "who may be placed in Luton by your local authority.</p>"
        "<h2>Notifying us of a placement</h2>"
        "<p>Tell the safeguarding and quality assurance service when a looked after child or young person is "
        f'placed in Luton or when their placement arrangements change: <a href="{notify_href}">notify a '
        f'placement</a>, or from your case system through <a href="{api_href}">the notifications API</a>.</p>'
        "<h2>Please pass this on</h2>"
        "<p>Please disseminate this information to relevant professionals within your Children’s Social Care "
        "service. It would be helpful if you passed this information onto any of your foster careers based in "
        "Luton so they are aware of the services available to children and young people within the borough.</p>"
        "<p>It would also be useful to receive similar information and contact details about services and "
        "opportunities available to any of our looked after children that we may have placed in your local "
        "authority.</p>"
    )


REVIEW = {
    "title": "Child R: neglect in a family under strain",
    "summary": "Demo text: an invented review, for this demonstration only.",
    "background": "<p><strong>Demo text:</strong> this review and its briefing are invented.</p>"
    "<p>R, aged 7, lived with a parent and three siblings in overcrowded housing. Several agencies knew the "
    "family over four years; each saw part of the picture.</p>",
    "why_it_matters": "<p>Neglect is the most common reason for a child protection plan, and the easiest to "
    "get used to. When resources are stretched, the small changes that add up to harm go unrecorded.</p>",
    "findings": "<ul><li>Agencies described the family as ‘coping’ without asking what R's day was like.</li>"
    "<li>School attendance fell for two terms before anyone linked it to home.</li>"
    "<li>Referrals described poverty, not its effect on the children.</li></ul>",
    "questions": "<ul><li>When did you last ask a child what a normal day is like?</li>"
    "<li>Would your last referral let the reader picture the child?</li></ul>",
    "what_to_do": "<ul><li>Use a neglect assessment tool and share it with the family's other agencies.</li>"
    "<li>Escalate when a plan is not making a difference for the child.</li></ul>",
}


def _chapter(home, title: str) -> Page | None:
    """A live chapter of the host's procedures manual, by title (read from the page tree: the manual is a
    sibling app, not imported)."""
    return (
        Page.objects.descendant_of(home)
        .live()
        .filter(title=title, content_type__app_label="manual", content_type__model="chapterpage")
        .first()
    )


def partnership_demo_load(*, host: HostCouncil) -> PartnershipHomePage | None:
    """For Luton, its partnership site in the seeds' words, published and audited. Safe to run again."""
    home = host_content_ensure(actor=DEMO_LOADER, host=host)
    if host.slug != "luton":
        return None
    existing = PartnershipHomePage.objects.child_of(home).first()
    if existing is not None:
        return existing

    def add(parent, page):
        return page_add_and_publish(actor=DEMO_LOADER, parent=parent, page=page)

    site = add(
        home,
        PartnershipHomePage(
            title="Luton Safeguarding Children Board",
            slug=HOME_SLUG,
            strapline="Safeguarding Children is everybody’s responsibility",
            purpose=PURPOSE,
            for_professionals="<p>Read the multi-agency procedures, learn from practice reviews and tell the police "
            "or children's services about a child at risk.</p>",
            for_parents_and_carers="<p>If you are worried about a child, call the police on 999 if they are in "
            "danger now, or see who to call below.</p>",
            for_young_people="<p>If you are not safe, or a friend is not, call 999. You can talk to Childline "
            'on <a href="tel:08001111">0800 1111</a> at any time.</p>',
        ),
    )
    add(site, PartnershipPage(title="About the partnership", slug="about", show_in_menus=True, body=ABOUT,
                              summary="Its purpose, structure and membership."))  # fmt: skip
    exploitation = PartnershipPage(
        title="Exploitation", slug="exploitation", show_in_menus=True, body=EXPLOITATION,
        who_to_call=WhoToCall.EXPLOITATION,
        summary="Child sexual and criminal exploitation, trafficking and modern slavery, radicalisation.",
    )  # fmt: skip
    missing = PartnershipPage(
        title="Missing children", slug="missing-children", show_in_menus=True, body=MISSING,
        who_to_call=WhoToCall.MISSING,
        summary="Children who go missing from home, care or education, and who helps find them.",
    )  # fmt: skip
    for page, titles in ((exploitation, [TRAFFICKING_CHAPTER, MISSING_CHAPTER]), (missing, [MISSING_CHAPTER])):
        for title in titles:
            chapter = _chapter(home, title)
            if chapter is not None:
                page.chapter_links.add(ChapterLink(chapter=chapter))
        add(site, page)
    news = add(site, NewsIndexPage(title="News", slug="news", show_in_menus=True,
                                   intro="<p>Latest news from the Luton Safeguarding Children Board.</p>"))  # fmt: skip
    for title, slug, tags, summary, body in SEPTEMBER_2015:
        article = NewsArticlePage(
            title=title, slug=slug, date=SEPTEMBER_2015_DAY, summary=summary,
            body="<p><strong>Three Messages from the September 2015 LSCB Meeting.</strong></p>" + body,
        )  # fmt: skip
        article.tags.add(*tags)
        add(news, article)
    reviews = add(site, ReviewIndexPage(title="Learning from practice reviews", slug="reviews", show_in_menus=True,
                                        intro="<p>What reviews of practice taught us, each in a seven-minute "
                                        "briefing for a team meeting.</p>"))  # fmt: skip
    add(
        reviews,
        PracticeReviewPage(
            slug="child-r",
            kind=ReviewKind.SCR,
            status=ReviewStatus.PUBLISHED,
            publication_date=date(2016, 3, 15),
            further_information=DEMO_NOTE,
            **REVIEW,
        ),  # fmt: skip
    )
    add(
        site,
        PartnershipPage(
            title="For placing councils",
            slug="placing-authorities",
            show_in_menus=True,
            summary="Services available to looked after children placed in Luton by other local authorities.",
            body=_placing(reverse("notifications:notify_start"), reverse("api:openapi-json")),
            information_pack=True,
        ),  # fmt: skip
    )
    return site


def placing_packs_demo_load(*, host: HostCouncil, sender) -> None:
    """A placing council's own pack sent to Luton (seed 001 asks for them): a link, by the demo's placing
    social worker. Invented; safe to run again."""
    from .models import PlacingCouncilPack
    from .pack_services import placing_pack_send

    if host.slug != "luton" or PlacingCouncilPack.objects.filter(host_council=host).exists():
        return
    placing_pack_send(
        actor=sender,
        host_council=host,
        title=f"Services for looked-after children in {sender.organisation.name} (demo)",
        link="https://www.example.org/demo/looked-after-children-services",
    )
