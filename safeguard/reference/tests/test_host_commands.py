"""load_reference_data only seeds; add_host_council adds a host from a file outside the source tree, or
with the standard teams, and explains what is wrong with bad input."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from safeguard.accounts.models import HostCouncil
from safeguard.core.models import AuditEvent
from safeguard.reference import services
from safeguard.reference.models import Contact

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def central_bedfordshire(**changes) -> dict:
    """A configuration like Luton's, for Central Bedfordshire (DfE 823)."""
    config = services.host_config_read("luton")
    config.update(dfe_code="823", slug="central-bedfordshire", postcode_districts=["LU5", "LU6", "LU7", "SG15"])
    for team in config["teams"]:
        team["email"] = team["email"].replace("luton.example", "centralbedfordshire.example")
    config.update(changes)
    return config


def test_load_reference_data_seeds_luton_once_and_says_so_the_second_time():
    first = run("load_reference_data")
    assert "Councils: 153" in first
    assert "Host council configured: Luton (luton): 5 teams, 11 contacts, 2 routing rules" in first
    event = AuditEvent.objects.get(action="host_council.seed")
    assert event.actor is None and event.actor_label == "manage.py load_reference_data"

    second = run("load_reference_data")

    assert "Host council Luton (luton) already exists: left as it is" in second
    assert "the shipped file only seeds a new host" in second
    assert AuditEvent.objects.filter(action="host_council.seed").count() == 1
    assert HostCouncil.objects.get(slug="luton").routing_rules.count() == 2


def test_load_reference_data_does_not_put_back_a_removed_contact_or_a_stopped_rule(host, host_admin):
    contact = Contact.objects.get(host_council=host, name="Bedfordshire Police online report")
    services.contact_remove(actor=host_admin, contact=contact)
    # (the routing rules belong to notifications; reference reaches them only through the host)
    host.routing_rules.filter(team__name="Virtual School").update(active=False)

    run("load_reference_data")

    assert not Contact.objects.filter(host_council=host, name="Bedfordshire Police online report").exists()
    assert not host.routing_rules.get(team__name="Virtual School").active


def test_load_reference_data_with_an_unknown_host_names_the_file():
    with pytest.raises(CommandError, match=r"file: There is no file at .*hosts/narnia\.json"):
        run("load_reference_data", "--host", "narnia")


def test_add_host_council_from_a_file_outside_the_source_tree(host, tmp_path):
    path = tmp_path / "central-bedfordshire.json"
    path.write_text(json.dumps(central_bedfordshire()), encoding="utf-8")

    out = run("add_host_council", "--dfe-code", "823", "--slug", "central-bedfordshire", "--from-file", str(path))

    assert "Host council added: Central Bedfordshire (central-bedfordshire)" in out
    assert "5 teams, 11 contacts, 2 routing rules" in out
    added = HostCouncil.objects.get(slug="central-bedfordshire")
    assert added.postcode_districts == "LU5 LU6 LU7 SG15"
    assert added.police_force == host.police_force  # one Bedfordshire Police for both
    assert added.teams.get(kind="lado").email == "lado@centralbedfordshire.example"
    assert sorted(added.routing_rules.values_list("team__name", flat=True)) == [
        "Referral and Assessment",
        "Virtual School",
    ]
    assert (
        AuditEvent.objects.get(action="host_council.seed", host_council=added).actor_label
        == "manage.py add_host_council"
    )


def test_add_host_council_without_a_file_has_the_standard_teams(host):
    out = run("add_host_council", "--dfe-code", "823", "--slug", "central-bedfordshire")

    assert "with the standard teams" in out
    assert "/settings/" in out
    added = HostCouncil.objects.get(slug="central-bedfordshire")
    assert sorted(added.teams.values_list("kind", flat=True)) == sorted(
        ["sqa", "referral_assessment", "virtual_school", "lado", "partnership"]
    )
    assert "5 teams, 1 contact, 2 routing rules" in out
    assert list(added.contacts.values_list("phone", flat=True)) == ["999"]
    assert sorted(added.routing_rules.values_list("team__name", flat=True)) == [
        "Referral and Assessment",
        "Virtual School",
    ]
    assert added.police_force is None and added.postcode_districts == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dfe-code", "999", "--slug", "nowhere"], "dfe_code: No English council has the DfE code 999"),
        (["--dfe-code", "821", "--slug", "luton-again"], "dfe_code: Luton is already a host council, as luton"),
        (["--dfe-code", "823", "--slug", "luton"], "slug: The slug luton is already used by Luton"),
        (["--dfe-code", "823", "--slug", "Central Beds"], "slug: The slug must be lower-case letters"),
    ],
)
def test_add_host_council_refuses_with_a_clear_error(host, args, message):
    with pytest.raises(CommandError, match=message):
        run("add_host_council", *args)
    assert HostCouncil.objects.count() == 1


