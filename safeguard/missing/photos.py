"""Checking and cleaning the photographs carers upload for a child's grab pack.

A carer's upload is untrusted: it may not be an image at all, may be crafted to
exhaust memory when decoded, and a genuine phone photograph usually carries the
place it was taken (GPS) in its metadata, which for a child in care can be the
placement address. So nothing the carer sent is kept: the file's type is read
from its content (never its name or declared content type), its declared size is
checked before any pixel is decoded, and the pixels are re-encoded into a fresh
JPEG that carries no metadata at all. Only the date taken is read out first.

No models here: callers store the bytes of ``ProcessedPhoto`` wherever they
keep them.
"""

from __future__ import annotations

import hashlib
import io
import math
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from PIL import Image, ImageCms, UnidentifiedImageError

from safeguard.core.errors import ServiceRefusal

PHOTO_MAX_SIDE_DEFAULT = 2000
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 85
LONDON = ZoneInfo("Europe/London")

# Pillow format names accepted from the file's content; HEIC (an iPhone's photographs) when a plugin has
# registered itself: pillow-heif comes with Wagtail's image library, which registers it.
_ALWAYS_ACCEPTED = ("JPEG", "PNG", "WEBP")
_HEIF = "HEIF"

# EXIF tags (https://exiftool.org/TagNames/EXIF.html).
_EXIF_IFD = 0x8769
_ORIENTATION = 0x0112
_DATE_TIME_ORIGINAL = 0x9003  # 36867
_OFFSET_TIME_ORIGINAL = 0x9011  # 36881

_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

# What a JPEG written by Pillow from a fresh image may say about itself (JFIF APP0).
_ALLOWED_OUTPUT_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive", "progression"}

MESSAGE_EMPTY = "The selected file is empty"
MESSAGE_UNREADABLE = "The selected file could not be read as a photograph. Take or save it again and upload it"


class PhotoRejected(ServiceRefusal):
    """The upload cannot be used; ``str(exc)`` is the GOV.UK error message to show.

    ``code`` says which check failed, for logs and tests: ``empty``, ``file_size``,
    ``type``, ``pixels`` or ``unreadable`` (the photograph), ``storage`` (it could not be saved: a full
    disk, an unwritable media folder), ``kind`` or ``taken_on`` (the answers).
    As a `ServiceRefusal`, its message is on the form field the check was about.
    """

    FIELD_OF_CODE = {"kind": "kind", "taken_on": "taken_on"}

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__({self.FIELD_OF_CODE.get(code, "photograph"): message})
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ProcessedPhoto:
    image: bytes  # re-encoded JPEG without any metadata, longest side <= PHOTO_MAX_SIDE
    thumbnail: bytes  # JPEG, longest side <= 320 px
    width: int
    height: int
    taken_at: datetime | None  # EXIF DateTimeOriginal, aware (naive read as Europe/London)
    sha256: str  # hex digest of ``image``


def accepted_formats() -> tuple[str, ...]:
    """Pillow format names accepted now: JPEG, PNG, WEBP, plus HEIF if a plugin is registered."""
    Image.init()
    return _ALWAYS_ACCEPTED + ((_HEIF,) if _HEIF in Image.OPEN else ())


def message_wrong_type() -> str:
    names = ["JPG", "PNG"] + (["HEIC"] if _HEIF in accepted_formats() else []) + ["WEBP"]
    return f"The selected file must be a {', '.join(names[:-1])} or {names[-1]} photograph"


def message_file_size(max_bytes: int) -> str:
    mb = max_bytes / (1024 * 1024)
    return (
        f"The photograph must be smaller than {mb:g} MB"
        if mb >= 1
        else f"The photograph must be smaller than {max_bytes // 1024} KB"
    )


def message_pixels(max_pixels: int) -> str:
    return f"The photograph is too large: it must be under {max_pixels / 1_000_000:g} megapixels"


