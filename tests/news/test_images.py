"""The image library: what an upload must be, what is kept of it, and how pages show it."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage

from news import images
from news.models import Image
from tests.factories import make_article
from tests.html import tags
from tests.news.test_queries import make_image

pytestmark = pytest.mark.django_db


def picture_bytes(image_format, size=(64, 48), exif=None):
    out = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    PILImage.new("RGB", size, (10, 120, 200)).save(out, format=image_format, **options)
    return out.getvalue()


def gps_exif():
    exif = PILImage.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (22.0, 30.0, 0.0)}  # GPS IFD: latitude
    return exif


def upload(admin_client, name, content, content_type="image/jpeg"):
    return admin_client.post(
        reverse("admin:news_image_add"),
        {
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "caption_zh_hans": "图",
            "credit": "测试",
        },
    )


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_upload_accepts_the_four_formats(admin_client, image_format):
    response = upload(admin_client, f"a.{image_format.lower()}", picture_bytes(image_format))
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (64, 48)


def test_upload_strips_exif_and_gps(admin_client):
    content = picture_bytes("JPEG", exif=gps_exif())
    assert b"SecretCam" in content
    assert upload(admin_client, "gps.jpg", content).status_code == 302
    stored = Image.objects.get()
    with stored.file.open("rb") as handle:
        data = handle.read()
    assert b"SecretCam" not in data and b"Exif" not in data
    assert dict(PILImage.open(BytesIO(data)).getexif()) == {}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.jpg", b"<html><script>alert(1)</script></html>"),
        ("fake.png", b"%PDF-1.4 not a picture"),
        ("image.bmp", picture_bytes("BMP")),
        ("image.tiff", picture_bytes("TIFF")),
    ],
)
def test_upload_refuses_other_real_types(admin_client, name, content):
    response = upload(admin_client, name, content)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
    assert not Image.objects.exists()


def test_upload_refuses_decompression_bomb(admin_client, monkeypatch):
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 1000)
    response = upload(admin_client, "bomb.png", picture_bytes("PNG", size=(200, 200)), "image/png")
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_upload_refuses_oversized_file(admin_client, monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 100)
    response = upload(admin_client, "big.png", picture_bytes("PNG"), "image/png")
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_article_page_serves_webp_with_jpeg_fallback(client):
    article = make_article(cover=make_image())
    with translation.override("en"):
        html = client.get(article.get_absolute_url()).content.decode()
    sources = tags(html, "source")
    assert sources[0]["type"] == "image/webp" and sources[0]["srcset"].split()[0].endswith(".webp")
    cover = next(img for img in tags(html, "img") if img.get("src", "").endswith(".jpg"))
    assert (cover["width"], cover["height"]) == ("960", "540")
    og = {meta["property"]: meta["content"] for meta in tags(html, "meta") if "property" in meta}
    assert og["og:image"].endswith(".jpg") and og["og:image:width"] == "1200"


def test_cards_are_lazy_loaded(client):
    cover = make_image()
    article = make_article(cover=cover)
    with translation.override("en"):
        html = client.get(article.column.get_absolute_url()).content.decode()
    card_images = [img for img in tags(html, "img") if img.get("src", "").endswith(".jpg")]
    assert card_images and all(img["loading"] == "lazy" for img in card_images)
    assert (card_images[0]["width"], card_images[0]["height"]) == ("480", "270")
