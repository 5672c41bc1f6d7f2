"""Host teams' work: a due-by clock and an overdue state per item, an owner (assigned by a manager or
taken by a worker of the team), "My work", the escalation recorded on the item, filters, due first."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.accounts.tests.factories import UserFactory
from safeguard.core.audit import TIMED_RULE
from safeguard.core.models import AuditEvent, OutboxMessage
from safeguard.notifications import selectors, services
from safeguard.notifications.models import WorkItem


@pytest.fixture
def ra_items(world):
    """The R&A team's two open items: Nia's (routed now) and one made overdue."""
    nia = world.ra_item
    overdue = WorkItem.objects.filter(team=nia.team).exclude(pk=nia.pk).first()
    if overdue is None:
        from .factories import WorkItemFactory

        overdue = WorkItemFactory(notification=world.other_notification, team=nia.team)
    overdue.escalate_at = timezone.now() - timedelta(hours=3)
    overdue.save()
    return nia, overdue


def test_the_duty_manager_assigns_work_to_a_worker_in_the_team(world, ra_duty_manager, ra_social_worker):
    item = services.work_item_assign(actor=ra_duty_manager, item=world.ra_item, owner=ra_social_worker)
    assert (item.owner, item.assigned_by) == (ra_social_worker, ra_duty_manager)
    event = AuditEvent.objects.get(action="work_item.assign", object_id=str(item.pk))
    assert event.actor == ra_duty_manager and event.changes["owner"] == ["", ra_social_worker.full_name]
    told = OutboxMessage.objects.get(purpose="work_item.assign")
    assert told.to == ra_social_worker.email and "Nia" not in told.body


def test_a_worker_outside_the_team_cannot_be_assigned(world, ra_duty_manager, virtual_school_officer, sqa_officer):
    for outsider in (virtual_school_officer, sqa_officer):
        with pytest.raises(services.WorkItemRefused) as refused:
            services.work_item_assign(actor=ra_duty_manager, item=world.ra_item, owner=outsider)
        assert refused.value.errors == {
            "owner": f"{outsider.full_name} is not in Referral and Assessment: choose someone in the team"
        }
    world.ra_item.refresh_from_db()
    assert world.ra_item.owner is None


def test_a_disabled_member_of_the_team_cannot_be_assigned(world, ra_duty_manager, host):
    gone = UserFactory(
        role=Role.RA_SOCIAL_WORKER, organisation=host.organisation, team=world.ra_item.team, is_active=False
    )
    with pytest.raises(services.WorkItemRefused):
        services.work_item_assign(actor=ra_duty_manager, item=world.ra_item, owner=gone)


def test_the_sqa_manager_assigns_any_teams_work_and_workers_cannot_assign(
    world, sqa_manager, ra_social_worker, sqa_officer, host
):
    colleague = UserFactory(role=Role.RA_SOCIAL_WORKER, organisation=host.organisation, team=world.ra_item.team)
    assert services.work_item_assign(actor=sqa_manager, item=world.ra_item, owner=colleague).owner == colleague
    for not_a_manager in (ra_social_worker, sqa_officer):
        with pytest.raises(PermissionDenied):
            services.work_item_assign(actor=not_a_manager, item=world.ra_item, owner=ra_social_worker)


def test_a_worker_takes_work_of_their_own_team_only(world, ra_social_worker, virtual_school_officer):
    assert services.work_item_take(actor=ra_social_worker, item=world.ra_item).owner == ra_social_worker
    with pytest.raises(PermissionDenied):
        services.work_item_take(actor=virtual_school_officer, item=world.ra_item)


def test_done_work_is_not_reassigned(world, ra_duty_manager, ra_social_worker):
    services.work_item_acknowledge(actor=ra_social_worker, item=world.ra_item, case_reference="LCS-1")
    with pytest.raises(services.WorkItemRefused):
        services.work_item_assign(actor=ra_duty_manager, item=world.ra_item, owner=ra_social_worker)


def test_the_queue_filters_by_state_owner_and_due_date_and_puts_what_is_due_first(ra_items, ra_social_worker):
    nia, overdue = ra_items
    services.work_item_take(actor=ra_social_worker, item=nia)
    everything = list(selectors.work_item_list_for(ra_social_worker))
    assert everything.index(overdue) < everything.index(nia)  # due first
    assert list(selectors.work_item_list_for(ra_social_worker, show="overdue")) == [overdue]
    assert list(selectors.work_item_list_for(ra_social_worker, owner="me")) == [nia]
    assert nia not in selectors.work_item_list_for(ra_social_worker, owner="nobody")
    assert overdue in selectors.work_item_list_for(ra_social_worker, due="today")
    assert overdue.is_overdue() and not nia.is_overdue()


def test_the_escalation_is_recorded_on_the_item(ra_items):
    _nia, overdue = ra_items
    assert services.work_items_escalate(actor=TIMED_RULE) >= 1
    overdue.refresh_from_db()
    assert overdue.escalated_at is not None and overdue.escalated_to == overdue.team.manager_email


def test_my_work_page_and_the_overdue_tag(client, sign_in, ra_items, ra_social_worker):
    nia, overdue = ra_items
    sign_in(ra_social_worker)
    response = client.post(f"/work/{nia.pk}/take/")
    assert response.status_code == 302 and response["Location"].endswith("?owner=me")
    page = client.get("/work/?owner=me").content.decode()
    assert "My work" in page and "Nia Notified" in page and overdue.child.full_name not in page
    page = client.get("/work/?show=overdue").content.decode()
    assert "Overdue</strong>" in page and "Nia Notified" not in page


def test_the_assign_page_lists_the_team_only_and_a_wrong_choice_is_named(
    client, sign_in, world, ra_duty_manager, ra_social_worker, virtual_school_officer
):
    sign_in(ra_duty_manager)
    url = f"/work/{world.ra_item.pk}/assign/"
    page = client.get(url).content.decode()
    assert ra_social_worker.full_name in page and virtual_school_officer.full_name not in page
    page = client.post(url, {"owner": str(virtual_school_officer.pk)}).content.decode()
    assert "Select a person in the team" in page
    assert client.post(url, {"owner": str(ra_social_worker.pk)}).status_code == 302
    world.ra_item.refresh_from_db()
    assert world.ra_item.owner == ra_social_worker


def test_the_acknowledge_page_shows_the_placement_and_links_to_the_child(client, sign_in, world, ra_social_worker):
    sign_in(ra_social_worker)
    page = client.get(f"/work/{world.ra_item.pk}/acknowledge/").content.decode()
    placement = world.ra_item.child.placements.get()
    assert placement.postcode in page and placement.carer_name in page
    assert "Full care order" in page or "care order" in page.lower()
    assert f"/children/{world.ra_item.child.pk}/" in page


def test_the_virtual_schools_reference_says_what_it_is_for_and_that_it_is_optional(
    client, sign_in, world, virtual_school_officer
):
    item = world.notification.work_items.get(team__kind="virtual_school")
    sign_in(virtual_school_officer)
    page = client.get(f"/work/{item.pk}/acknowledge/").content.decode()
    assert "Virtual School reference (optional)" in page and "Leave it blank" in page


def test_the_worker_assigned_is_told_once_when_their_work_becomes_overdue(ra_items, ra_duty_manager, ra_social_worker):
    nia, overdue = ra_items
    services.work_item_assign(actor=ra_duty_manager, item=overdue, owner=ra_social_worker)
    services.work_item_assign(actor=ra_duty_manager, item=nia, owner=ra_social_worker)  # not yet due
    services.work_items_escalate(actor=TIMED_RULE)
    services.work_items_escalate(actor=TIMED_RULE)
    told = OutboxMessage.objects.filter(purpose="work_item.overdue_owner")
    assert [m.to for m in told] == [ra_social_worker.email]
    assert told.get().subject == "Overdue: work assigned to you"
    assert overdue.child.full_name not in told.get().body and overdue.child.first_name not in told.get().body
    event = AuditEvent.objects.get(action="work_item.escalate", object_id=str(overdue.pk))
    assert event.changes["owner_told"] == [None, ra_social_worker.email]