def bad_file(tmp_path, config) -> str:
    path = tmp_path / "host.json"
    path.write_text(config if isinstance(config, str) else json.dumps(config), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["teams"][1].update(email="r&a at cbc"), r"teams\[1\]\.email: Enter the team's e-mail address"),
        (lambda c: c["teams"][0].update(emial="x@y.z"), r"teams\[0\]\.emial: Unknown key"),
        (
            lambda c: c["contacts"][0]["hours"].update({"mon-fri": ["08:00", "7pm"]}),
            r"contacts\[0\]\.hours\.mon-fri: Enter",
        ),
        (
            lambda c: c["contacts"][0]["hours"].update({"mon": ["08:00", "09:00"]}),
            r"contacts\[0\]\.hours\.mon: Monday is already given",
        ),
        (lambda c: c["contacts"][1].update(phone="one-oh-one"), r"contacts\[1\]\.phone: Enter the phone number"),
        (
            lambda c: c.update(postcode_districts=["LU5", "Dunstable"]),
            r"postcode_districts: Not a postcode district: Dunstable",
        ),
        (lambda c: c["routing"][0].update(team="Social Care"), r"routing\[0\]\.team: Name one of the file's teams"),
        (lambda c: c.update(dfe_code="821"), r"dfe_code: The file is for '821', not '823'"),
        (lambda c: c["teams"][2].update(phone=1582547653), r"teams\[2\]\.phone: Must be text in double quotes"),
        (lambda c: c["contacts"][3].update(name=["999"]), r"contacts\[3\]\.name: Must be text in double quotes"),
    ],
)
def test_add_host_council_names_the_bad_key_in_a_file(host, tmp_path, change, message):
    config = central_bedfordshire()
    change(config)

    with pytest.raises(CommandError, match=message):
        run(
            "add_host_council",
            "--dfe-code",
            "823",
            "--slug",
            "central-bedfordshire",
            "--from-file",
            bad_file(tmp_path, config),
        )
    assert not HostCouncil.objects.filter(slug="central-bedfordshire").exists()


def test_add_host_council_says_where_a_file_is_not_json(host, tmp_path):
    path = bad_file(tmp_path, '{"teams": [}')

    with pytest.raises(CommandError, match=r"file: .*host\.json is not JSON: .* line 1, column 12"):
        run("add_host_council", "--dfe-code", "823", "--slug", "central-bedfordshire", "--from-file", path)


def test_add_host_council_says_when_there_is_no_file(host, tmp_path):
    with pytest.raises(CommandError, match=r"file: There is no file at .*missing\.json"):
        run(
            "add_host_council",
            "--dfe-code",
            "823",
            "--slug",
            "central-bedfordshire",
            "--from-file",
            str(tmp_path / "missing.json"),
        )


def test_the_shipped_luton_file_passes_its_own_checks():
    assert services.host_config_check(services.host_config_read("luton")) == {}


def test_another_councils_installation_never_gets_luton_from_an_upgrade():
    """A new installation for Central Bedfordshire: add_host_council first (it loads the councils list),
    then every upgrade's load_reference_data leaves it alone and does not add Luton."""
    run("add_host_council", "--dfe-code", "823", "--slug", "central-bedfordshire")

    out = run("load_reference_data")

    assert list(HostCouncil.objects.values_list("slug", flat=True)) == ["central-bedfordshire"]
    assert "Host council Central Bedfordshire (central-bedfordshire) already exists: left as it is" in out


def test_load_reference_data_naming_a_host_that_exists_leaves_it_alone(host):
    out = run("load_reference_data", "--host", "luton")

    assert "Host council Luton (luton) already exists: left as it is" in out
