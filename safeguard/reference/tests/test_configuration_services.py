"""A host council's configuration, changed by its administrator through the services: each change is
checked, saved and audited (before and after) together; a refused change leaves nothing behind."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from safeguard.accounts.models import Organisation, Team
from safeguard.core.audit import audit_chain_verify
from safeguard.core.models import AuditEvent
from safeguard.reference import services
from safeguard.reference.models import Contact
from safeguard.reference.selectors import who_to_call_now
from safeguard.reference.services import ConfigurationInvalid, ContactDetails, TeamDetails
from safeguard.reference.validation import districts_clean, phone_clean, time_clean

LONDON = ZoneInfo("Europe/London")
UNIT = "Bedfordshire Police missing persons unit"


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def unit_of(host) -> Contact:
    return Contact.objects.get(host_council=host, name=UNIT)


def typed_hours(contact: Contact) -> dict[int, tuple[str, str]]:
    return {h.weekday: (f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in contact.opening_hours.all()}


def details_of(contact: Contact, **changes) -> ContactDetails:
    values = {name: getattr(contact, name) for name in ContactDetails.__dataclass_fields__}
    return ContactDetails(**{**values, **changes})


# The checks


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("01582 547653", "01582 547653"),
        ("01582547653", "01582547653"),
        ("+44 1582 547653", "+44 1582 547653"),
        ("101", "101"),
        ("999", "999"),
        ("116 000", "116 000"),
        ("0800 555 111", "0800 555 111"),
        ("  01234   846960 ", "01234 846960"),
        ("phone me", None),
        ("12345", None),
        ("0158254765", "0158254765"),
        ("015825476533", None),
        ("00 1582 547653", None),
        ("+1 202 555 0100", None),
    ],
)
def test_phone_numbers(typed, clean):
    assert phone_clean(typed) == clean


@pytest.mark.parametrize(
    ("typed", "clean"),
    [("08:00", time(8)), ("8:00", time(8)), ("22.30", time(22, 30)), ("23:59", time(23, 59))]
    + [(bad, None) for bad in ("24:00", "8am", "0800", "12:60", "", "noon")],
)
def test_times(typed, clean):
    assert time_clean(typed) == clean


def test_postcode_districts():
    assert districts_clean("lu1, LU2 LU2\nsw1a W1A LU10 LU") == (["LU1", "LU2", "SW1A", "W1A", "LU10", "LU"], [])
    assert districts_clean("LU1 Luton 1LU LU1 2BQ") == (["LU1"], ["Luton", "1LU", "2BQ"])


# Teams


def test_changing_a_teams_email_is_saved_and_audited_before_and_after(host, host_admin):
    team = host.teams.get(kind="referral_assessment")

    services.team_update(
        actor=host_admin,
        team=team,
        details=TeamDetails(
            kind="referral_assessment",
            name="Referral and Assessment",
            email="  RA.Duty@Luton.gov.uk ",
            phone="01582 547653",
            manager_email="ra-duty-manager@luton.example",
        ),
    )

    team.refresh_from_db()
    assert team.email == "ra.duty@luton.gov.uk"
    event = last_event("team.update")
    assert event.actor == host_admin
    assert event.host_council == host
    assert event.object_id == str(team.pk)
    assert event.changes == {"email": ["referral-assessment@luton.example", "ra.duty@luton.gov.uk"]}
    assert audit_chain_verify().intact


def test_saving_a_team_unchanged_writes_no_event(host, host_admin):
    team = host.teams.get(kind="lado")
    details = TeamDetails(**{name: getattr(team, name) for name in TeamDetails.__dataclass_fields__})
    before = AuditEvent.objects.count()

    services.team_update(actor=host_admin, team=team, details=details)

    assert AuditEvent.objects.count() == before


def test_adding_a_team(host, host_admin):
    team = services.team_add(
        actor=host_admin,
        host_council=host,
        details=TeamDetails(kind="other", name="Children in Care Council", email="cicc@luton.example"),
    )

    assert team.host_council == host
    event = last_event("team.add")
    assert event.changes["name"] == [None, "Children in Care Council"]
    assert event.changes["email"] == [None, "cicc@luton.example"]


def test_a_team_with_bad_answers_is_refused_naming_each_field_and_nothing_changes(host, host_admin):
    team = host.teams.get(kind="lado")
    before = AuditEvent.objects.count()

    with pytest.raises(ConfigurationInvalid) as refused:
        services.team_update(
            actor=host_admin,
            team=team,
            details=TeamDetails(kind="wizards", name="", email="lado at luton", phone="call me", manager_email="x@"),
        )

    assert refused.value.errors == {
        "name": "Enter the team's name",
        "kind": "Select what the team does",
        "email": "Enter the team's e-mail address in the correct format, like team@council.gov.uk",
        "phone": "Enter the team's phone number in the correct format, like 01582 547653",
        "manager_email": "Enter the manager's e-mail address in the correct format, like manager@council.gov.uk",
    }
    team.refresh_from_db()
    assert team.email == "lado@luton.example"
    assert AuditEvent.objects.count() == before


def test_two_teams_cannot_share_a_name(host, host_admin):
    with pytest.raises(ConfigurationInvalid) as refused:
        services.team_add(actor=host_admin, host_council=host, details=TeamDetails(kind="lado", name="lado"))

    assert refused.value.errors == {"name": "There is already a team called lado"}


# Contacts and opening hours


def test_changing_an_opening_hour_changes_who_to_call_now_and_is_audited(host, host_admin):
    sunday_7pm = datetime(2026, 11, 22, 19, 0, tzinfo=LONDON)
    assert UNIT not in [c.name for c in who_to_call_now(host, "report_missing", sunday_7pm).call_now]
    unit = unit_of(host)
    hours = typed_hours(unit)
    hours[6] = ("08:00", "20:00")

    services.contact_update(actor=host_admin, contact=unit, details=details_of(unit), hours=hours)

    assert who_to_call_now(host, "report_missing", sunday_7pm).call_now[0].name == UNIT
    event = last_event("contact.update")
    assert event.actor == host_admin
    assert event.changes == {
        "opening_hours": [
            "Monday to Friday 08:00 to 22:00, Saturday and Sunday 08:00 to 18:00",
            "Monday to Friday 08:00 to 22:00, Saturday 08:00 to 18:00, Sunday 08:00 to 20:00",
        ]
    }


def test_changing_a_number_is_audited_before_and_after(host, host_admin):
    unit = unit_of(host)

    services.contact_update(
        actor=host_admin, contact=unit, details=details_of(unit, phone="01234 841212"), hours=typed_hours(unit)
    )

    assert unit_of(host).phone == "01234 841212"
    assert last_event("contact.update").changes == {"phone": ["101", "01234 841212"]}


def test_bad_times_are_refused_naming_the_day_and_nothing_changes(host, host_admin):
    unit = unit_of(host)
    hours = typed_hours(unit)
    hours[0] = ("8am", "22:00")
    hours[1] = ("22:00", "08:00")
    hours[2] = ("08:00", "")
    hours[3] = ("", "25:00")

    with pytest.raises(ConfigurationInvalid) as refused:
        services.contact_update(
            actor=host_admin, contact=unit, details=details_of(unit, phone="not a number"), hours=hours
        )

    assert refused.value.errors == {
        "phone": "Enter the phone number in the correct format, like 01582 547653, or a short number like 101",
        "monday_opens": "Enter Monday's opening time as a 24-hour time, like 08:00",
        "tuesday_closes": "Tuesday's closing time must be after its opening time",
        "wednesday_closes": "Enter Wednesday's closing time, or remove its opening time",
        "thursday_opens": "Enter Thursday's opening time, or remove its closing time",
        "thursday_closes": "Enter Thursday's closing time as a 24-hour time, like 22:00",
    }
    assert typed_hours(unit_of(host))[0] == ("08:00", "22:00")
    assert unit_of(host).phone == "101"
    assert not AuditEvent.objects.filter(action="contact.update").exists()


def test_adding_and_removing_a_contact(host, host_admin):
    contact = services.contact_add(
        actor=host_admin,
        host_council=host,
        details=ContactDetails(
            purpose="report_missing",
            name="Missing People helpline",
            phone="116 000",
            url="https://www.missingpeople.org.uk/",
            priority=7,
        ),
        hours={},
    )
    assert last_event("contact.add").changes["opening_hours"] == [None, "at all times"]
    assert "Missing People helpline" in [c.name for c in who_to_call_now(host, "report_missing").call_now]

    services.contact_remove(actor=host_admin, contact=contact)

    assert not Contact.objects.filter(pk=contact.pk).exists()
    event = last_event("contact.remove")
    assert event.object_id == str(contact.pk)
    assert event.changes["name"] == ["Missing People helpline", None]
    assert event.changes["phone"] == ["116 000", None]


def test_a_contact_needs_a_purpose_a_name_and_a_real_web_address(host, host_admin):
    with pytest.raises(ConfigurationInvalid) as refused:
        services.contact_add(
            actor=host_admin,
            host_council=host,
            details=ContactDetails(purpose="gossip", name=" ", url="missingpeople", email="nobody", priority=0),
            hours={},
        )

    assert set(refused.value.errors) == {"purpose", "name", "url", "email", "priority"}
    assert (
        refused.value.errors["url"] == "Enter the web address in the correct format, like https://www.council.gov.uk/"
    )


# Police force and area


def test_police_force_and_districts_are_saved_and_audited(host, host_admin):
    services.host_council_area_update(
        actor=host_admin,
        host_council=host,
        police_force_name="Bedfordshire Police",
        police_force_phone="101",
        postcode_districts="lu1 LU2, LU3 LU4 LU5",
    )

    host.refresh_from_db()
    assert host.postcode_districts == "LU1 LU2 LU3 LU4 LU5"
    assert last_event("host_council.update").changes == {
        "postcode_districts": ["LU1 LU2 LU3 LU4", "LU1 LU2 LU3 LU4 LU5"]
    }


def test_a_new_police_force_is_added_and_the_old_one_kept(host, host_admin):
    old = host.police_force

    services.host_council_area_update(
        actor=host_admin,
        host_council=host,
        police_force_name="Hertfordshire Constabulary",
        police_force_phone="101",
        postcode_districts="LU1",
    )

    host.refresh_from_db()
    assert host.police_force.name == "Hertfordshire Constabulary"
    assert host.police_force.kind == Organisation.Kind.POLICE
    assert Organisation.objects.filter(pk=old.pk).exists()
    assert last_event("host_council.update").changes["police_force"] == [
        "Bedfordshire Police",
        "Hertfordshire Constabulary",
    ]


def test_districts_that_are_not_districts_are_refused_by_name(host, host_admin):
    with pytest.raises(ConfigurationInvalid) as refused:
        services.host_council_area_update(
            actor=host_admin,
            host_council=host,
            police_force_name="",
            police_force_phone="one-oh-one",
            postcode_districts="LU1 Luton 12",
        )

    assert refused.value.errors == {
        "police_force_name": "Enter the name of the police force, like Bedfordshire Police",
        "police_force_phone": "Enter the police force's phone number in the correct format, like 101",
        "postcode_districts": "Enter postcode districts like LU1 or LU2, separated by spaces: Luton, 12 are not postcode districts",
    }
    host.refresh_from_db()
    assert host.postcode_districts == "LU1 LU2 LU3 LU4"


def test_a_team_change_is_undone_with_its_audit_event_when_the_transaction_fails(host, host_admin, monkeypatch):
    """The audit event and the change commit together: when the audit write fails, the change is gone too."""
    from safeguard.reference.services import configuration

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(configuration, "audit_event_record", broken)
    team = Team.objects.get(host_council=host, kind="lado")
    details = TeamDetails(
        **{**{n: getattr(team, n) for n in TeamDetails.__dataclass_fields__}, "email": "new@luton.example"}
    )

    with pytest.raises(RuntimeError):
        services.team_update(actor=host_admin, team=team, details=details)

    team.refresh_from_db()
    assert team.email == "lado@luton.example"


def test_the_only_team_of_a_kind_keeps_its_kind(host, host_admin):
    """R&A gets exploitation concerns and missing-child messages by its kind: a host keeps one."""
    team = host.teams.get(kind="referral_assessment")
    details = TeamDetails(**{**{n: getattr(team, n) for n in TeamDetails.__dataclass_fields__}, "kind": "other"})

    with pytest.raises(ConfigurationInvalid) as refused:
        services.team_update(actor=host_admin, team=team, details=details)

    assert refused.value.errors == {
        "kind": "Referral and Assessment is your only Referral and Assessment team: "
        "add another before changing what this one does"
    }
    services.team_add(
        actor=host_admin, host_council=host, details=TeamDetails(kind="referral_assessment", name="R&A North")
    )
    services.team_update(actor=host_admin, team=team, details=details)
    team.refresh_from_db()
    assert team.kind == "other"
