"""Two police forces, each policing its own host area: an officer sees only the children missing there."""

import pytest
from django.urls import reverse

from safeguard.accounts.models import Role
from safeguard.accounts.tests.factories import HostCouncilFactory, UserFactory
from safeguard.missing.tests.factories import MissingEpisodeFactory, PoliceForceFactory, placed_child
from safeguard.register.selectors import children_visible_to


@pytest.fixture
def two_forces(db):
    forces = {}
    for name in ("north", "south"):
        force = PoliceForceFactory(name=f"{name.title()} Police")
        host = HostCouncilFactory(police_force=force)
        missing, _ = placed_child(host=host, first_name=name.title(), last_name="Missing")
        MissingEpisodeFactory(child=missing)
        at_home, _ = placed_child(host=host, first_name=name.title(), last_name="Home")
        forces[name] = {
            "officer": UserFactory(role=Role.POLICE, organisation=force),
            "missing": missing,
            "at_home": at_home,
        }
    return forces


def test_an_officer_sees_only_the_children_missing_in_their_forces_area(two_forces):
    north, south = two_forces["north"], two_forces["south"]
    assert list(children_visible_to(north["officer"])) == [north["missing"]]
    assert list(children_visible_to(south["officer"])) == [south["missing"]]


def test_an_officer_cannot_open_another_forces_missing_child(client, sign_in, two_forces):
    north, south = two_forces["north"], two_forces["south"]
    sign_in(north["officer"])
    assert "North Missing" in client.get(reverse("home:child_detail", args=[north["missing"].pk])).content.decode()
    assert client.get(reverse("missing:grab_pack", args=[north["missing"].pk])).status_code == 200
    for child in (south["missing"], north["at_home"], south["at_home"]):
        assert client.get(reverse("home:child_detail", args=[child.pk])).status_code == 404, child
        assert client.get(reverse("missing:grab_pack", args=[child.pk])).status_code == 404, child
    page = client.get("/children/").content.decode()
    assert "North Missing" in page and "South Missing" not in page
