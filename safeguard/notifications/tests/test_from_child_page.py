"""Acting from the child's page: a move or an end starts with what the register knows, asks what moved
or where the child went, and confirms what happened; a child's details are corrected with a reason."""

import html
import re
from datetime import timedelta

from django.utils import timezone

from safeguard.core.jinja2 import format_date
from safeguard.core.models import AuditEvent
from safeguard.notifications.models import Notification


def _next(response):
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def _date(prefix: str, day) -> dict:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def test_the_placing_social_worker_starts_a_move_with_the_child_and_their_own_contacts_filled_in(
    client, sign_in, world, placing_social_worker
):
    placing_social_worker.phone = "01632 960 123"
    placing_social_worker.save()
    sign_in(placing_social_worker)
    page = client.get(f"/children/{world.child.pk}/").content.decode()
    assert "Notify a change of address" in page and "Notify the end of this placement" in page
    url = _next(client.post(f"/notify/child/{world.child.pk}/move/"))
    assert url.endswith("/move/")
    draft = Notification.objects.get(
        status=Notification.Status.DRAFT, submitted_by=placing_social_worker, kind="change_of_address"
    )
    assert draft.payload["child"]["first_name"] == "Ava" and draft.payload["child"]["last_name"] == "Placed"
    assert draft.payload["placing_authority"] == world.child.placing_authority.dfe_code
    assert draft.payload["social_worker"] == {
        "name": placing_social_worker.full_name,
        "email": placing_social_worker.email,
        "phone": "01632 960 123",
    } | ({"team": world.child.social_worker_team} if world.child.social_worker_team else {})

    # The move asks what moves: without an answer about the carer, the page names the question.
    moved_on = timezone.localdate() - timedelta(days=2)
    answers = {
        **_date("move__date", moved_on),
        "move__address__line1": "9 New Road",
        "move__address__postcode": "LU4 8AA",
    }
    page = client.post(url, {**answers, "move__type_changed": "no"}).content.decode()
    assert "There is a problem" in page and "Select whether the carer or provider changed" in page

    check = _next(
        client.post(
            url, {**answers, "move__carer_changed": "yes", "move__carer": "Rosa Newcarer", "move__type_changed": "no"}
        )
    )
    assert "Rosa Newcarer" in client.get(check).content.decode()
    sent = _next(client.post(check))
    page = client.get(sent).content.decode()
    assert f"The move to 9 New Road, LU4 8AA on {format_date(moved_on)} is recorded" in page
    assert "The carer or provider is now Rosa Newcarer" in page
    current = world.child.placements.get(end_date__isnull=True)
    assert (current.postcode, current.carer_name, current.carer) == ("LU4 8AA", "Rosa Newcarer", None)


def test_an_end_asks_where_the_child_went_and_says_what_happened(client, sign_in, world, sqa_officer):
    sign_in(sqa_officer)
    url = _next(client.post(f"/notify/child/{world.child.pk}/end/"))
    assert url.endswith("/end/")
    page = client.get(url).content.decode()
    assert "Where did the child go?" in page and "Turned 18 and stayed with their carers (staying put)" in page
    ended_on = timezone.localdate() - timedelta(days=1)
    check = _next(client.post(url, {**_date("placement__end_date", ended_on), "placement__destination": "adopted"}))
    assert "Adopted (E11)" in client.get(check).content.decode()
    page = client.get(_next(client.post(check))).content.decode()
    assert f"The placement ended on {format_date(ended_on)}. Where the child went: Adopted." in page
    assert "on Luton's register" not in page
    placement = world.child.placements.get()
    assert (placement.end_date, placement.end_reason) == (ended_on, "E11")


