"""One deployment, two host councils (a Pan-Bedfordshire region): each sees only its own."""

import pytest

from safeguard.accounts.models import HostCouncil, Organisation, Role
from safeguard.accounts.tests.factories import UserFactory
from safeguard.allegations.tests.factories import LadoCaseFactory
from safeguard.register.selectors import children_visible_to
from safeguard.register.tests.factories import ChildFactory, PlacementFactory


@pytest.fixture
def bedford(host) -> HostCouncil:
    return HostCouncil.objects.create(
        organisation=Organisation.objects.get(dfe_code="822"), slug="bedford", police_force=host.police_force
    )


@pytest.fixture
def region(host, bedford, placing_council):
    luton_child = ChildFactory(
        host_council=host, placing_authority=placing_council, first_name="Lulu", last_name="Luton"
    )
    bedford_child = ChildFactory(
        host_council=bedford, placing_authority=placing_council, first_name="Bea", last_name="Bedford"
    )
    for child in (luton_child, bedford_child):
        PlacementFactory(child=child)
    return {
        "luton_child": luton_child,
        "bedford_child": bedford_child,
        "luton_sqa": UserFactory(role=Role.SQA_OFFICER, organisation=host.organisation),
        "bedford_sqa": UserFactory(role=Role.SQA_OFFICER, organisation=bedford.organisation),
        "luton_lado": UserFactory(role=Role.LADO, organisation=host.organisation),
        "bedford_lado": UserFactory(role=Role.LADO, organisation=bedford.organisation),
        "luton_case": LadoCaseFactory(host_council=host, reference="LADO-LUTON-1"),
        "bedford_case": LadoCaseFactory(host_council=bedford, reference="LADO-BEDFORD-1"),
    }


def test_each_host_councils_register_holds_only_its_own_children(region):
    assert list(children_visible_to(region["luton_sqa"])) == [region["luton_child"]]
    assert list(children_visible_to(region["bedford_sqa"])) == [region["bedford_child"]]


def test_a_host_cannot_open_the_other_hosts_child(client, sign_in, region):
    sign_in(region["luton_sqa"])
    assert client.get(f"/children/{region['luton_child'].pk}/").status_code == 200
    assert client.get(f"/children/{region['bedford_child'].pk}/").status_code == 404
    page = client.get("/children/").content.decode()
    assert "Lulu Luton" in page and "Bea Bedford" not in page


def test_each_lado_team_sees_only_its_own_cases(client, sign_in, region):
    sign_in(region["bedford_lado"])
    page = client.get("/lado/cases/").content.decode()
    assert "LADO-BEDFORD-1" in page and "LADO-LUTON-1" not in page
    assert client.get(f"/lado/cases/{region['luton_case'].pk}/").status_code == 404


def test_a_placing_council_sees_its_children_in_every_host_area(client, sign_in, region, placing_social_worker):
    sign_in(placing_social_worker)
    page = client.get("/children/").content.decode()
    assert "Lulu Luton" in page and "Bea Bedford" in page


def test_teams_and_contacts_belong_to_one_host(host, bedford):
    assert host.teams.count() > 0 and bedford.teams.count() == 0
    assert host.contacts.count() > 0 and bedford.contacts.count() == 0
