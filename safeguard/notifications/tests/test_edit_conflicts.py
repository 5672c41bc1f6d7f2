"""Two managers assigning one piece of work at once: the second is refused and shown the first's
choice, not written over it (docs/adr/0033-concurrent-writers-and-edit-conflicts.md)."""

from django.test import Client

from safeguard.core.tests.edits import opened_version, page_text
from safeguard.notifications.models import WorkItem


def test_a_second_manager_assigning_after_the_first_is_refused_and_shown_who_has_it(
    sign_in, world, ra_duty_manager, sqa_manager, ra_social_worker, host
):
    from conftest import make_person

    colleague = make_person("ra_social_worker", host=host)
    first, second = Client(), Client()
    sign_in(ra_duty_manager, first)
    sign_in(sqa_manager, second)
    url = f"/work/{world.ra_item.pk}/assign/"
    mine = opened_version(first.get(url))
    assert (
        second.post(url, {"owner": str(colleague.pk), "edit_version": opened_version(second.get(url))}).status_code
        == 302
    )

    refused = first.post(url, {"owner": str(ra_social_worker.pk), "edit_version": mine})
    assert refused.status_code == 200
    page = page_text(refused)
    assert f"changed by {sqa_manager.full_name} at " in page and "since you opened it" in page
    assert f"{colleague.full_name} is doing it now" in page
    assert WorkItem.objects.get(pk=world.ra_item.pk).owner == colleague

    again = first.post(url, {"owner": str(ra_social_worker.pk), "edit_version": opened_version(refused)})
    assert again.status_code == 302
    assert WorkItem.objects.get(pk=world.ra_item.pk).owner == ra_social_worker