def test_only_the_childs_placing_council_and_sqa_may_notify_from_the_page(
    client, sign_in, world, other_authority_user, carer, ra_social_worker
):
    for person in (other_authority_user, carer, ra_social_worker):
        sign_in(person)
        assert client.post(f"/notify/child/{world.child.pk}/move/").status_code == 404
    sign_in(ra_social_worker)
    assert "Notify a change of address" not in client.get(f"/children/{world.child.pk}/").content.decode()
    assert not Notification.objects.filter(status=Notification.Status.DRAFT, kind="change_of_address").exists()


def test_a_child_with_no_current_placement_has_nothing_to_notify(client, sign_in, world, placing_social_worker):
    sign_in(placing_social_worker)
    assert "Notify the end" not in client.get(f"/children/{world.former_child.pk}/").content.decode()
    response = client.post(f"/notify/child/{world.former_child.pk}/end/", follow=True)
    assert "Fern Former has no current placement to notify about" in response.content.decode()


def test_a_placing_social_worker_corrects_the_childs_details_with_a_reason(
    client, sign_in, world, placing_social_worker
):
    sign_in(placing_social_worker)
    page = client.get(f"/children/{world.child.pk}/").content.decode()
    assert "Correct the child&#39;s details" in page or "Correct the child's details" in page
    url = f"/children/{world.child.pk}/correct/"
    form = client.get(url).content.decode()
    assert 'value="Placed"' in form
    fields = {
        "first_name": "Ava",
        "last_name": "Placid",
        **_date("date_of_birth", world.child.date_of_birth),
        "sex": world.child.sex,
        "nhs_number": world.child.nhs_number,
        "upn": world.child.upn,
        "local_id": world.child.local_id,
    }
    page = client.post(url, fields).content.decode()
    assert "Enter why you are correcting the child" in page
    world.child.refresh_from_db()
    assert world.child.last_name == "Placed"
    response = client.post(url, {**fields, "reason": "Misspelt on the first notification"})
    assert response.status_code == 302
    world.child.refresh_from_db()
    assert world.child.last_name == "Placid"
    event = AuditEvent.objects.get(action="child.correct", object_id=str(world.child.pk))
    assert event.actor == placing_social_worker
    assert event.changes["reason"] == [None, "Misspelt on the first notification"]
    assert event.changes["last_name"] == ["Placed", "Placid"]


def test_host_teams_other_than_sqa_cannot_correct_a_child(client, sign_in, world, ra_social_worker, carer):
    for person in (ra_social_worker, carer):
        sign_in(person)
        assert client.get(f"/children/{world.child.pk}/correct/").status_code == 404
        assert client.post(f"/children/{world.child.pk}/correct/", {"last_name": "X", "reason": "x"}).status_code == 404
    assert not re.search("Correct the child", client.get(f"/children/{world.child.pk}/").content.decode())


def test_the_move_page_asks_for_the_new_carer_and_type_after_each_question(
    client, sign_in, world, placing_social_worker
):
    sign_in(placing_social_worker)
    url = _next(client.post(f"/notify/child/{world.child.pk}/move/"))
    page = html.unescape(client.get(url).content.decode())
    # Each question is followed by the field it asks about, labelled for when the answer is yes.
    order = [
        page.index(f'name="{name}"')
        for name in ("move__carer_changed", "move__carer", "move__type_changed", "move__type")
    ]
    assert order == sorted(order)
    assert "New carer or provider (if it changed)" in page and "New placement type (if it changed)" in page
    assert page.count('name="move__carer"') == 1 and page.count('name="move__type"') == 1


def test_each_end_of_placement_answer_has_its_own_hint(client, sign_in, world, sqa_officer):
    from safeguard.notifications.destinations import DESTINATIONS

    sign_in(sqa_officer)
    url = _next(client.post(f"/notify/child/{world.child.pk}/end/"))
    page = client.get(url).content.decode()
    hints = re.findall(r'class="govuk-hint govuk-radios__hint">\s*(.*?)\s*</div>', page, re.S)
    assert len(hints) == len(DESTINATIONS)
    assert "The return home was part of the child&#39;s care plan" in hints or (
        "The return home was part of the child's care plan" in hints
    )
