import io

from pypdf import PdfReader

from safeguard.core.models import AuditEvent
from safeguard.missing.services import missing_profile_save, photograph_upload

from .images import jpeg_bytes


def test_police_open_the_grab_pack_of_a_missing_child(client, sign_in, carer, police, world):
    child = world.missing_child
    photograph_upload(actor=carer, child=child, kind="face", data=jpeg_bytes((600, 800)))
    photograph_upload(actor=carer, child=child, kind="full_length", data=jpeg_bytes((500, 1000)))
    missing_profile_save(
        actor=carer,
        child=child,
        answers={"physical_description": "Slim, dark curly hair", "medical_needs": "Epilepsy: carries medication"},
    )
    sign_in(police)
    response = client.get(f"/children/{child.pk}/grab-pack.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Milo Missing",
        "OFFICIAL-SENSITIVE",
        "Slim, dark curly hair",
        "Epilepsy",
        "Missing",
        "Hertfordshire",
    ):
        assert expected in text, expected
    # WeasyPrint shares image resources between pages: count distinct images.
    images = {image.data for page in reader.pages for image in page.images}
    assert len(images) == 2  # face and full length
    assert AuditEvent.objects.filter(action="grab_pack.open", actor=police, object_id=str(child.pk)).exists()


def test_the_police_cannot_open_the_grab_pack_of_a_child_who_is_not_missing(client, sign_in, police, world):
    sign_in(police)
    assert client.get(f"/children/{world.child.pk}/grab-pack.pdf").status_code == 404
    assert not AuditEvent.objects.filter(action="grab_pack.open").exists()


def test_a_pack_without_photographs_says_so(client, sign_in, sqa_officer, world):
    sign_in(sqa_officer)
    text = PdfReader(io.BytesIO(client.get(f"/children/{world.missing_child.pk}/grab-pack.pdf").content)).pages[0]
    assert "No photographs are held" in text.extract_text()


def test_the_pack_carries_the_placing_councils_risk_plan(client, sign_in, sqa_officer, world):
    sign_in(sqa_officer)
    reader = PdfReader(io.BytesIO(client.get(f"/children/{world.child.pk}/grab-pack.pdf").content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Older associates in Dunstable" in text and "Call 101 after an hour" in text
    without = PdfReader(io.BytesIO(client.get(f"/children/{world.missing_child.pk}/grab-pack.pdf").content))
    assert "has not given a risk assessment" in " ".join(page.extract_text() for page in without.pages)


def _drawn_images(page) -> list[tuple[int, int]]:
    """The sizes of the images a page's content actually draws (WeasyPrint lists every image of the
    document in each page's resources, so `page.images` alone would not tell)."""
    xobjects = page["/Resources"].get("/XObject", {})
    drawn = []

    def walk(content, resources):
        for operands, operator in content.operations:
            if operator == b"Do":
                xobject = resources[operands[0]].get_object()
                if xobject["/Subtype"] == "/Image":
                    drawn.append((int(xobject["/Width"]), int(xobject["/Height"])))
                elif xobject["/Subtype"] == "/Form":
                    from pypdf.generic import ContentStream

                    inner = xobject.get("/Resources", {}).get("/XObject", resources)
                    walk(ContentStream(xobject, page.pdf), inner)

    walk(page.get_contents(), xobjects)
    return drawn


def test_the_first_page_holds_the_face_beside_the_missing_facts_and_the_description(
    client, sign_in, carer, police, world
):
    from datetime import timedelta

    from django.utils import timezone

    from safeguard.missing.services import missing_episode_police_update, missing_sighting_record

    child = world.missing_child
    episode = child.missing_episodes.get()
    episode.last_seen_where, episode.clothing = "Luton bus station", "Red puffer jacket, grey joggers"
    episode.save()
    photograph_upload(actor=carer, child=child, kind="face", data=jpeg_bytes((600, 800)))
    photograph_upload(actor=carer, child=child, kind="full_length", data=jpeg_bytes((500, 1000)))
    missing_profile_save(
        actor=carer,
        child=child,
        answers={
            "physical_description": "Slim, dark curly hair",
            "distinguishing_features": "Scar on the chin",
            "associates": "A long answer about friends. " * 40,
        },
    )
    missing_episode_police_update(actor=police, episode=episode, risk_grade="High", police_reference="BP-31")
    missing_sighting_record(
        actor=police,
        episode=episode,
        seen_at=timezone.now() - timedelta(hours=1),
        seen_where="Wardown Park",
        seen_by="Park warden",
    )
    child.placing_authority.out_of_hours_phone = "0300 123 4043"
    child.placing_authority.save()
    sign_in(police)
    reader = PdfReader(io.BytesIO(client.get(f"/children/{child.pk}/grab-pack.pdf").content))
    first = " ".join(reader.pages[0].extract_text().split())
    assert _drawn_images(reader.pages[0]) == [(600, 800)]  # the face, and only the face
    for expected in (
        "Milo Missing",
        "Missing",
        "Last seen",
        "Luton bus station",
        "Red puffer jacket",
        "Wardown Park (Park warden)",
        "High (police)",
        "BP-31",
        "Slim, dark curly hair",
        "Scar on the chin",
    ):
        assert expected in first, expected
    assert "A long answer about friends" not in first  # the rest of the profile comes after
    rest = " ".join(" ".join(page.extract_text() for page in reader.pages[1:]).split())
    assert (500, 1000) in [size for page in reader.pages[1:] for size in _drawn_images(page)]
    assert "0300 123 4043" in rest  # the placing council's out-of-hours number
    assert "https://www.bedfordshire.police.uk/" in rest  # the online report, printed in full
    assert "Came back" not in rest  # the concern is about another child
    assert "Collected from school by older men in different cars" in rest  # its open exploitation concern


def test_the_pack_lists_earlier_episodes_with_where_the_child_was_found(client, sign_in, sqa_officer, world):
    sign_in(sqa_officer)
    reader = PdfReader(io.BytesIO(client.get(f"/children/{world.child.pk}/grab-pack.pdf").content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Earlier times missing or away" in text and "Returned" in text
    assert "Came back with a second phone and a train ticket to Northampton" in text  # its open concern
