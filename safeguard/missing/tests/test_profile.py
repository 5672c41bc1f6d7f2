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


def test_the_structured_facts_the_police_ask_for_are_kept_versioned_and_printed(client, sign_in, carer, police, world):
    import io

    from pypdf import PdfReader

    sign_in(carer)
    url = f"/children/{world.missing_child.pk}/missing-profile/"
    form = html.unescape(client.get(url).content.decode())
    for label in ("Height", "Build", "Ethnicity", "Hair", "Eyes", "Languages", "Clothing they usually wear"):
        assert label in form, label
    assert 'name="height" type="text"' in form  # a line, not a paragraph
    facts = {
        "height": "1.52 m",
        "build": "Slim",
        "ethnicity": "Mixed White and Black Caribbean",
        "hair": "Black, braided, shoulder length",
        "eyes": "Brown; wears glasses",
        "languages": "English, some Portuguese",
        "usual_clothing": "Black North Face puffer, white Air Force 1s",
        "family_friends_addresses": "Aunt, 12 Example Road, Bedford",
        "places_frequented": "The Mall",
        "money_transport": "Monzo card; 16-25 railcard",
        "phones_social_media": "07700 900555; Snapchat milo_x",
        "medical_needs": "Asthma: blue inhaler",
    }
    assert client.post(url, facts).status_code == 302
    client.post(url, {**facts, "hair": "Dyed red, short"})
    profile = MissingProfile.objects.get(child=world.missing_child)
    assert profile.hair == "Dyed red, short"
    assert [v.content["hair"] for v in profile.versions.all()] == ["Black, braided, shoulder length"]
    too_long = html.unescape(client.post(url, {**facts, "height": "x" * 101}).content.decode())
    assert "Height must be 100 characters or fewer" in too_long
    sign_in(police)
    reader = PdfReader(io.BytesIO(client.get(f"/children/{world.missing_child.pk}/grab-pack.pdf").content))
    first = " ".join(reader.pages[0].extract_text().split())
    for fact in ("1.52 m", "Slim", "Mixed White and Black Caribbean", "Dyed red, short", "Brown; wears glasses"):
        assert fact in first, fact
    rest = " ".join(" ".join(page.extract_text() for page in reader.pages[1:]).split())
    for fact in ("Aunt, 12 Example Road, Bedford", "Monzo card; 16-25 railcard", "Snapchat milo_x", "Asthma"):
        assert fact in rest, fact
