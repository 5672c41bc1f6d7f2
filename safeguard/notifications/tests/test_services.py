from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.core.audit import TIMED_RULE
from safeguard.core.models import AuditEvent, OutboxMessage
from safeguard.notifications import services
from safeguard.notifications.destinations import DESTINATIONS
from safeguard.notifications.models import MatchReview, Notification, WorkItem
from safeguard.register.models import Child

from .payloads import CASE_SYSTEM, DELETE, start_payload

LONDON = ZoneInfo("Europe/London")


def receive(payload, actor=CASE_SYSTEM, **kwargs):
    return services.notification_receive(actor=actor, channel=Notification.Channel.API, payload=payload, **kwargs)


class TestRegistering:
    def test_a_complete_start_registers_the_child_and_routes_it(self, host):
        notification, routed = receive(start_payload())
        assert notification.status == Notification.Status.REGISTERED
        assert notification.reference.startswith("SG-")
        child = notification.child
        assert (child.first_name, child.host_council, child.placing_authority.dfe_code) == ("Ava", host, "919")
        assert child.iro_name == "Alex Reed" and child.has_ehc_plan is True
        placement = child.placements.get()
        assert placement.postcode == "LU1 2BQ" and placement.placement_type == "U4"
        assert sorted(routed) == ["Referral and Assessment", "Virtual School"]
        assert WorkItem.objects.filter(child=child, status=WorkItem.Status.OPEN).count() == 2
        subjects = set(OutboxMessage.objects.values_list("subject", flat=True))
        assert f"Notification received: {notification.reference}" in subjects
        assert f"New placement to acknowledge: {notification.reference}" in subjects
        assert AuditEvent.objects.filter(action="child.register", object_id=str(child.pk)).exists()

    def test_bad_values_are_refused_field_by_field_and_nothing_is_stored(self, host):
        payload = start_payload(
            child__date_of_birth="2099-01-01",
            child__nhs_number="1234567890",
            legal_status="XX",
            placement__address__postcode="NOT A POSTCODE",
        )
        with pytest.raises(services.NotificationRejected) as refused:
            receive(payload)
        fields = refused.value.errors  # {field: message}, as every ServiceRefusal
        assert fields["child.date_of_birth"] == "The child's date of birth must be in the past"
        assert fields["child.nhs_number"].startswith("Enter a real NHS number")
        assert "SSDA903 code" in fields["legal_status"]
        assert fields["placement.address.postcode"].startswith("Enter a real postcode")
        assert not Notification.objects.exists()

    def test_a_postcode_outside_every_host_area_is_refused(self, host):
        with pytest.raises(services.NotificationRejected) as refused:
            receive(start_payload(placement__address__postcode="SW1A 1AA"))
        assert "not in an area served" in refused.value.errors["placement.address.postcode"]

    def test_a_supervision_order_is_accepted_and_the_child_is_not_looked_after(self, host):
        notification, _ = receive(start_payload(legal_status="supervision_order"))
        assert notification.status == Notification.Status.REGISTERED
        assert notification.child.is_looked_after is False


