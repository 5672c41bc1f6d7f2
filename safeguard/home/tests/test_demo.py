"""The demo, as `make run` loads it, is one a safeguarding professional would believe.

Each invariant below is something a council's tester noticed was wrong: a four-year-old missing with
a phone and county-lines signs, names that disagree with the recorded sex, a foster family with about
35 children, notifications received in the future, every work item routed today.
"""

import io
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone
from faker.providers.person.en_GB import Provider as BritishNames

from safeguard.accounts.models import Organisation
from safeguard.allegations.models import LadoCase
from safeguard.core.models import AuditEvent
from safeguard.core.tests.test_audit_chains import _without_append_only_guard
from safeguard.education.models import EducationRecord, PepMeeting, SchoolEnrolment
from safeguard.education.school_days import year_group_for
from safeguard.exploitation.models import ExploitationConcern
from safeguard.missing.models import MissingEpisode, MissingRiskAssessment, ReturnHomeInterview
from safeguard.notifications.models import Notification, WorkItem
from safeguard.register.models import Child, Placement

TEENAGER = range(12, 18)
FOSTER_TYPES = {"U1", "U2", "U3", "U4", "U5", "U6"}
CHILDRENS_HOME_TYPES = {"K1", "K2"}


def age(child: Child, on: date) -> int:
    return child.age_on(on)


def placed_in_the_area_on(child: Child, day: date) -> bool:
    return any(p.start_date <= day and (p.end_date is None or day <= p.end_date) for p in child.placements.all())


def exploitation_concerns_are_about_teenagers_placed_here() -> list[str]:
    problems = []
    for concern in ExploitationConcern.objects.select_related("child").prefetch_related("child__placements"):
        child = concern.child
        if age(child, concern.noticed_on) not in TEENAGER:
            problems.append(f"{concern.reference}: {child} is {age(child, concern.noticed_on)}")
        if not placed_in_the_area_on(child, concern.noticed_on):
            problems.append(f"{concern.reference}: noticed before {child} was placed here")
        if not concern.noticed_on <= timezone.localtime(concern.raised_at).date() <= timezone.localdate():
            problems.append(f"{concern.reference}: noticed {concern.noticed_on}, raised {concern.raised_at}")
    return problems


def missing_episodes_are_teenagers_placed_here_in_order() -> list[str]:
    problems = []
    now = timezone.now()
    for episode in MissingEpisode.objects.select_related("child").prefetch_related("child__placements"):
        child, seen = episode.child, timezone.localtime(episode.last_seen_at).date()
        if age(child, seen) not in TEENAGER:
            problems.append(f"episode {episode.pk}: {child} is {age(child, seen)}")
        if not placed_in_the_area_on(child, seen):
            problems.append(f"episode {episode.pk}: {child} was not placed here on {seen}")
        if episode.last_seen_at > now or (
            episode.returned_at and not episode.last_seen_at < episode.returned_at <= now
        ):
            problems.append(f"episode {episode.pk}: last seen {episode.last_seen_at}, returned {episode.returned_at}")
    for interview in ReturnHomeInterview.objects.exclude(held_at=None).select_related("episode"):
        if not interview.episode.returned_at <= interview.held_at <= now:
            problems.append(f"interview {interview.pk}: held {interview.held_at}, before the return or in the future")
    return problems


def first_names_fit_the_recorded_sex() -> list[str]:
    names = {Child.Sex.FEMALE: set(BritishNames.first_names_female), Child.Sex.MALE: set(BritishNames.first_names_male)}
    return [
        f"{child.full_name} is recorded as {child.get_sex_display()}"
        for child in Child.objects.filter(sex__in=names)
        if child.first_name not in names[child.sex]
    ]


def carers_look_after_a_plausible_number_of_children() -> list[str]:
    problems = []
    current = Placement.objects.filter(end_date__isnull=True, carer__isnull=False).select_related("carer")
    per_carer = Counter(p.carer for p in current)
    for carer, count in per_carer.items():
        if carer.provider_type == Organisation.ProviderType.FOSTER_CARER and count > 3:
            problems.append(f"{carer.name} fosters {count} children")
        if carer.provider_type == Organisation.ProviderType.CHILDRENS_HOME and count > 6:
            problems.append(f"{carer.name} has {count} children")
    for placement in current:
        kind = placement.carer.provider_type
        if kind == Organisation.ProviderType.FOSTER_CARER and placement.placement_type not in FOSTER_TYPES:
            problems.append(f"{placement.child} is with foster carers as {placement.placement_type}")
        if kind == Organisation.ProviderType.CHILDRENS_HOME and placement.placement_type not in CHILDRENS_HOME_TYPES:
            problems.append(f"{placement.child} is in a children's home as {placement.placement_type}")
    fostering = Organisation.objects.filter(
        provider_type=Organisation.ProviderType.FOSTER_CARER, name__endswith="(demo)"
    )
    empty = [family.name for family in fostering if family not in per_carer]
    if empty:
        problems.append(f"foster families with no child placed: {empty}")
    return problems


