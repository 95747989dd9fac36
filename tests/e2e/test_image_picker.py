"""In a real browser: a picture from the library inserted into the Burmese body from its editor, with the library's
Burmese words, under the admin's strict CSP."""

import mimetypes

import pytest
from django.conf import settings
from PIL import Image as PILImage
from playwright.sync_api import expect

from news.models import Article, Image
from tests.e2e.test_editorial import browser, newsroom  # noqa: F401 -- fixtures
from tests.e2e.test_newsroom import english_admin, open_tab
from tests.factories import make_image

pytestmark = pytest.mark.e2e


def serve_media(route):
    # The live server serves static files only; the library's files come from the test's MEDIA_ROOT.
    path = settings.MEDIA_ROOT / route.request.url.split("/media/", 1)[1]
    if not path.is_file():
        route.fulfill(status=404)
        return
    route.fulfill(status=200, body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0])


def test_library_image_into_the_burmese_body(newsroom, browser, live_server):  # noqa: F811
    _users, column = newsroom
    make_image(name="market.png", alt_text_en="A market", caption_en="The market")
    image = make_image(
        name="bridge.png",
        alt_text_zh_hans="临沧大桥",
        alt_text_en="The Lincang bridge",
        alt_text_my="လင်ချန်း တံတား",
        caption_my="လင်ချန်းမြို့ တံတားသစ်",
    )
    page = english_admin(browser, live_server, "e2e-editor")
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: problems.append(response.url) if response.status >= 400 else None)
    page.route("**/media/**", serve_media)
    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.fill("#id_title_en", "The new bridge")
    page.select_option("#id_column", str(column.pk))
    open_tab(page, "body", "my")
    body = page.locator("#tab_id_body_my [contenteditable=true]")
    body.click()
    body.type("တံတားသစ် ဖွင့်လှစ်သည်။")

    page.locator("#tab_id_body_my .image-picker-open").click()
    dialog = page.locator("dialog.image-picker[open]")
    assert dialog.locator(".image-picker-title:visible").inner_text() == "An image for the Burmese text"
    expect(dialog.locator(".image-picker-item")).to_have_count(2)
    dialog.locator("input[name=q]").fill("တံတား")
    dialog.locator(".image-picker-search button").click()
    expect(dialog.locator(".image-picker-item")).to_have_count(1)
    dialog.locator(".image-picker-item").click()
    chosen = dialog.locator(".image-picker-chosen")
    # The library's Burmese words, editable before they go into this article.
    assert chosen.locator("input[name=alt]").input_value() == "လင်ချန်း တံတား"
    assert chosen.locator("input[name=caption]").input_value() == "လင်ချန်းမြို့ တံတားသစ်"
    chosen.locator("input[name=caption]").fill("လင်ချန်းမြို့ တံတားသစ် ဖွင့်ပွဲ")
    chosen.locator("button[type=submit]").click()
    assert page.locator("dialog.image-picker[open]").count() == 0
    assert body.locator("figure img").get_attribute("alt") == "လင်ချန်း တံတား"

    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")
    article = Article.objects.get()
    figure = (
        f'<figure><img src="/media/{image.file.name}" alt="လင်ချန်း တံတား">'
        "<figcaption>လင်ချန်းမြို့ တံတားသစ် ဖွင့်ပွဲ</figcaption></figure>"
    )
    assert figure in article.body_my
    assert "တံတားသစ် ဖွင့်လှစ်သည်။" in article.body_my
    assert (article.body_en or "", article.body_zh_hans or "") == ("", "")
    assert problems == []


def test_new_picture_uploaded_from_the_burmese_body(newsroom, browser, live_server, tmp_path):  # noqa: F811
    _users, column = newsroom
    bmp, png = tmp_path / "scan.bmp", tmp_path / "new bridge.png"
    PILImage.new("RGB", (64, 48), (10, 120, 200)).save(bmp, format="BMP")
    PILImage.new("RGB", (64, 48), (10, 120, 200)).save(png, format="PNG")
    page = english_admin(browser, live_server, "e2e-editor")
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.route("**/media/**", serve_media)
    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.fill("#id_title_en", "The new bridge")
    page.select_option("#id_column", str(column.pk))
    open_tab(page, "body", "my")
    page.locator("#tab_id_body_my .image-picker-open").click()
    dialog = page.locator("dialog.image-picker[open]")
    expect(dialog.locator(".image-picker-status")).to_have_text("No image in the library matches.")
    dialog.locator(".image-picker-upload summary").click()
    upload = dialog.locator(".image-picker-upload-form")
    upload.locator("input[name=file]").set_input_files(bmp)
    upload.locator("input[name=alt_text]").fill("လင်ချန်း တံတားသစ်")
    upload.locator("input[name=caption]").fill("တံတားသစ် ဖွင့်ပွဲ")
    upload.locator("button[type=submit]").click()
    expect(upload.locator('.image-picker-errors[data-field="file"]')).to_have_text(
        "Only JPEG, PNG, WebP and GIF pictures are accepted. "
    )
    assert not Image.objects.exists()

    upload.locator("input[name=file]").set_input_files(png)
    upload.locator("button[type=submit]").click()
    chosen = dialog.locator(".image-picker-chosen")
    expect(chosen.locator("input[name=alt]")).to_have_value("လင်ချန်း တံတားသစ်")
    image = Image.objects.get()
    assert (image.alt_text_my, image.caption_my, image.alt_text_en or "") == (
        "လင်ချန်း တံတားသစ်",
        "တံတားသစ် ဖွင့်ပွဲ",
        "",
    )
    chosen.locator("button[type=submit]").click()
    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")
    assert Article.objects.get().body_my == (
        f'<figure><img src="/media/{image.file.name}" alt="လင်ချန်း တံတားသစ်"><figcaption>တံတားသစ် ဖွင့်ပွဲ</figcaption></figure>'
    )
    # The refused upload answered 400 on purpose; nothing else failed, nothing broke the CSP.
    assert [problem for problem in problems if "400" not in problem] == []