class TestIncomplete:
    def test_missing_facts_are_kept_and_the_sender_is_asked(self, host):
        payload = start_payload(iro=DELETE, ehc_plan__maintaining_authority=DELETE)
        notification, routed = receive(payload)
        assert notification.status == Notification.Status.INCOMPLETE
        assert routed == [] and not WorkItem.objects.exists()
        messages = {m["field"]: m["message"] for m in notification.missing}
        assert messages["iro.name"] == "Enter the IRO's name"
        assert messages["ehc_plan.maintaining_authority"] == "Enter the council that maintains the EHC plan"
        assert notification.payload["child"]["first_name"] == "Ava"  # nothing typed is lost
        chase = OutboxMessage.objects.get(purpose="notification.incomplete")
        assert chase.to == "sam.jones@herts.example" and "Enter the IRO's name" in chase.body

    def test_an_incomplete_placement_puts_the_child_on_the_register_marked_with_the_facts_missing(self, host):
        notification, routed = receive(start_payload(iro=DELETE))
        assert notification.status == Notification.Status.INCOMPLETE and routed == []
        child = notification.child
        assert (child.full_name, child.host_council) == ("Ava Smith", host)
        assert "Enter the IRO's name" in [item["message"] for item in child.missing_facts]
        assert child.placements.get().postcode == "LU1 2BQ"

    def test_an_incomplete_notice_without_the_childs_address_is_not_on_the_register(self, host):
        notification, _ = receive(start_payload(placement__address__postcode=DELETE))
        assert notification.status == Notification.Status.INCOMPLETE and notification.child is None
        assert not Child.objects.exists()

    def test_completing_registers_it(self, host, placing_social_worker):
        notification, _ = receive(start_payload(iro=DELETE))
        early = notification.child
        notification, routed = services.notification_complete(
            actor=placing_social_worker,
            notification=notification,
            payload={"iro": {"name": "Alex Reed", "phone": "01632 960 002"}},
        )
        assert notification.status == Notification.Status.REGISTERED
        assert notification.child == early and Child.objects.count() == 1
        assert notification.child.iro_name == "Alex Reed" and notification.child.missing_facts == []
        assert early.placements.count() == 1
        assert len(routed) == 2

    def test_incomplete_notifications_are_chased_after_working_days(self, host, settings):
        settings.NOTIFICATION_CHASE_WORKING_DAYS = 3
        with time_machine.travel(datetime(2026, 12, 23, 10, tzinfo=LONDON)):  # Wednesday before Christmas
            receive(start_payload(start=date(2027, 1, 10), iro=DELETE))
        before = OutboxMessage.objects.filter(purpose="notification.incomplete").count()
        # 24 Dec (1), 29 Dec (2): not yet three working days.
        assert services.notifications_chase(actor=TIMED_RULE, now=datetime(2026, 12, 29, 9, tzinfo=LONDON)) == 0
        assert services.notifications_chase(actor=TIMED_RULE, now=datetime(2026, 12, 30, 9, tzinfo=LONDON)) == 1
        assert OutboxMessage.objects.filter(purpose="notification.incomplete").count() == before + 1
        assert (
            services.notifications_chase(actor=TIMED_RULE, now=datetime(2026, 12, 31, 9, tzinfo=LONDON)) == 0
        )  # not again so soon


class TestTimeliness:
    @pytest.mark.parametrize(
        ("start", "emergency", "received", "late"),
        [
            (date(2026, 12, 21), False, date(2026, 12, 18), 0),  # before the start: on time
            (date(2026, 12, 21), False, date(2026, 12, 21), 0),  # on the day
            (date(2026, 12, 23), False, date(2026, 12, 29), 2),  # 24 Dec, 29 Dec (25, 28 are bank holidays)
            (date(2026, 12, 23), True, date(2027, 1, 4), 0),  # emergency: due 4 Jan 2027 (5 working days)
            (date(2026, 12, 23), True, date(2027, 1, 6), 2),
            # Easter 2027: Good Friday 26 March and Easter Monday 29 March do not count: due 5 April.
            (date(2027, 3, 25), True, date(2027, 4, 5), 0),
            (date(2027, 3, 25), True, date(2027, 4, 6), 1),
        ],
    )
    def test_start_notice(self, start, emergency, received, late):
        facts = {"placement.start_date": start, "placement.emergency": emergency}
        assert services.timeliness("placement_start", facts, received).late_working_days == late

    def test_end_notice_is_due_within_ten_working_days(self):
        facts = {"placement.end_date": date(2026, 12, 18)}
        timing = services.timeliness("placement_end", facts, date(2027, 1, 6))
        assert timing.due_date == date(2027, 1, 6) and timing.late_working_days == 0
        assert services.timeliness("placement_end", facts, date(2027, 1, 7)).late_working_days == 1

    def test_a_late_notification_says_so(self, host):
        with time_machine.travel(datetime(2026, 12, 29, 9, tzinfo=LONDON)):
            notification, _ = receive(start_payload(start=date(2026, 12, 23)))
        assert notification.late_working_days == 2
        ack = OutboxMessage.objects.get(purpose="notification.acknowledge")
        assert "2 working day(s) after it was due" in ack.body


