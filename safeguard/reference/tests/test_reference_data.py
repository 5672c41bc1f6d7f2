"""Reference data: the English councils, the SSDA903 code lists and a host council's configuration."""

import csv

import pytest

from safeguard.accounts.models import HostCouncil, Organisation, Team
from safeguard.core.audit import SystemActor
from safeguard.reference import codes
from safeguard.reference import services as reference_services
from safeguard.reference.models import Contact, OpeningHours
from safeguard.reference.tests.samples import ssda903_sample

LEGAL_STATUSES = {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"}
PLACEMENT_TYPES = {
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
    "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
}  # fmt: skip
REASONS_NEW_EPISODE = {"S", "L", "P", "T", "B", "U"}
REASONS_PLACEMENT_CHANGE = {
    "CARPL", "ALLEG", "STAND", "APPRR", "CUSTOD", "CLOSE", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "OTHER",
}  # fmt: skip
MISSING_TYPES = {"M", "A"}


def councils():
    return Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)


# The councils list


@pytest.mark.django_db
def test_councils_load_gives_every_english_council():
    assert reference_services.councils_load() == 153

    assert councils().count() == 153
    luton = councils().get(dfe_code="821")
    assert (luton.name, luton.ons_code, luton.region) == ("Luton", "E06000032", "East of England")
    assert councils().get(dfe_code="822").name == "Bedford"
    assert councils().get(dfe_code="823").name == "Central Bedfordshire"
    assert councils().get(dfe_code="919").name == "Hertfordshire"
    assert councils().get(dfe_code="330").name == "Birmingham"
    # Codes are unique, as the register's lookups rely on.
    assert councils().values("dfe_code").distinct().count() == 153


@pytest.mark.django_db
def test_loading_councils_twice_does_not_duplicate_them_and_restores_edited_names():
    reference_services.councils_load()
    ids = set(councils().values_list("pk", flat=True))
    councils().filter(dfe_code="821").update(name="Luton (edited by hand)")

    assert reference_services.councils_load() == 153

    assert councils().count() == 153
    assert set(councils().values_list("pk", flat=True)) == ids
    assert councils().get(dfe_code="821").name == "Luton"


# SSDA903 code lists


@pytest.mark.parametrize("list_name", codes.LISTS)
def test_every_code_list_loads_with_words_for_every_code(list_name):
    code_list = codes.code_list(list_name)
    assert code_list
    for code, label in code_list.items():
        assert code and code == code.strip()
        assert label and label != code


@pytest.mark.parametrize(
    ("list_name", "expected"),
    [
        ("legal_status", LEGAL_STATUSES),
        ("placement_type", PLACEMENT_TYPES),
        ("reason_new_episode", REASONS_NEW_EPISODE),
        ("reason_placement_change", REASONS_PLACEMENT_CHANGE),
        ("missing_type", MISSING_TYPES),
    ],
)
def test_code_lists_hold_the_dfe_codes(list_name, expected):
    assert set(codes.code_list(list_name)) == expected


def test_reason_episode_ceased_holds_the_common_codes():
    reasons = codes.code_list("reason_episode_ceased")
    assert {"X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E8", "E9", "E17"} <= set(reasons)


@pytest.mark.parametrize(
    ("list_name", "code", "words"),
    [
        ("legal_status", "C2", "Full care order"),
        ("legal_status", "V2", "Single period of accommodation under section 20 (Children Act 1989)"),
        ("placement_type", "K2", "Children's home subject to Children's Homes Regulations"),
        ("reason_new_episode", "S", "Started to be looked after"),
        ("missing_type", "M", "Missing from care (whereabouts not known)"),
        ("missing_type", "A", "Away from placement without authorisation (whereabouts known)"),
        ("reason_placement_change", "ALLEG", "Allegation (s47)"),
    ],
)
def test_code_label_gives_the_words(list_name, code, words):
    assert codes.code_label(list_name, code) == words


