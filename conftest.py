"""Role fixtures and a small world of children, shared by every app's tests."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Organisation, Role, User
from safeguard.accounts.tests.factories import ProviderFactory, UserFactory
from safeguard.core.audit import SystemActor
from safeguard.missing.models import MissingEpisode
from safeguard.reference import services as reference_services
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

# Playwright and axe-core fixtures for the browser journeys of every app.
pytest_plugins = ["safeguard.core.tests.browser", "safeguard.core.tests.objectstore"]

_database_used: list[str] = []


@pytest.fixture(autouse=True)
def _record_database(request):
    """Note which database server the suite ran on, from the first test that uses the database."""
    if _database_used:
        return
    db_fixtures = {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if not (db_fixtures or request.node.get_closest_marker("django_db")):
        return
    request.getfixturevalue("transactional_db" if db_fixtures - {"db"} else "db")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
            version = cursor.fetchone()[0].split(" on ")[0]
        else:
            version = connection.vendor
    params = connection.settings_dict
    _database_used.append(
        f"{version} at {params.get('HOST') or 'local socket'}:{params.get('PORT') or ''} (database {params['NAME']})"
    )


def pytest_terminal_summary(terminalreporter):
    for line in _database_used:
        terminalreporter.write_line(f"Database: {line}")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (in-process in the test settings): a worker's heartbeat, a
    rate limit's count or a cached configuration from an earlier test must not decide this one."""
    from django.core.cache import caches

    from safeguard.reference.selectors import reference_cache_clear

    for cache in caches.all():
        cache.clear()
    reference_cache_clear()  # the councils a rolled-back test made are gone


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def import_jobs_in_process(monkeypatch, settings):
    """Background imports (core.jobs) run as soon as they are started, in the test's own transaction, as
    on the embedded default where Celery runs tasks in-process. (Celery reads the Django setting when
    asked; setting its own `conf` here would outlive the test.)"""
    from safeguard.core import jobs

    monkeypatch.setattr(jobs, "_after_commit", lambda queue: queue())
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def host(db) -> HostCouncil:
    """Luton, seeded from the shipped configuration file (routing rules too), with every English council loaded."""
    reference_services.councils_load()
    return reference_services.host_council_seed(
        actor=SystemActor("Safeguard test suite"), config=reference_services.host_config_read("luton")
    ).host_council


@pytest.fixture
def placing_council(host) -> Organisation:
    return Organisation.objects.get(dfe_code="919")  # Hertfordshire


@pytest.fixture
def other_council(host) -> Organisation:
    return Organisation.objects.get(dfe_code="330")  # Birmingham


@pytest.fixture
def provider(host) -> Organisation:
    return ProviderFactory(located_in=host)


def _team(host, kind):
    return host.teams.filter(kind=kind).first()


# Each role fixture's person: (role, their organisation, their team kind) from the host council, the
# placing council, the other council and the carer (provider). Shared with tests that build their
# people once per module (the access matrix).
_PEOPLE = {
    "sqa_officer": (Role.SQA_OFFICER, "host", "sqa"),
    "sqa_manager": (Role.SQA_MANAGER, "host", "sqa"),
    "ra_social_worker": (Role.RA_SOCIAL_WORKER, "host", "referral_assessment"),
    "ra_duty_manager": (Role.RA_DUTY_MANAGER, "host", "referral_assessment"),
    "virtual_school_officer": (Role.VIRTUAL_SCHOOL_OFFICER, "host", "virtual_school"),
    "lado": (Role.LADO, "host", "lado"),
    "partnership_editor": (Role.PARTNERSHIP_EDITOR, "host", None),
    "host_admin": (Role.HOST_ADMIN, "host", None),
    "manual_editor": (Role.MANUAL_EDITOR, "host", None),
    "placing_social_worker": (Role.PLACING_SOCIAL_WORKER, "placing_council", None),
    "other_authority_user": (Role.PLACING_SOCIAL_WORKER, "other_council", None),
    "carer": (Role.CARER, "provider", None),
    "police": (Role.POLICE, "police_force", None),
    "cme_officer": (Role.CME_OFFICER, "host", None),
    "school_staff": (Role.SCHOOL_STAFF, "school", None),
}


