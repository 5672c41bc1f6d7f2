"""Photographs made for tests with Pillow."""

import io
from datetime import datetime

from PIL import Image


def jpeg_bytes(size=(640, 480), *, taken: datetime | None = None, gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (120, 160, 200))
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[36867] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if gps:
        exif[34853] = {1: "N", 2: (51.0, 52.0, 44.0), 3: "W", 4: (0.0, 25.0, 1.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()
