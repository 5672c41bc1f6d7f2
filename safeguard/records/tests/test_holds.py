"""Legal holds: placed and lifted by the administrator with a reason, audited, listed; what a hold in
force covers (a class, or a named child) is held."""

import pytest

from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent
from safeguard.records import selectors, services
from safeguard.records.schedule import RecordClass
from safeguard.register.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

IICSA = "Independent Inquiry into Child Sexual Abuse"


def hold(host, actor, **changes):
    values = {
        "name": "IICSA",
        "reason": "The inquiry asked councils to suspend the destruction of records of children in care",
        "requested_by": IICSA,
        "record_classes": [RecordClass.EXPLOITATION_CONCERN, RecordClass.MISSING_EPISODE],
        "child_references": [],
    }
    return services.legal_hold_place(
        actor=actor, host_council=host, details=services.HoldDetails(**{**values, **changes})
    )


def test_a_hold_covers_its_classes_and_its_children_until_it_is_lifted(host, host_admin, placing_council):
    child = ChildFactory(host_council=host, placing_authority=placing_council)
    placed = hold(host, host_admin, child_references=f"sg{child.pk}, ")
    assert placed.child_references == [f"SG{child.pk}"]
    assert selectors.holds_covering(host, record_class=RecordClass.EXPLOITATION_CONCERN) == [placed]
    assert selectors.holds_covering(host, record_class=RecordClass.PHOTOGRAPH) == []
    assert selectors.holds_covering(host, record_class=RecordClass.PHOTOGRAPH, child_reference=f"SG{child.pk}") == [
        placed
    ]
    services.legal_hold_lift(actor=host_admin, hold=placed, reason="The inquiry reported in October 2022")
    assert selectors.holds_covering(host, record_class=RecordClass.EXPLOITATION_CONCERN) == []
    placing, lifting = AuditEvent.objects.filter(action__startswith="records.hold").order_by("id")
    assert placing.changes["requested_by"] == [None, IICSA]
    assert lifting.changes["lift_reason"] == [None, "The inquiry reported in October 2022"]


def test_a_hold_must_say_what_it_holds_and_name_real_children(host, host_admin):
    with pytest.raises(ServiceRefusal) as refusal:
        hold(host, host_admin, name="", reason="", requested_by="", record_classes=[])
    assert set(refusal.value.errors) == {"name", "reason", "requested_by", "record_classes"}
    with pytest.raises(ServiceRefusal) as refusal:
        hold(host, host_admin, child_references="SG99999999")
    assert refusal.value.errors["child_references"] == "No child on the register has the reference SG99999999"
    with pytest.raises(ServiceRefusal) as refusal:
        hold(host, host_admin, child_references="Jane Smith")
    assert refusal.value.errors["child_references"].startswith("Enter register references like SG123")


def test_two_holds_in_force_may_not_share_a_name(host, host_admin):
    hold(host, host_admin)
    with pytest.raises(ServiceRefusal) as refusal:
        hold(host, host_admin, name="iicsa")
    assert "already in force" in refusal.value.errors["name"]


def test_only_the_administrator_places_or_lifts_holds(host, host_admin, sqa_manager):
    with pytest.raises(ServiceRefusal):
        hold(host, sqa_manager)
    placed = hold(host, host_admin)
    with pytest.raises(ServiceRefusal):
        services.legal_hold_lift(actor=sqa_manager, hold=placed, reason="No longer needed")


def test_the_administrator_places_lists_and_lifts_a_hold_on_the_pages(client, sign_in, host, host_admin):
    sign_in(host_admin)
    response = client.post("/records/holds/place/", {"name": "Smith v Council", "reason": "", "requested_by": ""})
    body = response.content.decode()
    assert "Enter why records are held" in body and "Smith v Council" in body
    response = client.post(
        "/records/holds/place/",
        {
            "name": "Smith v Council",
            "reason": "A claim about care in 2014",
            "requested_by": "The council's solicitors",
            "record_classes": ["register_entry", "notification"],
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Register entries (the child and their placements)" in detail and "In force" in detail
    assert "Smith v Council" in client.get("/records/holds/").content.decode()
    lift_url = response["Location"] + "lift/"
    assert "Enter why the hold is lifted" in client.post(lift_url, {"lift_reason": ""}).content.decode()
    assert client.post(lift_url, {"lift_reason": "Settled"}).status_code == 302
    assert "Lifted" in client.get(response["Location"]).content.decode()
    assert client.get(lift_url).status_code == 404
