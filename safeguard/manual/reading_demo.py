"""The read acknowledgements' demo (composed by home.demo): Luton's R&A duty manager has asked the Referral and
Assessment team to read the chapter on children who run away or go missing; some of the team have
confirmed it, some not (the demo's R&A social worker not yet, so their home page shows it "To read").

Everyone here is invented (Faker, en_GB, seeded by the caller). Safe to run again.
"""

from datetime import timedelta

from django.utils import timezone
from faker import Faker

from safeguard.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from safeguard.accounts.models import HostCouncil, Role, Team, User
from safeguard.accounts.services import user_create
from safeguard.core.audit import DEMO_LOADER
from safeguard.reference.selectors import team_of

from .demo import MISSING_TITLE
from .models import ChapterPage, ReadingAssignment
from .reading_selectors import manual_of_host
from .reading_services import reading_assign, reading_confirm
from .selectors import chapter_version_in_force

# More of the R&A team than the demo's sign-ins, so the report reads like a team's: (confirmed?) each.
TEAM_COLLEAGUES = [True, True, True, False, False]


def reading_demo_load(*, host: HostCouncil, fake: Faker) -> ReadingAssignment | None:
    manual = manual_of_host(host)
    team = team_of(host, Team.Kind.REFERRAL_ASSESSMENT)
    if manual is None or team is None or ReadingAssignment.objects.filter(host_council=host).exists():
        return None
    chapter = ChapterPage.objects.descendant_of(manual).filter(title=MISSING_TITLE).first()
    duty_manager = (
        User.objects.filter(organisation=host.organisation, role=Role.RA_DUTY_MANAGER, is_active=True)
        .order_by("pk")
        .first()
    )
    if chapter is None or duty_manager is None:
        return None
    colleagues = []
    for confirms in TEAM_COLLEAGUES:
        first, last = fake.first_name(), fake.last_name()
        email = f"{first}.{last}.ra@{DEMO_DOMAIN}".lower().replace("'", "")
        person = User.objects.filter(email=email).first() or user_create(
            actor=DEMO_LOADER,
            email=email,
            full_name=f"{first} {last}",
            role=Role.RA_SOCIAL_WORKER,
            organisation=host.organisation,
            team=team,
            password=DEMO_PASSWORD,
        )
        colleagues.append((person, confirms))
    assignment = reading_assign(
        actor=duty_manager, chapter=chapter, teams=[team], due_on=timezone.localdate() + timedelta(days=10)
    )
    version = chapter_version_in_force(chapter)
    for person in [duty_manager] + [person for person, confirms in colleagues if confirms]:
        reading_confirm(actor=person, chapter=chapter, version_number=version.number)
    return assignment