class TestDatesThatCannotBeTrue:
    """The one validation: the same refusals for every way in, naming the field."""

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            (
                {"child__date_of_birth": "2012-05-01", "placement__start_date": "2011-01-01"},
                "placement.start_date",
                "Placement start date must be on or after the child's date of birth",
            ),
            (
                {"placement__start_date": "2026-11-20", "placement__end_date": "2026-10-01"},
                "placement.end_date",
                "The placement end date must be the same as or after the start date",
            ),
            (
                {"child__date_of_birth": "2000-11-29"},
                "child.date_of_birth",
                "The child's date of birth must be after 30 November 2001",
            ),
        ],
    )
    def test_refused(self, host, change, field, message):
        with (
            time_machine.travel(datetime(2026, 11, 30, 12, tzinfo=LONDON), tick=False),
            pytest.raises(services.NotificationRejected) as refused,
        ):
            receive(start_payload(**change))
        assert refused.value.errors == {field: message}

    def test_an_e_mail_with_such_a_date_is_kept_with_the_problem_to_put_right(self, host):
        notification, _ = services.notification_receive(
            actor=CASE_SYSTEM,
            channel=Notification.Channel.EMAIL,
            payload=start_payload(child__date_of_birth="2012-05-01", placement__start_date="2011-01-01"),
            store_invalid=True,
        )
        assert notification.status == Notification.Status.INCOMPLETE
        assert {
            "field": "placement.start_date",
            "message": "Placement start date must be on or after the child's date of birth",
        } in notification.missing

    def test_a_young_person_of_24_is_still_accepted(self, host):
        with time_machine.travel(datetime(2026, 11, 30, 12, tzinfo=LONDON), tick=False):
            notification, _ = receive(start_payload(child__date_of_birth="2001-12-01", start=date(2026, 12, 7)))
        assert notification.status == Notification.Status.REGISTERED


class TestMatching:
    def test_the_same_child_by_nhs_number_joins_one_entry(self, host):
        first, _ = receive(start_payload(start=date(2026, 12, 1)))
        second, routed = receive(
            start_payload(start=date(2027, 2, 1), child__first_name="Avah", placement__address__postcode="LU3 1AA")
        )
        assert second.child == first.child
        assert Child.objects.count() == 1
        assert first.child.placements.count() == 2
        assert first.child.placements.get(start_date=date(2026, 12, 1)).end_date == date(2027, 2, 1)

    def test_notifying_the_same_placement_again_routes_nothing_new(self, host):
        receive(start_payload(start=date(2026, 12, 1)))
        _, routed = receive(start_payload(start=date(2026, 12, 1)))
        assert routed == [] and WorkItem.objects.count() == 2

    def test_a_fuzzy_name_with_the_same_birth_date_joins(self, host, sqa_officer):
        first, _ = receive(start_payload(child__nhs_number=None, child__local_id=None))
        second, _ = receive(
            start_payload(
                child__nhs_number=None, child__local_id=None, child__last_name="Smyth", child__first_name="Ava"
            )
        )
        # "Ava Smith" / "Ava Smyth" is close but not certain: an officer decides.
        assert second.status == Notification.Status.AWAITING_MATCH
        review = MatchReview.objects.get(notification=second)
        assert review.candidate == first.child

        services.match_review_decide(actor=sqa_officer, review=review, same_child=True)
        second.refresh_from_db()
        assert second.status == Notification.Status.REGISTERED and second.child == first.child
        assert Child.objects.count() == 1

        new_child = services.match_review_undo(actor=sqa_officer, review=MatchReview.objects.get(pk=review.pk))
        assert Child.objects.count() == 2
        second.refresh_from_db()
        assert second.child == new_child

    def test_an_exact_name_and_birth_date_from_the_same_council_joins(self, host):
        first, _ = receive(start_payload(child__nhs_number=None, child__local_id=None))
        second, _ = receive(start_payload(child__nhs_number=None, child__local_id=None))
        assert second.status == Notification.Status.REGISTERED and second.child == first.child

    def test_different_children_are_kept_apart(self, host, sqa_officer):
        first, _ = receive(start_payload(child__nhs_number=None, child__local_id=None))
        second, _ = receive(
            start_payload(
                child__nhs_number=None, child__local_id=None, child__first_name="Eva", child__last_name="Smith"
            )
        )
        review = MatchReview.objects.get(notification=second)
        services.match_review_decide(actor=sqa_officer, review=review, same_child=False)
        second.refresh_from_db()
        assert second.status == Notification.Status.REGISTERED and second.child != first.child

    def test_conflicting_nhs_numbers_never_join(self, host):
        first, _ = receive(start_payload(child__local_id=None))
        second, _ = receive(start_payload(child__local_id=None, child__nhs_number="4010232137"))
        assert second.child != first.child and Child.objects.count() == 2


