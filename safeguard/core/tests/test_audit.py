from dataclasses import FrozenInstanceError
from datetime import date, datetime
from io import StringIO
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from safeguard.accounts.models import Role
from safeguard.core.audit import (
    ChainReport,
    SystemActor,
    Target,
    audit_chain_verify,
    audit_event_record,
    changes_between,
)
from safeguard.core.models import AuditChain, AuditEvent

TEST_ACTOR = SystemActor("Safeguard test suite")


def _record(n, actor=TEST_ACTOR, host=None):
    return [
        audit_event_record(
            actor=actor,
            action=f"test.action{i}",
            target=Target("test.thing", str(i)),
            host_council=host,
            changes={"field": [i, i + 1]},
        )
        for i in range(n)
    ]


def _without_append_only_guard(sql, params=()):
    """Play an attacker with database access: switch the triggers off for one statement."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")


def test_events_chain_and_verify(db):
    events = _record(5)
    assert events[0].prev_hash == "0" * 64  # the chain starts from the agreed genesis
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    report = audit_chain_verify()
    assert report.intact and report.checked == 5


def test_a_changed_event_is_found_and_named(db):
    events = _record(5)
    _without_append_only_guard(
        "UPDATE core_auditevent SET changes = %s WHERE id = %s", ['{"field": [0, 999]}', events[2].id]
    )
    report = audit_chain_verify()
    assert report.broken_at == events[2].id
    assert "changed" in report.reason
    with pytest.raises(CommandError, match=f"at audit event {events[2].id}"):
        call_command("verify_audit_chain")


def test_a_removed_event_is_found(db):
    events = _record(5)
    _without_append_only_guard("DELETE FROM core_auditevent WHERE id = %s", [events[1].id])
    report = audit_chain_verify()
    assert report.broken_at == events[2].id
    assert "removed" in report.reason


def test_a_long_chain_verifies(db):
    """Past 256 events, where Python stops sharing small numbers: the head's count is compared by value."""
    _record(300)
    report = audit_chain_verify(chunk_size=64)
    assert report.intact and report.checked == 300


@pytest.mark.parametrize("removed", range(1, 9))
def test_removing_any_event_is_found_at_the_one_after_it(db, removed):
    # A frozen clock makes every hash the same from run to run, so each link compares the same way.
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/London")), tick=False):
        events = _record(10)
    _without_append_only_guard("DELETE FROM core_auditevent WHERE id = %s", [events[removed].id])
    report = audit_chain_verify()
    assert report.broken_at == events[removed + 1].id and report.checked == removed


@pytest.mark.parametrize("last_hash", ["0" * 64, "f" * 64])
def test_a_chain_head_whose_last_hash_is_not_the_newest_events_is_found(db, last_hash):
    _record(3)
    AuditChain.objects.filter(key="").update(last_hash=last_hash)
    report = audit_chain_verify()
    assert report.broken_at == -1 and report.checked == 3


@pytest.mark.parametrize("length", [2, 4])
def test_a_chain_head_that_counts_wrongly_is_found(db, length):
    _record(3)
    AuditChain.objects.filter(key="").update(length=length)
    report = audit_chain_verify()
    assert report.broken_at == -1 and report.checked == 3


def test_a_command_is_named_with_the_account_that_ran_it(monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "ops")
    assert SystemActor.command("close_cases").label == "manage.py close_cases (run by ops)"


def test_removing_the_newest_event_is_found(db):
    events = _record(3)
    _without_append_only_guard("DELETE FROM core_auditevent WHERE id = %s", [events[-1].id])
    report = audit_chain_verify()
    assert not report.intact and report.checked == 2
    assert report.reason == "the chain is shorter than its head records (the newest events were removed)"
    with pytest.raises(CommandError, match="Audit chain broken at the end of the chain"):
        call_command("verify_audit_chain")


