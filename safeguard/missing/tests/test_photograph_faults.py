"""A photograph uploaded when the storage fails (issue 16's fault): a clear error to the carer, no
half-stored file, no broken record. Real filesystems: a media folder that cannot be written, and a
disk that fills half-way through the photograph (a 64 KB tmpfs, when this machine lets the test mount one)."""

import contextlib
import io
import os
import subprocess
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from safeguard.core.models import AuditEvent
from safeguard.missing.models import ChildPhotograph
from safeguard.missing.services import PhotoRejected, photograph_upload

from .factories import placed_child
from .images import jpeg_bytes

MESSAGE = "The photograph could not be saved because the council&#39;s storage is not working: nothing was kept."


def noisy_jpeg() -> bytes:
    """A photograph that does not compress: hundreds of KB even after Safeguard re-encodes it."""
    image = Image.frombytes("RGB", (900, 1200), os.urandom(900 * 1200 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def files_under(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_an_unwritable_media_folder_gives_the_carer_a_clear_error_and_keeps_nothing(
    client, sign_in, carer, world, settings, tmp_path
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder's parent should be")
    settings.MEDIA_ROOT = blocker / "media"  # no folder can be made here, even by root
    before = ChildPhotograph.objects.filter(child=world.child).count()
    audited = AuditEvent.objects.filter(action="photograph.upload").count()
    sign_in(carer)
    photo = SimpleUploadedFile("IMG_0002.jpg", jpeg_bytes(taken=datetime(2026, 10, 1, 12)))
    response = client.post(f"/children/{world.child.pk}/photographs/", {"kind": "face", "photograph": photo})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and MESSAGE in page
    assert page.count(MESSAGE) == 2  # in the summary and on the photograph field
    assert ChildPhotograph.objects.filter(child=world.child).count() == before
    assert AuditEvent.objects.filter(action="photograph.upload").count() == audited


@pytest.fixture
def small_disk(tmp_path):
    """A real filesystem of 64 KB: a full-size photograph fills it half-way through being written."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if result.returncode != 0:
        pytest.skip("this machine does not let the test mount a small filesystem")
    yield mount
    with contextlib.suppress(subprocess.CalledProcessError):
        subprocess.run(["umount", str(mount)], check=True, capture_output=True)


@pytest.mark.django_db
def test_a_disk_that_fills_during_the_upload_leaves_no_half_stored_file_and_no_record(settings, small_disk):
    settings.MEDIA_ROOT = small_disk
    child, carer = placed_child(first_name="Fia", last_name="Full")
    data = noisy_jpeg()
    assert len(data) > 64 * 1024  # larger than the disk
    with pytest.raises(PhotoRejected) as refused:
        photograph_upload(actor=carer, child=child, kind="face", data=data)
    assert refused.value.code == "storage" and "nothing was kept" in refused.value.message
    assert files_under(small_disk) == []  # the part written before the disk filled is gone
    assert not ChildPhotograph.objects.filter(child=child).exists()
    assert not AuditEvent.objects.filter(action="photograph.upload", actor=carer).exists()
    # Once there is room again, the same photograph is kept whole.
    settings.MEDIA_ROOT = small_disk.parent / "roomy"
    photo = photograph_upload(actor=carer, child=child, kind="face", data=data)
    assert photo.image.size > 0 and files_under(small_disk.parent / "roomy")
