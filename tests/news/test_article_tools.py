"""The article page's tools as the server sends them: the QR code of the article's address, drawn by segno inside the
cached page, and the address printed with the article. The tools in a browser: tests/e2e/test_reading.py."""

import re

import pytest
import segno
from django.urls import reverse
from django.utils import translation

from tests.factories import make_article

pytestmark = pytest.mark.django_db

QR_SVG = re.compile(r'<svg role="img" width="(\d+)" height="(\d+)" (viewBox="[^"]+" class="qr-code">.*?</svg>)', re.S)
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

    found = QR_SVG.findall(html)
    assert len(found) == 1
    width, height, svg = found[0]
    expected = segno.make(canonical, error="m", micro=False)
    # segno writes the XML escape of the title; Django's of the same text differs only in the apostrophe.
    title_in_svg = title.replace("&#x27;", "'")
    assert "<svg " + svg == expected.svg_inline(
        border=4, light="#fff", title=title_in_svg, svgclass="qr-code", lineclass=None, omitsize=True
    )
    assert (int(width), int(height)) == expected.symbol_size(scale=4, border=4)
    assert f"<figcaption>{caption}</figcaption>" in html
    assert (
        f': <span lang="zxx" translate="no">{canonical}</span></p>'
        in html.split('class="print-only article-address">')[1]
    )


def test_article_qr_code_changes_with_the_address(client):
    """Each article and language gets its own code: the drawing depends on the URL, not on the template."""
    first, second = make_article(), make_article()
    drawings = {
        QR_SVG.search(client.get(article_path(article, language), **BROWSER).content.decode()).group(3)
        for article in (first, second)
        for language in ("zh-hans", "en")
    }
    assert len(drawings) == 4


def test_article_qr_code_is_inside_the_page_every_reader_gets(client, page_cache):
    """The page with its QR code is stored by the page cache (no cookie, no nonce) and served as is to the next
    reader, whose own reading choices stay in their browser."""
    article = make_article()
    path = article_path(article, "en")
    first = client.get(path, **BROWSER)
    assert first.get("X-Page-Cache") != "hit"
    assert first.cookies == {}
    second = client.get(path, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert QR_SVG.search(second.content.decode())