class TestMoveAndEnd:
    def test_a_move_within_the_area_starts_a_new_placement(self, host):
        first, _ = receive(start_payload(start=date(2026, 10, 1)))
        move = {
            "kind": "change_of_address",
            "placing_authority": "919",
            "child": first.payload["child"],
            "move": {
                "date": "2026-11-01",
                "address": {"line1": "9 New Road", "postcode": "LU4 8AA"},
                "carer_changed": False,
                "type_changed": False,
            },
        }
        moved, _ = receive(move)
        assert moved.status == Notification.Status.REGISTERED and moved.child == first.child
        placements = list(first.child.placements.order_by("start_date"))
        assert placements[0].end_date == date(2026, 11, 1)
        assert placements[1].postcode == "LU4 8AA" and placements[1].end_date is None
        # The placing council said the carer and type stayed: they carry over.
        assert (placements[1].carer_name, placements[1].placement_type) == (
            placements[0].carer_name,
            placements[0].placement_type,
        )

    def _move(self, first, **move):
        return {
            "kind": "change_of_address",
            "placing_authority": "919",
            "child": first.payload["child"],
            "move": {"date": "2026-11-01", "address": {"line1": "9 New Road", "postcode": "LU4 8AA"}, **move},
        }

    def test_a_move_without_an_answer_about_the_carer_is_not_registered_and_names_the_field(self, host):
        first, _ = receive(start_payload(start=date(2026, 10, 1)))
        moved, _ = receive(self._move(first, type_changed=False))
        assert moved.status == Notification.Status.INCOMPLETE
        assert {"field": "move.carer_changed", "message": "Select whether the carer or provider changed"} in (
            moved.missing
        )
        # Nothing moved: the child is still at the first address, with the first carer.
        assert first.child.placements.get().end_date is None

    def test_a_new_carer_named_without_a_name_is_asked_for(self, host):
        first, _ = receive(start_payload(start=date(2026, 10, 1)))
        moved, _ = receive(self._move(first, carer_changed=True, type_changed=False))
        assert moved.status == Notification.Status.INCOMPLETE
        assert [m["field"] for m in moved.missing] == ["move.carer"]

    def test_a_move_with_a_new_carer_and_type_never_keeps_the_old_carer(self, host):
        first, _ = receive(start_payload(start=date(2026, 10, 1)))
        old = first.child.placements.get()
        assert old.carer_name
        moved, _ = receive(self._move(first, carer_changed=True, carer="Rosa Newcarer", type_changed=True, type="K2"))
        assert moved.status == Notification.Status.REGISTERED
        new = first.child.placements.get(end_date__isnull=True)
        assert (new.carer_name, new.placement_type, new.carer) == ("Rosa Newcarer", "K2", None)

    def test_an_unknown_new_placement_type_is_refused_naming_the_field(self, host):
        first, _ = receive(start_payload(start=date(2026, 10, 1)))
        with pytest.raises(services.NotificationRejected) as refused:
            receive(self._move(first, carer_changed=False, type_changed=True, type="ZZ"))
        assert "SSDA903 code" in refused.value.errors["move.type"]

    def test_a_placement_end_closes_the_placement_with_its_reason(self, host):
        first, _ = receive(start_payload(start=date(2026, 10, 1)))
        end = {
            "kind": "placement_end",
            "placing_authority": "919",
            "child": first.payload["child"],
            "placement": {"end_date": "2026-11-10", "end_reason": "E11"},
        }
        ended, _ = receive(end)
        placement = first.child.placements.get()
        assert (placement.end_date, placement.end_reason) == (date(2026, 11, 10), "E11")
        assert ended.due_date == date(2026, 11, 24)

    @pytest.mark.parametrize("channel", [Notification.Channel.API, Notification.Channel.EMAIL])
    def test_an_end_before_the_placement_started_is_refused_not_moved_to_the_start(self, host, channel):
        first, _ = receive(start_payload(start=date(2026, 10, 1)))
        end = {
            "kind": "placement_end",
            "placing_authority": "919",
            "child": first.payload["child"],
            "placement": {"end_date": "2026-09-01", "end_reason": "E11"},
        }
        problem = {
            "field": "placement.end_date",
            "message": "Placement end date must be on or after the placement start date, 1 October 2026",
        }
        if channel == Notification.Channel.API:
            with pytest.raises(services.NotificationRejected) as refused:
                receive(end)
            assert [e.as_dict() for e in refused.value.field_errors] == [problem]
        else:
            kept, _ = services.notification_receive(actor=CASE_SYSTEM, channel=channel, payload=end, store_invalid=True)
            assert kept.status == Notification.Status.INCOMPLETE and kept.missing == [problem]
        assert first.child.placements.get().end_date is None

    def test_an_end_for_an_unknown_child_is_incomplete_and_says_why(self, host):
        end = {
            "kind": "placement_end",
            "placing_authority": "919",
            "child": {"first_name": "Nobody", "last_name": "Known", "date_of_birth": "2010-01-01"},
            "placement": {"end_date": "2026-11-10", "end_reason": "E11"},
        }
        ended, _ = receive(end)
        assert ended.status == Notification.Status.INCOMPLETE
        assert "could not find this child" in ended.missing[0]["message"]


