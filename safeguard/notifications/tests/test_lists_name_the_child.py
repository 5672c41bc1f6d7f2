"""Every list of notifications names the child; a child placed here is on the register from the first,
incomplete, notification, marked "Facts missing"."""

import html

from safeguard.core.audit import SystemActor
from safeguard.notifications import services
from safeguard.notifications.models import Notification

from .payloads import DELETE, start_payload


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_sqa_lists_name_the_child(client, sign_in, world, sqa_officer):
    sign_in(sqa_officer)
    home = _page(client, "/")
    assert "Ivy Incomplete, placement start, incomplete" in home
    assert "May Twin, placement start, waiting for a match decision" in home
    assert "Eli Emailed" in home  # the e-mailed draft, named from the e-mail
    listed = _page(client, "/notifications/")
    for name in ("Nia Notified", "Otto Elsewhere", "Ivy Incomplete"):
        assert name in listed
    assert "Add the missing facts for Ivy Incomplete" in _page(
        client, f"/notifications/{world.incomplete.pk}/complete/"
    )
    assert f"Notification {world.incomplete.reference}: Ivy Incomplete" in _page(
        client, f"/notifications/{world.incomplete.pk}/"
    )


def test_the_placing_social_workers_incomplete_notifications_and_drafts_name_the_child(
    client, sign_in, world, placing_social_worker
):
    services.notification_draft_save(
        actor=placing_social_worker,
        draft=world.draft,
        changes={"child": {"first_name": "Dot", "last_name": "Drafted"}},
    )
    sign_in(placing_social_worker)
    home = _page(client, "/")
    assert "Ivy Incomplete, placement start, 2 facts to add" in home
    assert "Dot Drafted, placement start" in home


def test_a_child_placed_here_is_on_the_register_from_an_incomplete_notification(client, sign_in, world, sqa_officer):
    assert world.incomplete.status == Notification.Status.INCOMPLETE
    child = world.incomplete.child
    assert child is not None and child.full_name == "Ivy Incomplete"
    sign_in(sqa_officer)
    register = _page(client, "/children/?incomplete=on")
    assert "Ivy Incomplete" in register and "Facts missing" in register
    page = _page(client, f"/children/{child.pk}/")
    assert "Facts the placing council has not given yet" in page and "Enter the IRO's name" in page


def test_a_notice_that_does_not_say_where_the_child_lives_puts_nobody_on_the_register(host):
    notification, _ = services.notification_receive(
        actor=SystemActor("Safeguard test suite"),
        channel=Notification.Channel.API,
        payload=start_payload(
            placement__address__postcode=DELETE, child__first_name="Nell", child__last_name="Nowhere"
        ),
    )
    assert notification.status == Notification.Status.INCOMPLETE and notification.child is None
