"""A small manual for a host council other than Luton (whose manual the demo loads), and the manual's
read acknowledgements."""

from safeguard.accounts.models import HostCouncil, Organisation
from safeguard.content.services import host_content_ensure
from safeguard.core.audit import SystemActor
from safeguard.manual.models import ChangeKind, ChapterPage, ManualIndexPage, ManualSectionPage
from safeguard.manual.services import chapter_publish

TEST_ACTOR = SystemActor("Safeguard test suite")


def small_manual(host: HostCouncil, *, chapters: tuple[str, ...] = ("Children who go missing",)):
    """The host's content root, a manual with one section and the given chapters, each published once."""
    home = host_content_ensure(actor=TEST_ACTOR, host=host)
    manual = home.add_child(instance=ManualIndexPage(title=f"{host.name} procedures manual", slug="manual"))
    manual.save_revision().publish(log_action=False)
    section = manual.add_child(instance=ManualSectionPage(title="Children in care"))
    section.save_revision().publish(log_action=False)
    pages = []
    for title in chapters:
        chapter = ChapterPage(
            title=title, body=f"<p>{title}: what to do.</p>", change_kind=ChangeKind.NEW,
            change_details="Added to the manual.", live=False,
        )  # fmt: skip
        section.add_child(instance=chapter)
        chapter_publish(actor=TEST_ACTOR, chapter=chapter)
        pages.append(chapter)
    return manual, pages


def milton_keynes() -> HostCouncil:
    """The second host council (Milton Keynes), as the access matrix has it; councils must be loaded."""
    return HostCouncil.objects.get_or_create(
        organisation=Organisation.objects.get(dfe_code="826"), defaults={"slug": "milton-keynes"}
    )[0]