def test_code_label_shows_an_unknown_code_as_it_is():
    assert codes.code_label("legal_status", "ZZ9") == "ZZ9"
    assert codes.code_label("placement_type", "") == ""
    assert not codes.is_valid_code("legal_status", "ZZ9")
    assert codes.is_valid_code("legal_status", "C2")


def test_code_choices_show_words_and_code():
    assert ("C2", "Full care order (C2)") in codes.code_choices("legal_status")


def test_an_unknown_list_is_an_error():
    with pytest.raises(KeyError):
        codes.code_list("ethnicity")


def sample_rows(name):
    with ssda903_sample(name).open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("column", "list_name"),
    [
        ("PLACE", "placement_type"),
        ("LS", "legal_status"),
        ("RNE", "reason_new_episode"),
        ("REC", "reason_episode_ceased"),
        ("REASON_PLACE_CHANGE", "reason_placement_change"),
    ],
)
def test_every_code_in_the_sample_episodes_is_valid(column, list_name):
    rows = sample_rows("episodes.csv")
    assert len(rows) == 5050
    used = {row[column] for row in rows if row[column]}
    assert used
    assert {code for code in used if not codes.is_valid_code(list_name, code)} == set()


def test_every_missing_type_in_the_sample_is_valid():
    used = {row["MISSING"] for row in sample_rows("missing.csv")}
    assert used == MISSING_TYPES


# A host council's configuration


def configuration_counts(host):
    return {
        "hosts": HostCouncil.objects.count(),
        "teams": Team.objects.filter(host_council=host).count(),
        "contacts": Contact.objects.filter(host_council=host).count(),
        "opening_hours": OpeningHours.objects.filter(contact__host_council=host).count(),
        "police_forces": Organisation.objects.filter(kind=Organisation.Kind.POLICE).count(),
    }


@pytest.mark.django_db
def test_seeding_luton_twice_changes_nothing():
    reference_services.councils_load()
    config = reference_services.host_config_read("luton")
    seed = reference_services.host_council_seed(actor=SystemActor("Safeguard test suite"), config=config)
    first = configuration_counts(seed.host_council)

    again = reference_services.host_council_seed(actor=SystemActor("Safeguard test suite"), config=config)

    assert seed.created and not again.created
    assert again.host_council.pk == seed.host_council.pk
    assert configuration_counts(seed.host_council) == first
    assert first == {"hosts": 1, "teams": 5, "contacts": 11, "opening_hours": 17, "police_forces": 1}
    unit = Contact.objects.get(host_council=seed.host_council, name="Bedfordshire Police missing persons unit")
    assert sorted(unit.opening_hours.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4, 5, 6]


@pytest.mark.django_db
def test_seeding_makes_luton_a_host(host):
    assert host.organisation.dfe_code == "821"
    assert host.slug == "luton"
    assert host.police_force.name == "Bedfordshire Police"
    assert host.postcode_districts.split() == ["LU1", "LU2", "LU3", "LU4"]
    lado = Team.objects.get(host_council=host, kind="lado")
    assert lado.phone == "01582 548069"
    not_for_referrals = Contact.objects.get(host_council=host, purpose=Contact.Purpose.NOT_FOR_REFERRALS)
    assert not_for_referrals.not_for_referrals is True
    assert sorted(host.routing_rules.values_list("team__name", flat=True)) == [
        "Referral and Assessment",
        "Virtual School",
    ]


@pytest.mark.django_db
def test_seeding_again_leaves_changed_opening_hours_alone(host):
    """The shipped file only seeds: a file with other hours does not replace a host's own."""
    config = reference_services.host_config_read("luton")
    unit_config = next(c for c in config["contacts"] if c["name"] == "Bedfordshire Police missing persons unit")
    unit_config["hours"] = {"mon-sun": ["09:00", "17:00"]}

    reference_services.host_council_seed(actor=SystemActor("Safeguard test suite"), config=config)

    unit = Contact.objects.get(host_council=host, name="Bedfordshire Police missing persons unit")
    hours = set(unit.opening_hours.values_list("weekday", "opens", "closes"))
    assert {(opens.hour, closes.hour) for _, opens, closes in hours} == {(8, 22), (8, 18)}
