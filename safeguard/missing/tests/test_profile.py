import html

from safeguard.core.models import AuditEvent
from safeguard.missing.models import MissingProfile


def test_the_carer_keeps_the_profile_and_earlier_versions_are_kept(
    client, sign_in, carer, placing_social_worker, world
):
    sign_in(carer)
    url = f"/children/{world.missing_child.pk}/missing-profile/"
    client.post(url, {"physical_description": "Tall, short dark hair", "medical_needs": "Inhaler (asthma)"})
    client.post(url, {"physical_description": "Tall, short dark hair, now dyed red", "medical_needs": "Inhaler"})
    profile = MissingProfile.objects.get(child=world.missing_child)
    assert profile.physical_description.endswith("dyed red")
    assert [v.content["physical_description"] for v in profile.versions.all()] == ["Tall, short dark hair"]
    assert AuditEvent.objects.filter(action="missing_profile.save", object_id=str(profile.pk)).count() == 2
    # The placing social worker reads it on the child's page, and cannot change it.
    sign_in(placing_social_worker)
    page = html.unescape(client.get(f"/children/{world.missing_child.pk}/").content.decode())
    assert "now dyed red" in page and "Update the missing profile" not in page
    assert client.post(url, {"physical_description": "changed"}).status_code == 404


def test_overlong_answers_are_explained_and_nothing_is_lost(client, sign_in, carer, world):
    sign_in(carer)
    page = html.unescape(
        client.post(
            f"/children/{world.missing_child.pk}/missing-profile/",
            {"associates": "x" * 5001, "places_frequented": "The Mall, Luton"},
        ).content.decode()
    )
    assert "Friends and associates must be 5,000 characters or fewer" in page
    assert "The Mall, Luton" in page
    assert not MissingProfile.objects.filter(child=world.missing_child).exists()


def test_every_version_can_be_read_with_what_changed(client, sign_in, carer, placing_social_worker, world):
    sign_in(carer)
    url = f"/children/{world.child.pk}/missing-profile/"
    client.post(url, {"physical_description": "Tall, short hair dyed red", "medical_needs": "Inhaler"})
    sign_in(placing_social_worker)
    page = html.unescape(client.get(f"/children/{world.child.pk}/missing-profile/history/").content.decode())
    current, earlier = page.split("Version of ", 1)
    assert "Tall, short hair dyed red" in current and "Changed" in current
    assert "Tall, short dark hair" in earlier
    assert AuditEvent.objects.filter(action="missing_profile.history", actor=placing_social_worker).exists()


def test_there_is_no_history_before_a_profile_is_written(client, sign_in, carer, world):
    sign_in(carer)
    assert client.get(f"/children/{world.missing_child.pk}/missing-profile/history/").status_code == 404
