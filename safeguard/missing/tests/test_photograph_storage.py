"""What is stored and served of a photograph, and when it is out of date (exactly six months)."""

import io
from datetime import date, datetime

import pytest
import time_machine
from django.conf import settings
from PIL import Image

from safeguard.missing.selectors import taken_too_long_ago
from safeguard.missing.services import photograph_upload

from .factories import placed_child
from .images import jpeg_bytes

GPS_IFD = 0x8825


def _assert_clean(data: bytes) -> None:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0 and image.getexif().get_ifd(GPS_IFD) == {}
    assert b"Exif\x00\x00" not in data
    assert "exif" not in image.info


@pytest.mark.django_db
def test_the_stored_and_served_thumbnail_carry_no_exif_or_location(client):
    child, carer = placed_child(first_name="Tia", last_name="Thumb")
    upload = jpeg_bytes((1200, 900), taken=datetime(2026, 1, 5, 10), gps=True)
    assert Image.open(io.BytesIO(upload)).getexif().get_ifd(GPS_IFD)  # the upload really has a location
    photo = photograph_upload(actor=carer, child=child, kind="face", data=upload)
    photo.thumbnail.open("rb")
    stored = photo.thumbnail.read()
    photo.thumbnail.close()
    _assert_clean(stored)
    assert max(Image.open(io.BytesIO(stored)).size) == 320  # the thumbnail, not the full image
    photo.image.open("rb")
    _assert_clean(photo.image.read())
    photo.image.close()

    client.force_login(carer)
    response = client.get(f"/photographs/{photo.pk}/thumbnail")
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    _assert_clean(served)
    assert served == stored


def test_the_age_limit_is_six_months():
    assert settings.PHOTO_MAX_AGE_MONTHS == 6


@pytest.mark.parametrize(
    ("today", "taken_on", "out_of_date"),
    [
        (date(2026, 3, 15), date(2025, 9, 16), False),  # a day under six months
        (date(2026, 3, 15), date(2025, 9, 15), False),  # six months to the day: still in date
        (date(2026, 3, 15), date(2025, 9, 14), True),  # a day over six months
        (date(2026, 3, 15), date(2025, 10, 15), False),  # five months
        # 31 August: six months before is 28 February (no 31st).
        (date(2026, 8, 31), date(2026, 2, 28), False),
        (date(2026, 8, 31), date(2026, 2, 27), True),
        # Across a year end.
        (date(2027, 1, 10), date(2026, 7, 10), False),
        (date(2027, 1, 10), date(2026, 7, 9), True),
    ],
)
def test_a_photograph_is_out_of_date_the_day_after_six_months(today, taken_on, out_of_date):
    assert taken_too_long_ago(taken_on, today) is out_of_date
    with time_machine.travel(today):  # and by today's date when none is given
        assert taken_too_long_ago(taken_on) is out_of_date