class TestWorkItems:
    def test_acknowledging_records_the_case_reference(self, host, ra_social_worker):
        notification, _ = receive(start_payload())
        item = WorkItem.objects.get(notification=notification, team__kind="referral_assessment")
        services.work_item_acknowledge(actor=ra_social_worker, item=item, case_reference="LCS-123456")
        item.refresh_from_db()
        assert item.status == WorkItem.Status.ACKNOWLEDGED and item.case_reference == "LCS-123456"

    def test_referral_and_assessment_must_record_the_case_reference(self, host, ra_social_worker):
        notification, _ = receive(start_payload())
        item = WorkItem.objects.get(notification=notification, team__kind="referral_assessment")
        with pytest.raises(services.WorkItemRefused) as refused:
            services.work_item_acknowledge(actor=ra_social_worker, item=item, case_reference="  ")
        assert refused.value.errors == {"case_reference": "Enter the case-system reference"}
        item.refresh_from_db()
        assert item.status == WorkItem.Status.OPEN

    def test_a_team_cannot_acknowledge_another_teams_work(self, host, virtual_school_officer):
        from django.core.exceptions import PermissionDenied

        notification, _ = receive(start_payload())
        item = WorkItem.objects.get(notification=notification, team__kind="referral_assessment")
        with pytest.raises(PermissionDenied):
            services.work_item_acknowledge(actor=virtual_school_officer, item=item)

    def test_unacknowledged_work_escalates_to_the_manager(self, host):
        with time_machine.travel(datetime(2026, 11, 20, 15, tzinfo=LONDON)):  # Friday 3pm
            receive(start_payload())
        # 16 working hours from Friday 15:00 end on Tuesday 15:00.
        assert services.work_items_escalate(actor=TIMED_RULE, now=datetime(2026, 11, 24, 14, 59, tzinfo=LONDON)) == 0
        assert services.work_items_escalate(actor=TIMED_RULE, now=datetime(2026, 11, 24, 15, 1, tzinfo=LONDON)) == 2
        assert OutboxMessage.objects.filter(purpose="work_item.escalate").count() == 2
        assert services.work_items_escalate(actor=TIMED_RULE, now=datetime(2026, 11, 25, 15, tzinfo=LONDON)) == 0

    def test_the_escalation_e_mail_gives_the_local_date_in_words(self, host):
        with time_machine.travel(datetime(2026, 6, 5, 0, 30, tzinfo=LONDON)):  # 23:30 on 4 June in UTC
            receive(start_payload())
        services.work_items_escalate(actor=TIMED_RULE, now=datetime(2026, 6, 12, 9, tzinfo=LONDON))
        bodies = OutboxMessage.objects.filter(purpose="work_item.escalate").values_list("body", flat=True)
        assert bodies and all(" on 5 June 2026 has not been acknowledged" in body for body in bodies)

    def test_ehc_plan_rule_routes_to_send(self, host):
        from safeguard.accounts.models import Team
        from safeguard.notifications.models import RoutingRule

        send = Team.objects.create(host_council=host, kind="other", name="SEND", email="send@luton.example")
        RoutingRule.objects.create(host_council=host, team=send, condition=RoutingRule.Condition.EHC_PLAN)
        _, routed = receive(start_payload())
        assert "SEND" in routed
        _, routed = receive(
            start_payload(
                child__nhs_number="4010232137",
                child__first_name="Bo",
                child__local_id="X2",
                ehc_plan={"has_plan": False},
            )
        )
        assert "SEND" not in routed


