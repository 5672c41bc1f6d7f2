"""Photographs in S3-compatible object storage, as production keeps them: a real S3 server on loopback
(moto's, `safeguard/core/tests/objectstore.py`), the bucket private, each object encrypted at rest, and
the files reached only through Safeguard's own views, which stream them from the store."""

import io

from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from safeguard.core.tests.objectstore import s3_client
from safeguard.missing.models import ChildPhotograph

from .images import jpeg_bytes

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def test_a_photograph_goes_to_the_object_store_and_the_grab_pack_carries_it(
    client, sign_in, carer, police, world, s3_storage, s3_endpoint
):
    assert type(storages["default"]).__name__ == "S3Storage"
    child = world.missing_child
    sign_in(carer)
    response = client.post(
        f"/children/{child.pk}/photographs/",
        {"kind": "face", "photograph": SimpleUploadedFile("IMG_0042.jpg", jpeg_bytes((600, 800), gps=True))},
    )
    assert response.status_code == 302
    photo = ChildPhotograph.objects.get(child=child, kind="face")

    s3 = s3_client(s3_endpoint)
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=s3_storage)["Contents"]}
    assert {photo.image.name, photo.thumbnail.name} <= keys
    for name in (photo.image.name, photo.thumbnail.name):
        assert not (settings.MEDIA_ROOT / name).exists()  # nothing on this server's disk
    for key in (photo.image.name, photo.thumbnail.name):
        assert s3.head_object(Bucket=s3_storage, Key=key)["ServerSideEncryption"] == "AES256"
        grants = s3.get_object_acl(Bucket=s3_storage, Key=key)["Grants"]
        assert all(grant["Grantee"].get("URI") != ALL_USERS for grant in grants)  # not public
        assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's alone
    stored = s3.get_object(Bucket=s3_storage, Key=photo.image.name)["Body"].read()
    assert Image.open(io.BytesIO(stored)).size == (600, 800)

    # Served by Safeguard's view, streamed from the store; no page names the store's address.
    response = client.get(f"/photographs/{photo.pk}/image")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == stored
    page = client.get(f"/children/{child.pk}/photographs/").content.decode()
    assert s3_endpoint not in page and s3_storage not in page

    # The police's grab pack reads the photograph from the store and draws it.
    sign_in(police)
    response = client.get(f"/children/{child.pk}/grab-pack.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert {(image.image.size) for page in reader.pages for image in page.images} == {(600, 800)}
    assert "Milo Missing" in reader.pages[0].extract_text()