def placements_fit_the_childs_life() -> list[str]:
    today = timezone.localdate()
    problems = []
    for placement in Placement.objects.select_related("child"):
        child = placement.child
        if placement.start_date < child.date_of_birth or age(child, placement.start_date) >= 18:
            problems.append(f"{child} (born {child.date_of_birth}) placed on {placement.start_date}")
        if placement.end_date and placement.end_date > today:
            problems.append(f"{child}'s placement ends in the future, on {placement.end_date}")
    return problems


def notifications_and_work_are_dated_in_the_past_and_in_order() -> list[str]:
    now = timezone.now()
    problems = [
        f"{n.reference} is received in the future ({n.received_at})"
        for n in Notification.objects.filter(received_at__gt=now)
    ]
    items = WorkItem.objects.filter(notification__isnull=False).select_related("notification")
    for item in items:
        received, routed, acknowledged = item.notification.received_at, item.created_at, item.acknowledged_at
        if not received <= routed <= now:
            problems.append(f"work item {item.pk}: received {received}, routed {routed}")
        if acknowledged and not routed <= acknowledged <= now:
            problems.append(f"work item {item.pk}: routed {routed}, acknowledged {acknowledged}")
        if not acknowledged and routed < now - timedelta(days=14):
            problems.append(f"work item {item.pk} has waited for acknowledgement since {routed:%d %B %Y}")
    routed_on = Counter(timezone.localtime(item.created_at).date() for item in items)
    if routed_on[timezone.localdate()] > len(items) // 10:
        problems.append(f"{routed_on[timezone.localdate()]} of {len(items)} work items were routed today")
    if len(routed_on) < 30:
        problems.append(f"work items were routed on only {len(routed_on)} days")
    return problems


def risk_plans_are_written_before_their_review_is_due() -> list[str]:
    now = timezone.now()
    problems = []
    for plan in MissingRiskAssessment.objects.select_related("child"):
        if not timezone.localtime(plan.written_at).date() < plan.review_on or plan.written_at > now:
            problems.append(f"{plan.child}'s plan written {plan.written_at}, review due {plan.review_on}")
        if plan.review_on - timezone.localtime(plan.written_at).date() > timedelta(days=183):
            problems.append(f"{plan.child}'s plan is not reviewed for more than six months")
    return problems


def lado_referrals_are_received_in_the_past() -> list[str]:
    return [f"{case} is received in the future" for case in LadoCase.objects.filter(received_at__gt=timezone.now())]


def manual_reading_is_asked_of_the_team_and_confirmed_after() -> list[str]:
    from safeguard.manual.models import ReadConfirmation, ReadingAssignment
    from safeguard.manual.reading_selectors import assignment_people, assignment_report

    problems = []
    for assignment in ReadingAssignment.objects.all():
        report = assignment_report(assignment)
        if not 0 < report.confirmed < report.people:
            problems.append(f"assignment {assignment.pk}: {report.confirmed} of {report.people} confirmed")
        if assignment.due_on < timezone.localtime(assignment.assigned_at).date():
            problems.append(f"assignment {assignment.pk}: due before it was asked")
        people = set(assignment_people(assignment))
        for confirmation in ReadConfirmation.objects.filter(chapter__in=assignment.items.values("chapter")):
            if confirmation.user not in people or confirmation.confirmed_at < assignment.assigned_at:
                problems.append(f"confirmation {confirmation.pk}: not asked, or before it was asked")
    return problems


