"""Read acknowledgements (issue 12, docs/adr/0021): assigning, confirming, asked again on a material change
(not on a correction), overdue, the selectors' scope and the pages with bad input."""

import csv
import io
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Role, Team
from safeguard.accounts.tests.factories import ProviderFactory, TeamFactory, UserFactory
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent
from safeguard.manual import reading_selectors as selectors
from safeguard.manual.demo import MISSING_TITLE
from safeguard.manual.models import ChangeKind, ChapterPage, ReadConfirmation, ReadingItem
from safeguard.manual.reading_services import reading_assign, reading_confirm
from safeguard.manual.services import chapter_publish

from .factories import milton_keynes, small_manual

pytestmark = pytest.mark.django_db

MISSING = "/manual/children-in-need-and-child-protection/safeguarding-children-who-run-away-or-go-missing/"


@pytest.fixture
def luton(luton_manual) -> HostCouncil:
    return HostCouncil.objects.get(slug="luton")


@pytest.fixture
def ra_team(luton) -> Team:
    return luton.teams.get(kind=Team.Kind.REFERRAL_ASSESSMENT)


@pytest.fixture
def missing_chapter(luton_manual) -> ChapterPage:
    return ChapterPage.objects.get(title=MISSING_TITLE)


def _staff(host, role, team=None, **fields):
    return UserFactory(role=role, organisation=host.organisation, team=team, **fields)


@pytest.fixture
def duty_manager(luton, ra_team):
    return _staff(luton, Role.RA_DUTY_MANAGER, ra_team, full_name="Dana Duty")


@pytest.fixture
def worker(luton, ra_team):
    return _staff(luton, Role.RA_SOCIAL_WORKER, ra_team, full_name="Riley Worker")


def _assign(actor, chapter, teams, *, due_on=None, roles=()):
    return reading_assign(
        actor=actor, chapter=chapter, teams=teams, roles=roles, due_on=due_on or timezone.localdate() + timedelta(7)
    )


def _update(chapter, kind=ChangeKind.UPDATED, words="A new section on return home interviews."):
    chapter = ChapterPage.objects.get(pk=chapter.pk)
    chapter.body = chapter.body + f"<p>{words}</p>"
    chapter.change_kind, chapter.change_details = kind, "Revised." if kind != ChangeKind.CORRECTION else ""
    editor = UserFactory(role=Role.PARTNERSHIP_EDITOR, organisation=HostCouncil.objects.get(slug="luton").organisation)
    return chapter_publish(actor=editor, chapter=chapter)


# --- services ------------------------------------------------------------------------------------


def test_a_duty_manager_assigns_a_chapter_to_a_team_in_its_latest_material_version(
    duty_manager, worker, ra_team, missing_chapter
):
    assignment = _assign(duty_manager, missing_chapter, [ra_team])
    item = assignment.items.get()
    assert item.chapter == missing_chapter and item.version.number == 3  # the December 2019 update
    assert set(selectors.assignment_people(assignment)) == {duty_manager, worker}
    event = AuditEvent.objects.get(action="manual.reading_assign")
    assert event.actor_id == duty_manager.pk and event.changes["people"] == 2
    assert event.changes["teams"] == [ra_team.name]


def test_a_release_assignment_asks_for_its_new_and_updated_chapters(duty_manager, ra_team, luton_manual):
    release = luton_manual.releases.get(slug="december-2019")
    assignment = reading_assign(
        actor=duty_manager, release=release, teams=[ra_team], due_on=timezone.localdate() + timedelta(14)
    )
    titles = set(assignment.items.values_list("chapter__title", flat=True))
    assert len(titles) == 17 + 4
    assert MISSING_TITLE in titles and "Luton Practice Standards Booklet" in titles
    assert "Corporate Parenting Policy" not in titles  # removed in December 2019


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"due_on": date(2020, 1, 1)}, "due_on", "The due date must be today or in the future"),
        ({"teams": []}, "teams", "Choose at least one team or role"),
        ({"roles": ["carer"], "teams": []}, "roles", "Choose roles of your council's staff"),
        ({"chapter": None}, "what", "Choose a chapter, or a release's new and updated chapters"),
    ],
)
def test_assigning_refuses_bad_input_naming_the_field(duty_manager, ra_team, missing_chapter, change, field, message):
    arguments = {"chapter": missing_chapter, "teams": [ra_team], "due_on": timezone.localdate() + timedelta(7)}
    arguments.update(change)
    with pytest.raises(ServiceRefusal) as refusal:
        reading_assign(actor=duty_manager, **arguments)
    assert refusal.value.errors[field] == message
    assert not AuditEvent.objects.filter(action="manual.reading_assign").exists()


