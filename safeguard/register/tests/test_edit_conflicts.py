"""Two people correcting one child's entry at once: the second save is refused, not written over the
first (docs/adr/0033-concurrent-writers-and-edit-conflicts.md)."""

from django.test import Client

from safeguard.core.tests.edits import opened_version, page_text
from safeguard.register.models import Child


def correction(child, version, **changes):
    born = child.date_of_birth
    return {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth_0": str(born.day),
        "date_of_birth_1": str(born.month),
        "date_of_birth_2": str(born.year),
        "sex": child.sex,
        "nhs_number": child.nhs_number,
        "upn": child.upn,
        "local_id": child.local_id,
        "reason": "Misspelt on the first notification",
        "edit_version": version,
        **changes,
    }


def test_a_second_correction_over_the_first_is_refused_and_shows_it(sign_in, placing_social_worker, sqa_officer, world):
    first, second = Client(), Client()
    sign_in(placing_social_worker, first)
    sign_in(sqa_officer, second)
    child = world.child
    url = f"/children/{child.pk}/correct/"
    mine = opened_version(first.get(url))
    saved = second.post(url, correction(child, opened_version(second.get(url)), last_name="Plaice"))
    assert saved.status_code == 302, page_text(saved)

    refused = first.post(url, correction(child, mine, first_name="Eva"))
    assert refused.status_code == 200
    page = page_text(refused)
    assert f"changed by {sqa_officer.full_name} at " in page and "since you opened it" in page
    assert 'value="Eva"' in page  # their answer, kept
    assert "Plaice" in page  # the other person's correction, shown
    assert Child.objects.get(pk=child.pk).last_name == "Plaice"
    assert Child.objects.get(pk=child.pk).first_name == child.first_name

    again = first.post(url, correction(child, opened_version(refused), first_name="Eva", last_name="Plaice"))
    assert again.status_code == 302
    assert Child.objects.get(pk=child.pk).first_name == "Eva"
