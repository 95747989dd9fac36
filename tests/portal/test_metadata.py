"""Page metadata from base.html and portal/templatetags/metadata.py: canonical, description, social tags, JSON-LD."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage

from portal.models import Page, SiteSettings
from tests.factories import make_article, make_column, make_edition, make_image
from tests.html import tags

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
MARKUP = "Tea <\"'&> trade"
LANGUAGES = ["zh-hans", "en", "my"]


# Every public page's metadata is checked in the walk of tests/portal/test_sweep.py, with these readers.


def meta(html):
    """{name or property: content} of the page's <meta> tags (the last one wins)."""
    found = {}
    for attrs in tags(html, "meta"):
        key = attrs.get("property") or attrs.get("name")
        if key:
            found[key] = attrs.get("content")
    return found


def link(html, rel, **match):
    return [
        attrs
        for attrs in tags(html, "link")
        if attrs.get("rel") == rel and all(attrs.get(key) == value for key, value in match.items())
    ]


def breadcrumbs(html):
    blocks = [json.loads(text) for text in JSON_LD.findall(html)]
    return [block for block in blocks if block.get("@type") == "BreadcrumbList"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_social_image_is_a_1200_by_630_card_in_the_page_language(client, db, language, settings):
    html = client.get(f"/{language}/").content.decode()
    tags_ = meta(html)
    assert tags_["og:image"] == f"http://testserver/static/img/social-card-{language}.png"
    assert (tags_["og:image:width"], tags_["og:image:height"]) == ("1200", "630")
    path = settings.BASE_DIR / "static" / "img" / f"social-card-{language}.png"
    with PILImage.open(path) as card:
        assert card.size == (1200, 630)


def test_article_shares_its_cover(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cover = make_image(size=(300, 200), alt_text_en="Tea terraces")
    article = make_article(cover=cover)
    html = client.get(f"/en/news/{article.pk}/").content.decode()
    tags_ = meta(html)
    assert tags_["og:type"] == "article"
    # The 1200×630 social rendition of the cover, not the original file.
    assert tags_["og:image"].startswith("http://testserver/media/") and tags_["og:image"].endswith(".jpg")
    assert tags_["og:image"] != f"http://testserver{cover.file.url}"
    assert (tags_["og:image:width"], tags_["og:image:height"], tags_["og:image:alt"]) == ("1200", "630", "Tea terraces")
    card = tmp_path / tags_["og:image"].removeprefix("http://testserver/media/")
    with PILImage.open(card) as picture:
        assert picture.size == (1200, 630)


@pytest.mark.parametrize(
    ("name", "url", "feed"),
    [
        ("home", lambda: reverse("home"), "/en/feeds/latest"),
        ("column", lambda: reverse("news:column-detail", kwargs={"slug": "local"}), "/en/feeds/column/local"),
        ("edition", lambda: reverse("projects:edition-detail", kwargs={"slug": "open"}), "/en/feeds/matchmaking"),
        ("projects", lambda: reverse("projects:project-list"), "/en/feeds/projects"),
    ],
)
def test_pages_with_a_feed_advertise_it(client, db, name, url, feed):
    make_column(slug="local")
    make_edition(slug="open")
    with translation.override("en"):
        page = url()
    html = client.get(page).content.decode()
    rss = link(html, "alternate", type="application/rss+xml")
    atom = link(html, "alternate", type="application/atom+xml")
    assert rss[0]["href"] == f"http://testserver{feed}.rss"
    assert atom[0]["href"] == f"http://testserver{feed}.atom"
    assert rss[0]["title"].endswith("(RSS)") and atom[0]["title"].endswith("(Atom)")
    for advertised in (rss[0]["href"], atom[0]["href"]):
        assert client.get(advertised.removeprefix("http://testserver")).status_code == 200


def test_titles_and_descriptions_are_escaped_in_every_context(client, db):
    SiteSettings.objects.create(site_name_en=MARKUP, meta_description_en=f"About {MARKUP}")
    page = Page.objects.create(
        slug="tea", title_en=MARKUP, body_en="<p>Body</p>", is_ready_en=True, title_zh_hans="茶", body_zh_hans="正文"
    )
    html = client.get(f"/en/pages/{page.slug}/").content.decode()
    tags_ = meta(html)
    assert tags_["description"] == tags_["og:description"] == f"About {MARKUP}"
    assert tags_["og:site_name"] == MARKUP
    assert tags_["og:title"].startswith(MARKUP)
    assert MARKUP not in html  # never raw, whatever the context
    (trail,) = breadcrumbs(html)
    assert trail["itemListElement"][-1] == {
        "@type": "ListItem",
        "position": 2,
        "name": MARKUP,
        "item": f"http://testserver/en/pages/{page.slug}/",
    }
    for text in JSON_LD.findall(html):
        assert "<" not in text and ">" not in text and "&" not in text