def test_only_managers_assign_and_only_their_own_councils_teams_and_chapters(
    luton, duty_manager, worker, ra_team, missing_chapter
):
    with pytest.raises(ServiceRefusal):
        _assign(worker, missing_chapter, [ra_team])
    far = milton_keynes()
    far_team = TeamFactory(host_council=far, name="MK Referral and Assessment")
    with pytest.raises(ServiceRefusal) as refusal:
        _assign(duty_manager, missing_chapter, [far_team])
    assert refusal.value.errors["teams"] == "Choose teams of your own council"
    _, (far_chapter,) = small_manual(far)
    with pytest.raises(ServiceRefusal) as refusal:
        _assign(duty_manager, far_chapter, [ra_team])
    assert refusal.value.errors["chapter"] == "Choose a chapter that is in your council's manual now"


def test_the_managers_are_the_duty_manager_sqa_manager_administrator_and_editors(luton):
    allowed = {Role.RA_DUTY_MANAGER, Role.SQA_MANAGER, Role.HOST_ADMIN, Role.PARTNERSHIP_EDITOR, Role.MANUAL_EDITOR}
    for role in Role:
        organisation = ProviderFactory() if role == Role.CARER else luton.organisation
        person = UserFactory(role=role, organisation=organisation)
        assert selectors.may_manage_reading(person) == (role in allowed), role


def test_a_person_confirms_the_version_in_force_and_it_is_audited(duty_manager, worker, ra_team, missing_chapter):
    _assign(duty_manager, missing_chapter, [ra_team])
    assert [t.title for t in selectors.to_read_for(worker)] == [MISSING_TITLE]
    confirmation = reading_confirm(actor=worker, chapter=missing_chapter, version_number=3)
    assert confirmation.version.number == 3
    event = AuditEvent.objects.get(action="manual.reading_confirm")
    assert event.actor_id == worker.pk and event.changes == {"chapter": MISSING_TITLE, "version": 3}
    assert selectors.to_read_for(worker) == []
    # Pressing the button twice records one confirmation.
    assert reading_confirm(actor=worker, chapter=missing_chapter, version_number=3) == confirmation
    assert AuditEvent.objects.filter(action="manual.reading_confirm").count() == 1


def test_confirming_is_refused_when_not_asked_or_when_the_chapter_changed_meanwhile(
    luton, duty_manager, worker, ra_team, missing_chapter
):
    with pytest.raises(ServiceRefusal) as refusal:
        reading_confirm(actor=worker, chapter=missing_chapter, version_number=3)
    assert refusal.value.errors["chapter"] == "You have not been asked to read this chapter"
    _assign(duty_manager, missing_chapter, [ra_team])
    with pytest.raises(ServiceRefusal) as refusal:
        reading_confirm(actor=worker, chapter=missing_chapter, version_number=2)
    assert "changed since you opened it" in refusal.value.errors["version"]
    assert not ReadConfirmation.objects.exists()


def test_a_material_change_asks_again_and_the_earlier_confirmation_no_longer_counts(
    duty_manager, worker, ra_team, missing_chapter
):
    due = timezone.localdate() + timedelta(3)
    assignment = _assign(duty_manager, missing_chapter, [ra_team], due_on=due)
    reading_confirm(actor=worker, chapter=missing_chapter, version_number=3)
    version = _update(missing_chapter)
    assert version.number == 4 and version.kind == ChangeKind.UPDATED
    item = ReadingItem.objects.get(assignment=assignment)
    assert item.version == version and item.assigned_again_at is not None
    # Due no sooner than 14 days from today, as the assignment's 3 days would be unfair.
    assert item.due_on == timezone.localdate() + timedelta(14)
    (to_read,) = selectors.to_read_for(worker)
    assert to_read.again and not to_read.overdue
    report = selectors.assignment_report(assignment)
    assert (report.confirmed, report.not_confirmed) == (0, 2)
    event = AuditEvent.objects.get(action="manual.reading_assign_again")
    assert event.changes["version"] == [3, 4]
    reading_confirm(actor=worker, chapter=missing_chapter, version_number=4)
    assert selectors.assignment_report(assignment).confirmed == 1