def photo_max_side() -> int:
    try:
        from django.conf import settings

        return int(getattr(settings, "PHOTO_MAX_SIDE", PHOTO_MAX_SIDE_DEFAULT))
    except Exception:  # settings not configured (e.g. a script): use the default
        return PHOTO_MAX_SIDE_DEFAULT


MAX_BYTES_DEFAULT = 20 * 1024 * 1024


def photo_process(data: bytes, *, max_bytes: int = MAX_BYTES_DEFAULT, max_pixels: int = 50_000_000) -> ProcessedPhoto:
    """Check an uploaded photograph and return it re-encoded, without metadata, with a thumbnail.

    Raises ``PhotoRejected`` (its text is the message for the carer) for anything
    that is not a usable JPEG, PNG or WEBP (or HEIC, if a plugin is present).
    """
    if not data:
        raise PhotoRejected(MESSAGE_EMPTY, code="empty")
    if len(data) > max_bytes:
        raise PhotoRejected(message_file_size(max_bytes), code="file_size")

    formats = accepted_formats()
    if not _looks_complete(data):
        raise PhotoRejected(MESSAGE_UNREADABLE, code="unreadable")
    # Image.open reads only the header: no pixels are decoded yet. The explicit pixel check below
    # rejects anything over max_pixels (under Pillow's own bomb threshold) before any decoding; no
    # process-wide warning filters are touched, so this is safe in threaded workers.
    try:
        img = Image.open(io.BytesIO(data), formats=formats)
    except Image.DecompressionBombError:
        raise PhotoRejected(message_pixels(max_pixels), code="pixels")
    except UnidentifiedImageError:
        raise PhotoRejected(message_wrong_type(), code="type")
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        raise PhotoRejected(MESSAGE_UNREADABLE, code="unreadable")

    with img:
        if img.format not in formats:  # belt and braces: open() was told the formats
            raise PhotoRejected(message_wrong_type(), code="type")
        width, height = img.size
        if width < 1 or height < 1:
            raise PhotoRejected(MESSAGE_UNREADABLE, code="unreadable")
        if width * height > max_pixels:
            raise PhotoRejected(message_pixels(max_pixels), code="pixels")

        exif = _read_exif(img)
        taken_at = _taken_at(exif)
        orientation = exif.get(_ORIENTATION, 1) if exif is not None else 1
        icc_profile = img.info.get("icc_profile")
        max_side = photo_max_side()

        try:
            if img.format == "JPEG":
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the result is
                # resized anyway: much less memory for a large camera photo.
                img.draft("RGB", _fit((width, height), max_side))
            img.load()
            rgb = _to_srgb(img, icc_profile)
        except Image.DecompressionBombError:
            raise PhotoRejected(message_pixels(max_pixels), code="pixels")
        except (OSError, SyntaxError, ValueError, EOFError, struct.error):
            raise PhotoRejected(MESSAGE_UNREADABLE, code="unreadable")

    if (method := _TRANSPOSE.get(orientation)) is not None:
        rgb = rgb.transpose(method)
    if max(rgb.size) > max_side:
        rgb = rgb.resize(_fit(rgb.size, max_side), Image.Resampling.LANCZOS)
    thumb = (
        rgb.resize(_fit(rgb.size, THUMBNAIL_SIDE), Image.Resampling.LANCZOS) if max(rgb.size) > THUMBNAIL_SIDE else rgb
    )

    image_bytes = _encode_clean_jpeg(rgb)
    thumbnail_bytes = _encode_clean_jpeg(thumb)
    return ProcessedPhoto(
        image=image_bytes,
        thumbnail=thumbnail_bytes,
        width=rgb.width,
        height=rgb.height,
        taken_at=taken_at,
        sha256=hashlib.sha256(image_bytes).hexdigest(),
    )


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """The size that fits ``size`` within a ``side`` x ``side`` box, keeping its shape."""
    w, h = size
    if max(w, h) <= side:
        return w, h
    ratio = side / max(w, h)
    return max(1, min(side, math.ceil(w * ratio - 0.5))), max(1, min(side, math.ceil(h * ratio - 0.5)))


