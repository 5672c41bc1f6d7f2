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