def test_a_correction_does_not_ask_again_and_confirming_it_counts(duty_manager, worker, ra_team, missing_chapter):
    assignment = _assign(duty_manager, missing_chapter, [ra_team])
    reading_confirm(actor=worker, chapter=missing_chapter, version_number=3)
    version = _update(missing_chapter, ChangeKind.CORRECTION, "A typing error corrected.")
    assert version.kind == ChangeKind.CORRECTION
    assert ReadingItem.objects.get(assignment=assignment).version.number == 3
    assert not AuditEvent.objects.filter(action="manual.reading_assign_again").exists()
    assert selectors.to_read_for(worker) == []
    # The duty manager, who had not read it, confirms the corrected version 4: it counts for version 3.
    reading_confirm(actor=duty_manager, chapter=missing_chapter, version_number=4)
    assert selectors.assignment_report(assignment).confirmed == 2


def test_overdue_the_day_after_the_due_date_not_on_it(duty_manager, worker, ra_team, missing_chapter):
    due = timezone.localdate() + timedelta(5)
    assignment = _assign(duty_manager, missing_chapter, [ra_team], due_on=due)
    assert not selectors.to_read_for(worker, today=due)[0].overdue
    assert selectors.to_read_for(worker, today=due + timedelta(1))[0].overdue
    with time_machine.travel(due + timedelta(days=1, hours=12)):
        report = selectors.assignment_report(assignment)
        assert report.overdue == 2
        reading_confirm(actor=worker, chapter=missing_chapter, version_number=3)
        report = selectors.assignment_report(assignment)
        assert (report.confirmed, report.overdue) == (1, 1)


def test_roles_reach_people_whatever_their_team_within_the_council_only(luton, duty_manager, missing_chapter):
    sqa_manager = _staff(luton, Role.SQA_MANAGER, luton.teams.get(kind=Team.Kind.SQA))
    far = milton_keynes()
    far_manager = _staff(far, Role.SQA_MANAGER)
    assignment = reading_assign(
        actor=duty_manager, chapter=missing_chapter, roles=[Role.SQA_MANAGER], due_on=timezone.localdate()
    )
    assert list(selectors.assignment_people(assignment)) == [sqa_manager]
    assert selectors.to_read_for(far_manager) == []
    assert selectors.chapter_reading_for(far_manager, missing_chapter) is None


# --- selectors' scope ----------------------------------------------------------------------------


def test_a_manager_sees_their_own_councils_assignments_and_people_only(
    luton, duty_manager, worker, ra_team, missing_chapter
):
    assignment = _assign(duty_manager, missing_chapter, [ra_team])
    far = milton_keynes()
    far_manual, _ = small_manual(far)
    far_manager = _staff(far, Role.RA_DUTY_MANAGER, TeamFactory(host_council=far, name="MK R&A"))
    _staff(luton, Role.RA_SOCIAL_WORKER, ra_team, is_active=False)  # a leaver: not asked
    UserFactory(role=Role.CARER, organisation=ProviderFactory(located_in=luton))
    assert list(selectors.assignments_visible_to(duty_manager)) == [assignment]
    assert selectors.assignment_get_for(far_manager, assignment.pk) is None
    assert selectors.assignment_get_for(worker, assignment.pk) is None  # not a manager
    assert list(selectors.assignments_visible_to(far_manager)) == []
    assert set(selectors.assignment_people(assignment)) == {duty_manager, worker}
    assert selectors.manual_of_host(far) == far_manual


# --- pages ---------------------------------------------------------------------------------------