def school_organisation(host, *, urn: int = 997001, name: str = "Matrix Academy") -> Organisation:
    """A school in the host's area as an organisation its staff belong to (its GIAS school by URN)."""
    from safeguard.education.tests.factories import SchoolFactory

    SchoolFactory(urn=urn, name=name, la_code=host.organisation.dfe_code or "821")
    organisation, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.SCHOOL, urn=urn, defaults={"name": name, "located_in": host}
    )
    return organisation


def make_person(name: str, *, host, placing_council=None, other_council=None, provider=None) -> User:
    """The person a role fixture gives, e.g. make_person("lado", host=host)."""
    role, where, team_kind = _PEOPLE[name]
    organisation = {
        "host": host.organisation,
        "placing_council": placing_council,
        "other_council": other_council,
        "provider": provider,
        "police_force": host.police_force,
        "school": school_organisation(host) if where == "school" else None,
    }[where]
    return UserFactory(role=role, organisation=organisation, team=_team(host, team_kind) if team_kind else None)


@pytest.fixture
def sqa_officer(host) -> User:
    return make_person("sqa_officer", host=host)


@pytest.fixture
def sqa_manager(host) -> User:
    return make_person("sqa_manager", host=host)


@pytest.fixture
def ra_social_worker(host) -> User:
    return make_person("ra_social_worker", host=host)


@pytest.fixture
def ra_duty_manager(host) -> User:
    return make_person("ra_duty_manager", host=host)


@pytest.fixture
def virtual_school_officer(host) -> User:
    return make_person("virtual_school_officer", host=host)


@pytest.fixture
def lado(host) -> User:
    return make_person("lado", host=host)


@pytest.fixture
def partnership_editor(host) -> User:
    return make_person("partnership_editor", host=host)


@pytest.fixture
def manual_editor(host) -> User:
    """The host council's procedures manual editor: the manual in /cms/, not the partnership's pages."""
    return make_person("manual_editor", host=host)


@pytest.fixture
def cme_officer(host) -> User:
    """The host council's education welfare / CME officer: the inclusion service's registers."""
    return make_person("cme_officer", host=host)


@pytest.fixture
def school_staff(host) -> User:
    """Staff of Matrix Academy, a school in the host's area: its own returns only."""
    return make_person("school_staff", host=host)


@pytest.fixture
def host_admin(host) -> User:
    """The host council's administrator: its people, roles and configuration."""
    return make_person("host_admin", host=host)


@pytest.fixture
def placing_social_worker(host, placing_council) -> User:
    return make_person("placing_social_worker", host=host, placing_council=placing_council)


@pytest.fixture
def other_authority_user(host, other_council) -> User:
    return make_person("other_authority_user", host=host, other_council=other_council)


@pytest.fixture
def carer(host, provider) -> User:
    return make_person("carer", host=host, provider=provider)


@pytest.fixture
def police(host) -> User:
    return make_person("police", host=host)


@dataclass
class World:
    """Children that each role should or should not see."""

    child: object  # placed by placing_council with provider, not missing
    missing_child: object  # placed by placing_council with provider, missing now
    other_child: object  # placed by other_council with another provider
    former_child: object  # placed with provider before, placement ended
    lado_case: object
    notification: object = None  # registered, sent by placing_social_worker through the web form
    other_notification: object = None  # registered, sent by other_council
    incomplete: object = None  # from placing_council, IRO missing
    pending_review: object = None  # an uncertain match waiting for SQA
    merged_review: object = None  # a match decided "same child", which can be undone
    draft: object = None  # placing_social_worker's unsent draft
    ra_item: object = None  # the R&A work item of `notification`
    photograph: object = None  # the face photograph of `child`, uploaded by `carer`
    return_interview: object = None  # due: `child` went missing yesterday and came back
    risk_assessment: object = None  # of `child`, by placing_social_worker, with a PDF document
    profile: object = None  # `child`'s missing profile, written by `carer`
    concern: object = None  # CCE concern about `child`, raised by `carer`, linked to that episode; new to police
    missing_concern: object = None  # CSE concern about `missing_child`, raised by `placing_social_worker`
    lado_email_case: object = None  # an e-mailed referral with its original message
    lado_child: object = None  # a child named in `lado_case`
    lado_email: object = None  # an e-mail to the LADO's mailbox, a draft referral to check (about Pat Emailed)
    lado_action: object = None  # an open action on `lado_case`
    email_draft: object = None  # an e-mailed notification not yet sent, with an attachment
    correspondence: object = None  # an out-of-office reply to the notifications mailbox, filed
    staff_member: object = None  # a member of the host's staff, for the administrator's people pages