def test_the_database_refuses_to_change_or_delete_events(db):
    event = _record(1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.action0"


def test_verify_command_reports_an_intact_chain(db):
    _record(3)
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "intact: 3 events" in out.getvalue()


def test_a_write_and_its_event_roll_back_together(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_event_record(
            actor=SystemActor("Safeguard test suite"), action="test.rolled_back", target=Target("test.thing", "1")
        )
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()
    assert audit_chain_verify().intact


def test_reading_a_child_records_an_access_event_with_address(client, sign_in, world, placing_social_worker):
    sign_in(placing_social_worker)
    response = client.get(f"/children/{world.child.pk}/", REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="child.view")
    assert event.kind == AuditEvent.Kind.ACCESS
    assert event.actor == placing_social_worker
    assert (event.object_type, event.object_id) == ("register.child", str(world.child.pk))
    assert event.ip_address == "192.0.2.7"
    assert event.host_council == world.child.host_council


def test_a_refused_read_records_nothing_about_the_child(client, sign_in, world, other_authority_user):
    sign_in(other_authority_user)
    assert client.get(f"/children/{world.child.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="child.view", object_id=str(world.child.pk)).exists()


def test_the_admin_cannot_change_or_delete_events(db):
    from django.contrib.admin.sites import site

    from safeguard.accounts.tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    model_admin = site._registry[AuditEvent]

    class FakeRequest:
        user = admin

    assert not model_admin.has_change_permission(FakeRequest())
    assert not model_admin.has_delete_permission(FakeRequest())
    assert not model_admin.has_add_permission(FakeRequest())


class TestAuditPage:
    def test_manager_filters_by_person_action_record_and_date(
        self, client, sign_in, world, sqa_manager, placing_social_worker, sqa_officer
    ):
        london = ZoneInfo("Europe/London")
        with time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=london)):
            sign_in(placing_social_worker)
            client.get(f"/children/{world.child.pk}/")
        with time_machine.travel(datetime(2026, 11, 21, 10, 0, tzinfo=london)):
            sign_in(sqa_officer)
            client.get(f"/children/{world.other_child.pk}/")
        sign_in(sqa_manager)

        page = client.get("/audit/", {"action": "child.view"}).content.decode()
        assert placing_social_worker.email in page and sqa_officer.email in page

        page = client.get("/audit/", {"person": sqa_officer.email}).content.decode()
        assert sqa_officer.email in page and placing_social_worker.email not in page

        page = client.get("/audit/", {"object_type": "register.child", "object_id": world.child.pk}).content.decode()
        assert placing_social_worker.email in page and sqa_officer.email not in page

        page = client.get(
            "/audit/", {"action": "child.view", "date_from_0": "21", "date_from_1": "11", "date_from_2": "2026"}
        ).content.decode()
        assert sqa_officer.email in page and placing_social_worker.email not in page

    def test_bad_dates_are_explained_field_by_field(self, client, sign_in, sqa_manager):
        sign_in(sqa_manager)
        page = client.get(
            "/audit/",
            {
                "date_from_0": "31",
                "date_from_1": "2",
                "date_from_2": "2026",
                "date_to_0": "1",
                "date_to_1": "",
                "date_to_2": "2026",
            },
        ).content.decode()
        assert "There is a problem" in page
        assert "The from date must be a real date" in page
        assert "The to date must include a month" in page
        assert 'href="#id_date_from_0"' in page

    def test_manager_sees_only_their_own_host_councils_events(self, client, sign_in, sqa_manager, world):
        from safeguard.accounts.tests.factories import HostCouncilFactory

        other_host = HostCouncilFactory()
        audit_event_record(
            actor=SystemActor("Safeguard test suite"),
            action="test.elsewhere",
            target=Target("test.thing", "1"),
            host_council=other_host,
        )
        audit_event_record(
            actor=SystemActor("Safeguard test suite"),
            action="test.here",
            target=Target("test.thing", "2"),
            host_council=sqa_manager.host_council,
        )
        sign_in(sqa_manager)
        page = client.get("/audit/").content.decode()
        assert "test.here" in page
        assert "test.elsewhere" not in page


def test_the_date_boxes_are_named_as_the_form_reads_them(client, sign_in, sqa_manager):
    """The GOV.UK macro joins prefix and box with '-'; Django reads '_0': the page must use the latter."""
    sign_in(sqa_manager)
    page = client.get("/audit/").content.decode()
    for box in ("date_from_0", "date_from_1", "date_from_2", "date_to_0"):
        assert f'name="{box}"' in page


def test_home_pages_that_list_children_record_the_read(client, sign_in, carer, partnership_editor, world):
    sign_in(carer)
    client.get("/")
    assert AuditEvent.objects.filter(action="child.list", actor=carer, object_type="core.home").exists()
    sign_in(partnership_editor)
    client.get("/")
    assert not AuditEvent.objects.filter(action="child.list", actor=partnership_editor).exists()


def test_an_event_without_an_actor_is_refused_and_nothing_is_written(db):
    with pytest.raises(TypeError, match="needs an actor"):
        audit_event_record(actor=None, action="test.nobody", target=Target("test.thing", "1"))
    assert not AuditEvent.objects.filter(action="test.nobody").exists()


def test_a_system_actor_is_named_in_the_trail(db):
    (event,) = _record(1, actor=SystemActor("Safeguard (a timed rule)"))
    assert event.actor is None and event.actor_label == "Safeguard (a timed rule)"


def test_changes_name_each_field_that_changed_with_its_values_before_and_after():
    before = {"name": "Ava", "postcode": "LU1 2BQ", "phones": ["07700 900001"], "left": "kept only before"}
    after = {"name": "Ava", "postcode": "LU2 7AB", "phones": ["07700 900001"], "added": date(2026, 3, 1)}
    assert changes_between(before, after) == {
        "added": [None, "2026-03-01"],
        "left": ["kept only before", None],
        "postcode": ["LU1 2BQ", "LU2 7AB"],
    }
    # A choice is recorded as its stored value (a choice has a `name` too), a stored file as its name.
    assert changes_between({"role": Role.SQA_OFFICER}, {"role": Role.LADO}) == {"role": ["sqa_officer", "lado"]}
    document = SimpleNamespace(name="photographs/2026/03/abc.jpg", url="/media/photographs/2026/03/abc.jpg")
    assert changes_between({"image": None}, {"image": document}) == {"image": [None, "photographs/2026/03/abc.jpg"]}
    # Equal values are not changes, even when they are not the same object.
    assert changes_between({"phones": ["07700 900001"]}, {"phones": ["07700 900001"]}) == {}


def test_a_chain_report_cannot_be_altered_after_the_check():
    report = ChainReport(checked=3)
    with pytest.raises(FrozenInstanceError):
        report.broken_at = 2
