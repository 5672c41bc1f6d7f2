"""Role home pages show the work that is really there."""

import pytest
from django.urls import reverse

from safeguard.exploitation.services import exploitation_concern_close, exploitation_concern_review


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["ra_duty_manager", "ra_social_worker"])
def test_the_ra_home_lists_the_open_exploitation_concerns(client, sign_in, world, role, request):
    user = request.getfixturevalue(role)
    sign_in(user)
    html = client.get(reverse("home:home")).content.decode()
    section = html.split("Exploitation concerns</h2>", 1)[1].split("<h2", 1)[0]
    assert "There are no open exploitation concerns" not in section
    assert "2 open concerns." in section
    for concern in (world.concern, world.missing_concern):
        assert reverse("exploitation:concern_detail", args=[concern.pk]) in section
        assert concern.child.full_name in section and concern.reference in section
    assert section.count("Waiting for review") == 2


@pytest.mark.django_db
def test_a_closed_concern_leaves_the_ra_home(client, sign_in, world, ra_duty_manager):
    exploitation_concern_review(
        actor=ra_duty_manager, concern=world.concern, decisions=["strategy_discussion"], next_steps="Thursday"
    )
    exploitation_concern_close(actor=ra_duty_manager, concern=world.concern, closing_note="No concern remains.")
    exploitation_concern_review(
        actor=ra_duty_manager, concern=world.missing_concern, decisions=["strategy_discussion"], next_steps="Thursday"
    )
    sign_in(ra_duty_manager)
    html = client.get(reverse("home:home")).content.decode()
    section = html.split("Exploitation concerns</h2>", 1)[1].split("<h2", 1)[0]
    assert "1 open concern." in section
    assert world.missing_concern.reference in section and "Reviewed" in section
    assert world.concern.reference not in section


@pytest.mark.django_db
def test_the_ra_home_says_so_when_no_concern_is_open(client, sign_in, host, ra_duty_manager):
    sign_in(ra_duty_manager)
    html = client.get(reverse("home:home")).content.decode()
    assert "There are no open exploitation concerns." in html
