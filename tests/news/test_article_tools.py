"""The article page's tools as the server sends them: the QR code of the article's address, drawn by segno as an
image the page links, and the address printed with the article. The tools in a browser: tests/e2e/test_reading.py."""

import re

import pytest
import segno
from django.urls import reverse
from django.utils import translation

from tests.factories import make_article

pytestmark = pytest.mark.django_db

QR_IMG = re.compile(r'<img class="qr-code" src="([^"]+)" width="164" height="164" alt="([^"]+)" loading="lazy">')
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}


def article_path(article, language):
    with translation.override(language):
        return reverse("news:article-detail", kwargs={"pk": article.pk})


@pytest.mark.parametrize(
    ("language", "title", "caption"),
    [
        ("zh-hans", "本文地址的二维码", "用微信扫一扫，在手机上阅读本文。"),
        ("en", "QR code of this article&#x27;s address", "Scan with WeChat to read this article on a phone."),
        ("my", "ဤဆောင်းပါး၏ လိပ်စာ QR ကုဒ်", "ဖုန်းဖြင့် ဤဆောင်းပါးကို ဖတ်ရန် WeChat ဖြင့် စကင်ဖတ်ပါ။"),
    ],
)
def test_article_qr_code_is_segnos_drawing_of_the_canonical_url(client, language, title, caption):
    article = make_article()
    path = article_path(article, language)
    html = client.get(path, **BROWSER).content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert canonical == f"http://testserver{path}"

    found = QR_IMG.findall(html)
    assert len(found) == 1
    source, alt = found[0]
    assert alt == title
    image = client.get(source, **BROWSER)
    assert image["Content-Type"] == "image/svg+xml"
    expected = segno.make(canonical, error="m", micro=False)
    drawing = expected.svg_inline(border=4, light="#fff", svgclass=None, lineclass=None, omitsize=True)
    assert image.content.decode() == drawing.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    assert f"<figcaption>{caption}</figcaption>" in html
    assert (
        f': <span lang="zxx" translate="no">{canonical}</span></p>'
        in html.split('class="print-only article-address">')[1]
    )


def test_article_qr_code_changes_with_the_address(client):
    """Each article and language gets its own code: the drawing depends on the URL, not on the template."""
    first, second = make_article(), make_article()
    drawings = set()
    for article in (first, second):
        for language in ("zh-hans", "en"):
            page = client.get(article_path(article, language), **BROWSER).content.decode()
            drawings.add(client.get(QR_IMG.search(page).group(1), **BROWSER).content)
    assert len(drawings) == 4


def test_article_qr_code_of_an_article_that_is_not_public_is_not_found(client):
    """The image must not confirm that a draft exists, nor draw its address."""
    from news.models import Article

    article = make_article(state=Article.State.DRAFT)
    with translation.override("en"):
        path = reverse("news:article-qr", kwargs={"pk": article.pk})
    assert client.get(path, **BROWSER).status_code == 404


def test_article_qr_code_is_inside_the_page_every_reader_gets(client, page_cache):
    """The page with its QR code image is stored by the page cache (no cookie, no nonce) and served as is to the next
    reader, whose own reading choices stay in their browser."""
    article = make_article()
    path = article_path(article, "en")
    client.get(path, **BROWSER)  # an article is written to the page cache when read again
    first = client.get(path, **BROWSER)
    assert first.get("X-Page-Cache") == "miss"
    assert first.cookies == {}
    second = client.get(path, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert QR_IMG.search(second.content.decode())