def _form(chapter_page, team, change=None):
    due = timezone.localdate() + timedelta(7)
    data = {
        "what": "chapter", "chapter": str(chapter_page.pk), "release": "", "teams": [str(team.pk)],
        "due_on_0": str(due.day), "due_on_1": str(due.month), "due_on_2": str(due.year),
    }  # fmt: skip
    data.update(change or {})
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"due_on_0": "1", "due_on_1": "1", "due_on_2": "2020"}, "The due date must be today or in the future"),
        ({"due_on_0": "31", "due_on_1": "2", "due_on_2": "2030"}, "The due date must be a real date"),
        ({"due_on_0": "", "due_on_1": "", "due_on_2": ""}, "Enter the due date"),
        ({"due_on_1": ""}, "The due date must include a month"),
        ({"what": ""}, "Choose a chapter, or a release&#39;s new and updated chapters"),
        ({"chapter": ""}, "Choose a chapter"),
        ({"teams": []}, "Choose at least one team or role"),
        ({"chapter": "999999"}, "Select a valid choice"),
    ],
)
def test_the_form_names_the_field_in_its_errors(
    client, sign_in, duty_manager, ra_team, missing_chapter, change, message
):
    sign_in(duty_manager)
    response = client.post(reverse("manual:reading_new"), _form(missing_chapter, ra_team, change))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert not AuditEvent.objects.filter(action="manual.reading_assign").exists()


def test_another_councils_team_is_not_a_choice(client, sign_in, duty_manager, ra_team, missing_chapter):
    far_team = TeamFactory(host_council=milton_keynes(), name="MK Referral and Assessment")
    sign_in(duty_manager)
    page = client.get(reverse("manual:reading_new")).content.decode()
    assert ra_team.name in page and "MK Referral and Assessment" not in page
    response = client.post(reverse("manual:reading_new"), _form(missing_chapter, far_team))
    assert "Select a valid choice" in response.content.decode()


def test_assign_confirm_and_report_through_the_pages(client, sign_in, duty_manager, worker, ra_team, missing_chapter):
    sign_in(duty_manager)
    form = client.get(reverse("manual:reading_new"), {"chapter": missing_chapter.pk}).content.decode()
    assert f'value="{missing_chapter.pk}" selected' in form
    response = client.post(reverse("manual:reading_new"), _form(missing_chapter, ra_team))
    assignment = selectors.assignments_visible_to(duty_manager).get()
    assert response["Location"] == reverse("manual:reading_assigned", args=[assignment.pk])
    page = client.get(response["Location"]).content.decode()
    assert "People asked to read" in page and "<strong>2</strong> people" in page

    sign_in(worker)
    home = client.get(reverse("home:home")).content.decode()
    assert "To read" in home and MISSING_TITLE in home and "Not yet confirmed" in home
    chapter = client.get(MISSING).content.decode()
    assert "I have read and understood this chapter" in chapter
    confirmed = client.post(MISSING + "read/", {"version": "3"}, follow=True).content.decode()
    assert "You have read and understood this chapter" in confirmed and "govuk-panel" in confirmed
    assert MISSING_TITLE not in client.get(reverse("home:home")).content.decode()
    stale = client.post(MISSING + "read/", {"version": "2"}).content.decode()
    assert "You have read and understood this chapter" in stale  # version 3 confirmed already
    assert ReadConfirmation.objects.filter(user=worker).count() == 1

    sign_in(duty_manager)
    report = client.get(reverse("manual:reading_report", args=[assignment.pk])).content.decode()
    assert "<strong>1</strong> confirmed" in report and "<strong>1</strong> not yet confirmed" in report
    assert "Riley Worker" in report and "Dana Duty" in report
    listing = client.get(reverse("manual:reading_list")).content.decode()
    assert "1 of 2" in listing


def test_a_stale_confirmation_is_refused_with_a_message(
    client, sign_in, duty_manager, worker, ra_team, missing_chapter
):
    _assign(duty_manager, missing_chapter, [ra_team])
    sign_in(worker)
    page = client.post(MISSING + "read/", {"version": "2"}).content.decode()
    assert "This chapter has changed since you opened it" in page
    assert not ReadConfirmation.objects.exists()


