"""Carer photograph uploads: content checks, re-encoding and metadata stripping (issue 4)."""

import hashlib
import io
import struct
import zlib
from datetime import UTC, datetime

import pytest
from PIL import Image, ImageCms

from safeguard.missing.photos import (
    MESSAGE_EMPTY,
    MESSAGE_UNREADABLE,
    PhotoRejected,
    message_wrong_type,
    photo_process,
)

GPS_IFD = 0x8825  # 34853
EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 36867
OFFSET_TIME_ORIGINAL = 36881
ORIENTATION = 0x0112


def encode(img, fmt, **params):
    out = io.BytesIO()
    img.save(out, fmt, **params)
    return out.getvalue()


def exif_with_gps_and_date(date="2024:07:01 14:30:00"):
    exif = Image.Exif()
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 26.0)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 39.0)
    exif.get_ifd(EXIF_IFD)[DATE_TIME_ORIGINAL] = date
    exif[0x010F] = "PhoneMaker"  # Make
    return exif


def reject(data, **kwargs):
    with pytest.raises(PhotoRejected) as caught:
        photo_process(data, **kwargs)
    return caught.value


def png_declaring(width, height):
    """A valid 1x1 PNG whose IHDR is patched to declare ``width`` x ``height``."""
    data = bytearray(encode(Image.new("RGB", (1, 1), "red"), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def opened(data):
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


# Metadata -----------------------------------------------------------------------------------


def test_gps_and_all_exif_are_stripped_and_date_taken_is_kept():
    source = encode(Image.new("RGB", (640, 480), "green"), "JPEG", exif=exif_with_gps_and_date())
    assert opened(source).getexif().get_ifd(GPS_IFD)  # the input really carries a location

    photo = photo_process(source)

    out = opened(photo.image)
    assert out.format == "JPEG"
    assert out.mode == "RGB"
    assert len(out.getexif()) == 0
    assert out.getexif().get_ifd(GPS_IFD) == {}
    assert "exif" not in out.info
    assert b"Exif\x00\x00" not in photo.image
    assert b"PhoneMaker" not in photo.image
    assert b"Exif\x00\x00" not in photo.thumbnail
    assert photo.taken_at == datetime(2024, 7, 1, 13, 30, tzinfo=UTC)  # 14:30 BST in London
    assert photo.taken_at.utcoffset().total_seconds() == 3600


def test_xmp_icc_profile_and_comment_are_stripped():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>51,30N</exif:GPSLatitude></x:xmpmeta>'
    source = encode(
        Image.new("RGB", (200, 100), "blue"), "JPEG", icc_profile=srgb, xmp=xmp, comment=b"12 Acacia Avenue"
    )
    assert {"icc_profile", "xmp", "comment"} <= set(opened(source).info)

    photo = photo_process(source)

    out = opened(photo.image)
    assert not {"icc_profile", "xmp", "comment", "exif"} & set(out.info)
    assert b"Acacia" not in photo.image
    assert b"GPSLatitude" not in photo.image
    assert b"http://ns.adobe.com/xap" not in photo.image
    assert [marker for marker, _ in out.applist] == ["APP0"]  # JFIF header only


def test_no_exif_means_no_date_taken():
    photo = photo_process(encode(Image.new("RGB", (50, 50)), "JPEG"))
    assert photo.taken_at is None


def test_date_taken_uses_recorded_offset_when_present():
    exif = exif_with_gps_and_date("2024:01:15 09:00:00")
    exif.get_ifd(EXIF_IFD)[OFFSET_TIME_ORIGINAL] = "+05:30"
    photo = photo_process(encode(Image.new("RGB", (50, 50)), "JPEG", exif=exif))
    assert photo.taken_at == datetime(2024, 1, 15, 3, 30, tzinfo=UTC)


def test_naive_winter_date_taken_is_london_gmt():
    exif = exif_with_gps_and_date("2024:01:15 09:00:00")
    photo = photo_process(encode(Image.new("RGB", (50, 50)), "JPEG", exif=exif))
    assert photo.taken_at == datetime(2024, 1, 15, 9, 0, tzinfo=UTC)


def test_unset_camera_clock_gives_no_date_taken():
    exif = exif_with_gps_and_date("0000:00:00 00:00:00")
    photo = photo_process(encode(Image.new("RGB", (50, 50)), "JPEG", exif=exif))
    assert photo.taken_at is None


# Orientation, size and format -----------------------------------------------------------------


def test_exif_orientation_is_applied_before_stripping():
    img = Image.new("RGB", (300, 200), "blue")
    img.paste((255, 0, 0), (0, 0, 150, 200))  # left half red as stored
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # stored rotated: display turns it 90 degrees clockwise
    photo = photo_process(encode(img, "JPEG", exif=exif, quality=95))

    assert (photo.width, photo.height) == (200, 300)
    out = opened(photo.image)
    assert out.size == (200, 300)
    assert len(out.getexif()) == 0  # orientation tag gone too, so viewers do not rotate it again
    top, bottom = out.getpixel((100, 40)), out.getpixel((100, 260))
    assert top[0] > 200 and top[2] < 60  # the stored left (red) is now the top
    assert bottom[2] > 200 and bottom[0] < 60


def test_png_with_alpha_becomes_jpeg_flattened_on_white():
    img = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    img.paste((0, 128, 0, 255), (50, 0, 100, 100))
    photo = photo_process(encode(img, "PNG"))

    out = opened(photo.image)
    assert out.format == "JPEG"
    assert out.mode == "RGB"
    assert all(channel > 245 for channel in out.getpixel((10, 50)))  # transparent → white
    r, g, b = out.getpixel((90, 50))
    assert g > 100 and r < 30 and b < 30


def test_palette_png_with_transparency_is_accepted():
    img = Image.new("P", (40, 40), 0)
    img.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    img.info["transparency"] = 0
    out = opened(photo_process(encode(img, "PNG", transparency=0)).image)
    assert all(channel > 245 for channel in out.getpixel((5, 5)))


def test_sixteen_bit_greyscale_png_is_accepted():
    img = Image.new("I;16", (64, 64), 40000)
    out = opened(photo_process(encode(img, "PNG")).image)
    assert out.mode == "RGB"
    assert 140 < out.getpixel((10, 10))[0] < 170  # 40000 / 256 ≈ 156


def test_cmyk_jpeg_becomes_rgb():
    out = opened(photo_process(encode(Image.new("CMYK", (64, 64), (0, 255, 255, 0)), "JPEG")).image)
    assert out.mode == "RGB"


def test_webp_is_accepted():
    photo = photo_process(encode(Image.new("RGB", (120, 80), "orange"), "WEBP"))
    assert opened(photo.image).format == "JPEG"
    assert (photo.width, photo.height) == (120, 80)


def test_large_photo_is_resized_to_2000_longest_side_with_thumbnail():
    photo = photo_process(encode(Image.new("RGB", (4000, 3000), "purple"), "JPEG"))

    assert (photo.width, photo.height) == (2000, 1500)
    assert opened(photo.image).size == (2000, 1500)
    thumb = opened(photo.thumbnail)
    assert thumb.format == "JPEG"
    assert thumb.size == (320, 240)
    assert len(thumb.getexif()) == 0


def test_tall_png_is_resized_on_its_longest_side():
    photo = photo_process(encode(Image.new("RGB", (1000, 5000), "teal"), "PNG"))
    assert (photo.width, photo.height) == (400, 2000)
    assert max(opened(photo.thumbnail).size) == 320


def test_small_photo_is_not_enlarged():
    photo = photo_process(encode(Image.new("RGB", (200, 150), "pink"), "JPEG"))
    assert (photo.width, photo.height) == (200, 150)
    assert opened(photo.thumbnail).size == (200, 150)


def test_max_side_comes_from_settings(settings):
    settings.PHOTO_MAX_SIDE = 1000
    photo = photo_process(encode(Image.new("RGB", (3000, 1500), "grey"), "JPEG"))
    assert (photo.width, photo.height) == (1000, 500)


def test_sha256_is_of_the_reencoded_image():
    photo = photo_process(encode(Image.new("RGB", (64, 64), "yellow"), "PNG"))
    assert photo.sha256 == hashlib.sha256(photo.image).hexdigest()


# Rejections -----------------------------------------------------------------------------------


def test_message_names_the_accepted_types():
    assert message_wrong_type() == "The selected file must be a JPG, PNG, HEIC or WEBP photograph"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n", id="pdf-renamed-jpg"),
        pytest.param(
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>',
            id="svg-with-script",
        ),
        pytest.param(b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", id="html"),
        pytest.param(b"Name,Date of birth\nAlex,2012-01-01\n", id="text"),
    ],
)
def test_files_that_are_not_images_are_rejected(data):
    error = reject(data)
    assert str(error) == "The selected file must be a JPG, PNG, HEIC or WEBP photograph"
    assert error.code == "type"


def test_jpeg_signature_followed_by_junk_is_unreadable():
    error = reject(b"\xff\xd8\xff\xe0 not really a jpeg")
    assert str(error) == MESSAGE_UNREADABLE


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_real_images_in_other_formats_are_rejected(fmt):
    error = reject(encode(Image.new("RGB", (20, 20), "red"), fmt))
    assert error.code == "type"
    assert str(error) == message_wrong_type()


def test_empty_file_is_rejected():
    error = reject(b"")
    assert str(error) == MESSAGE_EMPTY == "The selected file is empty"
    assert error.code == "empty"


def test_file_over_the_byte_limit_is_rejected():
    data = encode(Image.new("RGB", (64, 64), "red"), "PNG")
    error = reject(data, max_bytes=len(data) - 1)
    assert error.code == "file_size"
    assert str(reject(b"x" * (20 * 1024 * 1024 + 1))) == "The photograph must be smaller than 20 MB"


def test_billion_pixel_image_is_rejected_without_decoding():
    error = reject(png_declaring(40000, 40000))
    assert str(error) == "The photograph is too large: it must be under 50 megapixels"
    assert error.code == "pixels"


@pytest.mark.parametrize(
    "size",
    [
        pytest.param((8000, 8000), id="over-our-limit-under-pillows"),
        pytest.param((10000, 10000), id="pillow-bomb-warning-range"),
    ],
)
def test_images_over_the_pixel_limit_are_rejected_before_decoding(size):
    # The pixel data is for 1x1, so decoding would fail as unreadable: "pixels" proves no decode.
    error = reject(png_declaring(*size))
    assert error.code == "pixels"
    assert str(error) == "The photograph is too large: it must be under 50 megapixels"


def test_pixel_limit_is_configurable():
    error = reject(encode(Image.new("RGB", (100, 100)), "PNG"), max_pixels=5_000)
    assert str(error) == "The photograph is too large: it must be under 0.005 megapixels"


def test_truncated_jpeg_is_rejected():
    data = encode(Image.effect_noise((400, 300), 64).convert("RGB"), "JPEG")
    error = reject(data[: len(data) // 2])
    assert str(error) == MESSAGE_UNREADABLE
    assert error.code == "unreadable"


def test_truncated_png_is_rejected():
    data = encode(Image.effect_noise((200, 200), 64), "PNG")
    error = reject(data[: len(data) // 2])
    assert str(error) == MESSAGE_UNREADABLE


def test_rejection_is_a_value_error():
    assert issubclass(PhotoRejected, ValueError)


def test_truncated_photographs_are_refused_even_after_weasyprint_is_imported():
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process; uploads must not care."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    whole = encode(Image.new("RGB", (400, 300), (10, 120, 200)), "JPEG")
    with pytest.raises(PhotoRejected):
        photo_process(whole[: len(whole) // 2])
