import io
from datetime import date, datetime, timedelta

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from safeguard.core.models import AuditEvent
from safeguard.missing.models import ChildPhotograph

from .images import jpeg_bytes


def upload(client, child, **data):
    return client.post(f"/children/{child.pk}/photographs/", data)


def test_the_carer_uploads_both_photographs_without_their_location(client, sign_in, carer, world):
    sign_in(carer)
    photo = SimpleUploadedFile("IMG_0001.jpg", jpeg_bytes(taken=datetime(2026, 10, 1, 12), gps=True))
    response = upload(client, world.child, kind="full_length", photograph=photo)
    assert response.status_code == 302
    saved = ChildPhotograph.objects.get(child=world.child, kind="full_length")
    stored = Image.open(io.BytesIO(saved.image.read()))
    assert not stored.getexif() and saved.taken_on == date(2026, 10, 1)
    assert "IMG_0001" not in saved.image.name  # the stored name says nothing about the child
    page = client.get(f"/children/{world.child.pk}/").content.decode()
    assert "Face photograph of Ava Placed" in page and "Full length photograph of Ava Placed" in page


def test_a_renamed_pdf_is_refused_with_a_message(client, sign_in, carer, world):
    sign_in(carer)
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photograph", content_type="image/jpeg")
    page = upload(client, world.child, kind="face", photograph=fake).content.decode()
    assert "There is a problem" in page and "must be a JPG, PNG, HEIC or WEBP photograph" in page
    assert ChildPhotograph.objects.filter(child=world.child).count() == 1  # only the world's own


def test_a_missing_choice_and_file_are_explained(client, sign_in, carer, world):
    sign_in(carer)
    page = upload(client, world.child).content.decode()
    assert "Select whether this is a face or a full-length photograph" in page
    assert "Select a photograph to upload" in page


def test_out_of_date_photographs_are_marked(client, sign_in, carer, sqa_officer, world):
    sign_in(sqa_officer)
    assert "Out of date" not in client.get(f"/children/{world.child.pk}/").content.decode()
    with time_machine.travel(date.today() + timedelta(days=200)):
        sign_in(sqa_officer)
        assert "Out of date" in client.get(f"/children/{world.child.pk}/").content.decode()


def test_opening_a_photograph_is_recorded_and_scoped(
    client, sign_in, placing_social_worker, other_authority_user, world
):
    sign_in(placing_social_worker)
    response = client.get(f"/photographs/{world.photograph.pk}/image")
    assert response["Content-Type"] == "image/jpeg" and response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="photograph.view", actor=placing_social_worker).exists()
    sign_in(other_authority_user)
    assert client.get(f"/photographs/{world.photograph.pk}/image").status_code == 404


def test_an_oversized_upload_is_refused_before_it_is_read(client, sign_in, carer, world):
    from safeguard.missing.photos import MAX_BYTES_DEFAULT

    sign_in(carer)
    big = SimpleUploadedFile("huge.jpg", b"\xff\xd8\xff" + b"0" * MAX_BYTES_DEFAULT, content_type="image/jpeg")
    page = upload(client, world.child, kind="face", photograph=big).content.decode()
    assert "The photograph must be smaller than 20 MB" in page
    assert ChildPhotograph.objects.filter(child=world.child).count() == 1