def test_the_report_csv_neutralises_formulas_and_filters_by_team(
    client, sign_in, luton, duty_manager, ra_team, missing_chapter
):
    _staff(luton, Role.RA_SOCIAL_WORKER, ra_team, full_name='=HYPERLINK("http://x.example")')
    sqa = _staff(luton, Role.SQA_MANAGER, luton.teams.get(kind=Team.Kind.SQA), full_name="Morgan Manager")
    assignment = reading_assign(
        actor=duty_manager, chapter=missing_chapter, teams=[ra_team], roles=[Role.SQA_MANAGER],
        due_on=timezone.localdate(),
    )  # fmt: skip
    reading_confirm(actor=sqa, chapter=missing_chapter, version_number=3)
    sign_in(duty_manager)
    response = client.get(reverse("manual:reading_report_csv", args=[assignment.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Team", "Name", "Email"]
    names = {row[1]: row for row in rows[1:]}
    assert '\'=HYPERLINK("http://x.example")' in names
    assert names["Morgan Manager"][-1] == "Confirmed" and names["Morgan Manager"][-2] == "3"
    assert names["Dana Duty"][-1] == "Not yet confirmed"
    only_ra = client.get(reverse("manual:reading_report_csv", args=[assignment.pk]), {"team": ra_team.pk})
    assert "Morgan Manager" not in b"".join(only_ra.streaming_content).decode()
    page = client.get(reverse("manual:reading_report", args=[assignment.pk]), {"team": ra_team.pk}).content.decode()
    assert "<strong>2</strong> people asked" in page
    assert "Morgan Manager" not in page


def test_other_hosts_managers_and_outsiders_are_refused(
    client, sign_in, luton, duty_manager, ra_team, missing_chapter, placing_council_person
):
    assignment = _assign(duty_manager, missing_chapter, [ra_team])
    far = milton_keynes()
    small_manual(far)
    far_manager = _staff(far, Role.RA_DUTY_MANAGER)
    urls = [
        reverse("manual:reading_report", args=[assignment.pk]),
        reverse("manual:reading_assigned", args=[assignment.pk]),
        reverse("manual:reading_report_csv", args=[assignment.pk]),
    ]
    sign_in(far_manager)
    assert client.get(reverse("manual:reading_list")).status_code == 200
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(MISSING + "read/", {"version": "3"}).status_code == 404
    sign_in(placing_council_person)
    for url in [*urls, reverse("manual:reading_list"), reverse("manual:reading_new")]:
        assert client.get(url).status_code == 404, url
    client.logout()
    response = client.get(reverse("manual:reading_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in"))


@pytest.fixture
def placing_council_person(luton):
    from safeguard.accounts.models import Organisation

    return UserFactory(role=Role.PLACING_SOCIAL_WORKER, organisation=Organisation.objects.get(dfe_code="919"))


def test_a_chapter_asked_twice_is_read_once_and_counts_for_both(duty_manager, worker, ra_team, luton_manual):
    chapter = ChapterPage.objects.get(title=MISSING_TITLE)
    by_chapter = _assign(duty_manager, chapter, [ra_team], due_on=timezone.localdate() + timedelta(7))
    by_release = reading_assign(
        actor=duty_manager,
        release=luton_manual.releases.get(slug="december-2019"),
        roles=[Role.RA_SOCIAL_WORKER],
        due_on=timezone.localdate() + timedelta(3),
    )
    missing = [t for t in selectors.to_read_for(worker) if t.title == MISSING_TITLE]
    assert len(missing) == 1 and missing[0].due_on == timezone.localdate() + timedelta(3)
    reading_confirm(actor=worker, chapter=chapter, version_number=3)
    assert selectors.assignment_report(by_chapter).confirmed == 1
    (person,) = [p for t in selectors.assignment_report(by_release).teams for p in t.people if p.person == worker]
    assert person.confirmed_count == 1 and not person.confirmed  # 20 more chapters of the release to read


def test_a_manager_is_offered_to_ask_from_the_chapter_and_a_reader_is_not(
    client, sign_in, duty_manager, worker, missing_chapter
):
    sign_in(duty_manager)
    link = f'href="{reverse("manual:reading_new")}?chapter={missing_chapter.pk}"'
    assert link in client.get(MISSING).content.decode()
    sign_in(worker)
    page = client.get(MISSING).content.decode()
    assert link not in page and "I have read and understood this chapter" not in page  # not asked