def _read_exif(img: Image.Image) -> Image.Exif | None:
    try:
        return img.getexif()
    except Exception:  # malformed EXIF only loses the date and orientation, not the photo
        return None


def _taken_at(exif: Image.Exif | None) -> datetime | None:
    """EXIF DateTimeOriginal ("YYYY:MM:DD HH:MM:SS") as an aware datetime, or None."""
    if exif is None:
        return None
    try:
        ifd = exif.get_ifd(_EXIF_IFD)
        raw = ifd.get(_DATE_TIME_ORIGINAL)
        offset = ifd.get(_OFFSET_TIME_ORIGINAL)
    except Exception:
        return None
    text = _exif_text(raw)
    if not text:
        return None
    try:
        naive = datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:  # e.g. "0000:00:00 00:00:00" from cameras without a clock
        return None
    tz = _exif_offset(_exif_text(offset)) or LONDON
    return naive.replace(tzinfo=tz)


def _exif_text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return value.strip("\x00 ").strip() if isinstance(value, str) else ""


def _exif_offset(text: str) -> timezone | None:
    """EXIF OffsetTimeOriginal ("+01:00"), when the camera recorded one."""
    if len(text) != 6 or text[0] not in "+-" or text[3] != ":":
        return None
    try:
        hours, minutes = int(text[1:3]), int(text[4:6])
    except ValueError:
        return None
    if hours > 14 or minutes > 59:
        return None
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _to_srgb(img: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """The first frame as RGB pixels: alpha flattened on white, colour converted to sRGB."""
    if img.mode == "CMYK" and icc_profile and (converted := _icc_to_srgb(img, icc_profile)) is not None:
        return converted
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):  # 16-bit PNG greyscale
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif img.mode == "F":
        img = img.convert("L")
    if img.mode == "P":
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        rgb = Image.alpha_composite(background, rgba).convert("RGB")
    else:
        rgb = img.convert("RGB")
    if icc_profile and (converted := _icc_to_srgb(rgb, icc_profile)) is not None:
        return converted
    return rgb


def _icc_to_srgb(img: Image.Image, icc_profile: bytes) -> Image.Image | None:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(img, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # an unusable or mismatched profile: keep the pixels as they are


def _encode_clean_jpeg(img: Image.Image) -> bytes:
    # A fresh image carries no ``info`` (EXIF, XMP, ICC, comments), which Pillow's
    # JPEG writer would otherwise copy from the source image.
    fresh = Image.frombytes("RGB", img.size, img.convert("RGB").tobytes())
    out = io.BytesIO()
    fresh.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, exif=b"")
    data = out.getvalue()
    _verify_clean(data)
    return data


def _verify_clean(data: bytes) -> None:
    """Reopen the output and make sure nothing but JFIF came through."""
    with Image.open(io.BytesIO(data), formats=["JPEG"]) as check:
        leftover = set(check.info) - _ALLOWED_OUTPUT_INFO
        if len(check.getexif()) or leftover or [marker for marker, _ in check.applist] not in ([], ["APP0"]):
            raise RuntimeError(f"re-encoded photograph still carries metadata: {sorted(leftover)} {check.applist}")


def _looks_complete(data: bytes) -> bool:
    """Whether the file ends as its format must: a truncated upload is refused.

    Checked on the bytes, not left to Pillow: Pillow's LOAD_TRUNCATED_IMAGES is process-wide, and
    WeasyPrint (the grab pack) switches it on when imported.
    """
    if data[:3] == b"\xff\xd8\xff":  # JPEG: the end-of-image marker, allowing a little trailing padding
        return data.rfind(b"\xff\xd9") >= max(len(data) - 4096, 2)
    if data[:8] == b"\x89PNG\r\n\x1a\n":  # PNG: the IEND chunk closes the file
        return b"IEND" in data[-16:]
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":  # WEBP: the RIFF length covers the file
        return int.from_bytes(data[4:8], "little") + 8 <= len(data)
    return True  # other types are refused later, by content