def test_e_mail_intake_keeps_a_payload_without_the_characters_that_cannot_be_stored(host):
    notification, _ = services.notification_receive(
        actor=CASE_SYSTEM,
        channel=Notification.Channel.EMAIL,
        payload=start_payload(child__first_name="Av\u0000a", placement__carer="Brown \ud800family"),
        store_invalid=True,
    )
    notification.refresh_from_db()
    assert notification.payload["child"]["first_name"] == "Ava"
    assert notification.payload["placement"]["carer"] == "Brown family"


class TestWhereTheChildWent:
    """An end is told in plain words; each answer is returned as its SSDA903 reason (REC) code."""

    @pytest.mark.parametrize(("answer", "code"), [(d.key, d.code) for d in DESTINATIONS])
    def test_each_plain_answer_is_registered_as_its_code(self, host, answer, code):
        first, _ = receive(start_payload(start=date(2026, 10, 1)))
        ended, _ = receive(
            {
                "kind": "placement_end",
                "placing_authority": "919",
                "child": first.payload["child"],
                "placement": {"end_date": "2026-11-10", "destination": answer},
            }
        )
        assert ended.status == Notification.Status.REGISTERED
        assert first.child.placements.get().end_reason == code

    def test_every_reason_code_has_a_plain_answer(self):
        from safeguard.reference.codes import code_list

        assert {d.code for d in DESTINATIONS} == set(code_list("reason_episode_ceased"))

    def test_an_answer_not_in_the_list_is_refused(self, host):
        first, _ = receive(start_payload(start=date(2026, 10, 1)))
        with pytest.raises(services.NotificationRejected) as refused:
            receive(
                {
                    "kind": "placement_end",
                    "placing_authority": "919",
                    "child": first.payload["child"],
                    "placement": {"end_date": "2026-11-10", "destination": "the moon"},
                }
            )
        assert refused.value.errors == {"placement.destination": "Select where the child went when the placement ended"}

    def test_an_end_without_where_the_child_went_asks_for_it(self, host):
        first, _ = receive(start_payload(start=date(2026, 10, 1)))
        ended, _ = receive(
            {
                "kind": "placement_end",
                "placing_authority": "919",
                "child": first.payload["child"],
                "placement": {"end_date": "2026-11-10"},
            }
        )
        assert ended.status == Notification.Status.INCOMPLETE
        assert [m["field"] for m in ended.missing] == ["placement.destination"]