@pytest.fixture
def world(host, placing_council, other_council, provider, placing_social_worker, carer) -> World:
    return build_world(
        host=host,
        placing_council=placing_council,
        other_council=other_council,
        provider=provider,
        placing_social_worker=placing_social_worker,
        carer=carer,
    )


def build_world(*, host, placing_council, other_council, provider, placing_social_worker, carer) -> World:
    """The world's records, for the `world` fixture and for tests that build it once per module."""
    from safeguard.allegations.tests.factories import LadoCaseFactory

    today = timezone.localdate()
    child = ChildFactory(host_council=host, placing_authority=placing_council, first_name="Ava", last_name="Placed")
    PlacementFactory(child=child, carer=provider, start_date=today - timedelta(days=30))
    missing_child = ChildFactory(
        host_council=host, placing_authority=placing_council, first_name="Milo", last_name="Missing"
    )
    PlacementFactory(child=missing_child, carer=provider, start_date=today - timedelta(days=60))
    MissingEpisode.objects.create(
        child=missing_child, kind=MissingEpisode.Kind.MISSING, last_seen_at=timezone.now() - timedelta(hours=3)
    )
    other_child = ChildFactory(host_council=host, placing_authority=other_council, first_name="Olly", last_name="Other")
    PlacementFactory(child=other_child, carer=ProviderFactory(located_in=host), start_date=today - timedelta(days=10))
    former_child = ChildFactory(
        host_council=host, placing_authority=placing_council, first_name="Fern", last_name="Former"
    )
    PlacementFactory(
        child=former_child, carer=provider, start_date=today - timedelta(days=400), end_date=today - timedelta(days=100)
    )
    world = World(child, missing_child, other_child, former_child, LadoCaseFactory(host_council=host))
    from safeguard.allegations.tests.factories import LadoActionFactory, LadoChildFactory, email_case, lado_email

    world.lado_email_case = email_case(host)
    world.lado_email = lado_email(host)
    world.lado_child = LadoChildFactory(case=world.lado_case)
    world.lado_action = LadoActionFactory(case=world.lado_case)
    _add_notifications(world, placing_social_worker)
    _add_emails(world, host)
    from safeguard.missing.services import photograph_upload
    from safeguard.missing.tests.images import jpeg_bytes

    world.photograph = photograph_upload(actor=carer, child=child, kind="face", data=jpeg_bytes())
    from safeguard.missing.services import missing_episode_report, missing_episode_return

    now = timezone.now()
    episode = missing_episode_report(actor=carer, child=child, kind="A", last_seen_at=now - timedelta(hours=20))
    episode = missing_episode_return(actor=carer, episode=episode, returned_at=now - timedelta(hours=2))
    world.return_interview = episode.return_interview
    from safeguard.missing.services import missing_profile_save, missing_risk_assessment_save
    from safeguard.missing.tests.documents import pdf_bytes

    world.risk_assessment = missing_risk_assessment_save(
        actor=placing_social_worker,
        child=child,
        answers={"risk_factors": "Older associates in Dunstable", "agreed_actions": "Call 101 after an hour"},
        review_on=today + timedelta(days=60),
        document=pdf_bytes(),
        document_name="Ava risk plan.pdf",
    )
    world.profile = missing_profile_save(
        actor=carer, child=child, answers={"physical_description": "Tall, short dark hair"}
    )
    _add_exploitation_concerns(world, carer, placing_social_worker, episode)
    world.staff_member = UserFactory(
        role=Role.VIRTUAL_SCHOOL_OFFICER, organisation=host.organisation, full_name="Stella Staff"
    )
    return world


