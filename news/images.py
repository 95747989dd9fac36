"""Checks and clean-up for uploaded pictures: real type, size, pixel count, no metadata."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def validate_upload(upload):
    """The upload re-encoded without EXIF/GPS, or a ValidationError saying what is wrong.

    The type is read from the bytes, never from the name or the browser's claim.
    Pillow's decompression-bomb limit stays on: an image over it is refused.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large: at most %(megabytes)d MB."), params={"megabytes": MAX_UPLOAD_BYTES // 2**20}
        )
    upload.seek(0)
    try:
        with PILImage.open(upload) as probe:
            image_format = probe.format
            probe.verify()
        upload.seek(0)
        image = PILImage.open(upload)
        image.load()
    except PILImage.DecompressionBombError as error:
        raise ValidationError(_("The image has too many pixels.")) from error
    except Exception as error:
        raise ValidationError(_("This file is not a picture we can read.")) from error
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("Only JPEG, PNG, WebP and GIF pictures are accepted."))
    return strip_metadata(image, image_format, upload.name)


def strip_metadata(image, image_format, name):
    """A new file with the pixels only: EXIF (camera, GPS) and other metadata are dropped."""
    if image_format == "GIF":
        # Re-saving keeps the animation frames; GIF carries no EXIF block.
        out = BytesIO()
        image.save(out, format="GIF", save_all=getattr(image, "is_animated", False))
    else:
        # Turn the picture upright before the orientation tag goes with the rest of EXIF.
        upright = ImageOps.exif_transpose(image)
        clean = upright.copy()
        clean.info = {}
        out = BytesIO()
        options = {"quality": 90} if image_format in {"JPEG", "WEBP"} else {}
        clean.save(out, format=image_format, **options)
    size = out.tell()
    out.seek(0)
    return InMemoryUploadedFile(out, "file", name, ALLOWED_FORMATS[image_format], size, None)