def education_fits_the_children() -> list[str]:
    """Schools fit the child's age (a primary school for Years 1 to 6, never one for a 15-year-old);
    nobody starts school before they are placed here, nor has a PEP before entering care or in the future."""
    problems = []
    today = timezone.localdate()
    for enrolment in SchoolEnrolment.objects.select_related("school", "record__child"):
        child, school = enrolment.record.child, enrolment.school
        year = year_group_for(child.date_of_birth, today)
        if school.phase == "Primary" and not 0 <= year <= 6 or school.phase == "Secondary" and not 7 <= year <= 13:
            problems.append(f"{child} (Year {year}) at {school.name}")
        if not child.placements.filter(start_date__lte=enrolment.started_on).exists():
            problems.append(f"{child} started at {school.name} before being placed here")
    for pep in PepMeeting.objects.select_related("record"):
        if pep.held_on > today or (pep.record.entered_care_on and pep.held_on < pep.record.entered_care_on):
            problems.append(f"PEP {pep.pk} held {pep.held_on}, entered care {pep.record.entered_care_on}")
    return problems


INVARIANTS = [
    exploitation_concerns_are_about_teenagers_placed_here,
    missing_episodes_are_teenagers_placed_here_in_order,
    first_names_fit_the_recorded_sex,
    carers_look_after_a_plausible_number_of_children,
    placements_fit_the_childs_life,
    notifications_and_work_are_dated_in_the_past_and_in_order,
    risk_plans_are_written_before_their_review_is_due,
    lado_referrals_are_received_in_the_past,
    manual_reading_is_asked_of_the_team_and_confirmed_after,
    education_fits_the_children,
]


@pytest.mark.django_db
def test_the_demo_is_plausible(host):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # What the demo is for is still there: a child missing now, open work, concerns, a carer's children.
    assert MissingEpisode.objects.filter(returned_at__isnull=True).exists()
    assert WorkItem.objects.filter(status="open").exists() and ExploitationConcern.objects.exists()
    # Some open work is someone's, some is nobody's yet, and some is overdue and was escalated.
    open_work = WorkItem.objects.filter(status="open")
    assert open_work.filter(owner__isnull=False).exists() and open_work.filter(owner__isnull=True).exists()
    overdue = open_work.filter(escalate_at__lt=timezone.now())
    assert overdue.exists() and not overdue.filter(escalated_at__isnull=True, team__manager_email__gt="").exists()
    assert not open_work.filter(owner__isnull=False).exclude(owner__team=F("team")).exists()
    with_demo_carer = Placement.objects.filter(end_date__isnull=True, carer__name="Meadow View foster family (demo)")
    assert sorted(age(p.child, timezone.localdate()) in TEENAGER for p in with_demo_carer) == [True] * 3
    # The R&A team was asked to read the missing-children chapter; the demo's R&A social worker has it to read.
    from safeguard.accounts.models import User
    from safeguard.manual.reading_selectors import to_read_for

    riley = User.objects.get(email="ra.worker@demo.safeguard.test")
    assert [item.title for item in to_read_for(riley)] == ["Safeguarding Children who Run Away or Go Missing"]
    # The Virtual School's view: schools, children waiting for a place (some escalated), PEPs on time and late.
    today = timezone.localdate()
    records = EducationRecord.objects.all()
    assert SchoolEnrolment.objects.filter(ended_on__isnull=True).count() > 50
    assert records.filter(no_place_since__isnull=False).count() >= 3
    assert records.filter(pep_due_on__lt=today).exists() and records.filter(pep_due_on__gte=today).exists()
    # The administrator's single sign-on page shows an example provider, switched off.
    from safeguard.accounts.models import CouncilSignIn

    example = CouncilSignIn.objects.get(host_council__slug="luton")
    assert not example.enabled and example.client_secret.startswith("fernet:")
    # Records management: Luton's schedule with one change of its own, a legal hold, records in review.
    from safeguard.records.models import LegalHold, RetentionRule, ReviewItem

    assert RetentionRule.objects.filter(record_class="lado_substantiated", period_months=1200).exists()
    assert LegalHold.objects.filter(lifted_at__isnull=True).count() == 1
    assert ReviewItem.objects.filter(owner="sqa", status="due").count() == 3
    found = {invariant.__name__: invariant() for invariant in INVARIANTS}
    found = {name: problems[:8] for name, problems in found.items() if problems}
    assert found == {}, "\n".join(f"{name}:\n  " + "\n  ".join(problems) for name, problems in found.items())
    # Its audit trail verifies, every chain of it; a row changed in the database behind the service's
    # back (the append-only trigger set aside, as only someone with the database's keys could) is found.
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "Audit chain intact" in out.getvalue()
    event = AuditEvent.objects.filter(host_council__isnull=False).order_by("id")[10]
    _without_append_only_guard("UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["Someone else", event.id])
    with pytest.raises(CommandError, match=f"at audit event {event.id}"):
        call_command("verify_audit_chain", stdout=io.StringIO())