def _add_exploitation_concerns(world: World, carer: User, placing_social_worker: User, episode) -> None:
    from safeguard.exploitation.services import exploitation_concern_raise

    today = timezone.localdate()
    world.concern = exploitation_concern_raise(
        actor=carer,
        child=world.child,
        categories=["cce"],
        indicators=["multiple_phones", "county_lines_travel"],
        what_happened="Came back with a second phone and a train ticket to Northampton",
        noticed_on=today,
        police="new",
        missing_episodes=[episode],
    )
    world.missing_concern = exploitation_concern_raise(
        actor=placing_social_worker,
        child=world.missing_child,
        categories=["cse"],
        indicators=["older_partner"],
        what_happened="Collected from school by older men in different cars",
        noticed_on=today - timedelta(days=3),
        police="existing",
        police_reference="BP-4411",
    )


def _add_emails(world: World, host) -> None:
    from email.message import EmailMessage

    from safeguard.notifications.services import email_receive

    def message(subject: str, text: str, **headers) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = "Kate Hill <kate.hill@centralbedfordshire.example>"
        mail["To"] = "sqa@luton.example"
        mail["Subject"] = subject
        for name, value in headers.items():
            mail[name.replace("_", "-")] = value
        mail.set_content(text)
        return mail

    notification = message("Notification", "Child's name: Eli Emailed\nDate of birth: 02/02/2012\n")
    notification.add_attachment(b"Care plan", maintype="text", subtype="plain", filename="care plan.txt")
    world.email_draft = email_receive(
        actor=SystemActor("Safeguard test suite"), raw=bytes(notification), host_council=host
    )
    reply = message("Automatic reply: Notification received", "I am away until Monday.", Auto_Submitted="auto-replied")
    world.correspondence = email_receive(actor=SystemActor("Safeguard test suite"), raw=bytes(reply), host_council=host)


def _add_notifications(world: World, sender: User) -> None:
    from safeguard.notifications import services
    from safeguard.notifications.models import MatchReview, Notification
    from safeguard.notifications.tests.payloads import DELETE, start_payload

    web = Notification.Channel.WEB
    world.notification, _ = services.notification_receive(
        actor=sender, channel=web, payload=start_payload(child__first_name="Nia", child__last_name="Notified")
    )
    world.ra_item = world.notification.work_items.get(team__kind="referral_assessment")
    world.other_notification, _ = services.notification_receive(
        actor=SystemActor("Safeguard test suite"),
        channel=Notification.Channel.API,
        payload=start_payload(
            placing_authority="330",
            child__first_name="Otto",
            child__last_name="Elsewhere",
            child__nhs_number="4010232137",
            child__local_id="BHAM-1",
        ),
    )
    world.incomplete, _ = services.notification_receive(
        actor=sender,
        channel=web,
        payload=start_payload(
            iro=DELETE,
            child__first_name="Ivy",
            child__last_name="Incomplete",
            child__nhs_number=None,
            child__local_id="HERTS-9",
        ),
    )
    twin = {"child__nhs_number": None, "child__local_id": None, "child__date_of_birth": "2011-03-03"}
    services.notification_receive(
        actor=sender, channel=web, payload=start_payload(child__first_name="Mae", child__last_name="Twin", **twin)
    )
    pending, _ = services.notification_receive(
        actor=sender, channel=web, payload=start_payload(child__first_name="May", child__last_name="Twin", **twin)
    )
    world.pending_review = MatchReview.objects.get(notification=pending)
    merged, _ = services.notification_receive(
        actor=sender, channel=web, payload=start_payload(child__first_name="Mai", child__last_name="Twin", **twin)
    )
    world.merged_review = merged.match_reviews.order_by("pk").first()
    host = world.child.host_council
    officer = UserFactory(role=Role.SQA_OFFICER, organisation=host.organisation, team=_team(host, "sqa"))
    services.match_review_decide(actor=officer, review=world.merged_review, same_child=True)
    world.draft = services.notification_draft_save(
        actor=sender, draft=None, changes={"kind": "placement_start"}, placing_authority=sender.organisation
    )


@pytest.fixture
def sign_in(client):
    """Sign a person in as the service would: with a verified second factor where their role needs one."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safeguard.accounts.services import second_factor_required

    def _sign_in(user, the_client=None):
        the_client = the_client or client
        the_client.force_login(user)
        if second_factor_required(user):
            device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "test", "confirmed": True})
            session = the_client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return the_client

    return _sign_in
