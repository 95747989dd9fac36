import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from tests.html import tags

CATALOGS = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("zh-SG", "/zh-hans/"),
        ("my-MM,my;q=0.8", "/my/"),
        ("en-GB", "/en/"),
        ("fr-FR", "/zh-hans/"),
        ("", "/zh-hans/"),
    ],
)
def test_root_redirects_by_accept_language(client, db, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_unknown_language_prefix_is_404(client, db):
    assert client.get("/fr/").status_code == 404
    assert client.get("/zh-tw/news/1/").status_code == 404


@pytest.mark.parametrize(("language", "tag"), [("zh-hans", "zh-Hans"), ("en", "en"), ("my", "my")])
def test_html_lang_is_bcp47(client, demo, language, tag):
    html = client.get(f"/{language}/").content.decode()
    assert tags(html, "html")[0]["lang"] == tag


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "2024年05月20日 星期一"), ("en", "Monday, 20 May 2024"), ("my", "တနင်္လာနေ့၊ ၂၀ မေ ၂၀၂၄")],
)
def test_header_date_reads_like_each_language(language, expected):
    monday = datetime(2024, 5, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with translation.override(language):
        assert Template("{% header_date when %}").render(Context({"when": monday})) == expected


def test_header_date_uses_shanghai_time_zone():
    # 17:00 UTC on Sunday is already Monday in Shanghai.
    sunday_evening_utc = datetime(2024, 5, 19, 17, 0, tzinfo=ZoneInfo("UTC"))
    with translation.override("zh-hans"):
        assert (
            Template("{% header_date when %}").render(Context({"when": sunday_evening_utc})) == "2024年05月20日 星期一"
        )


def test_burmese_page_shows_burmese_month_in_header(client, demo):
    html = client.get("/my/").content.decode()
    burmese_months = [
        "ဇန်နဝါရီ",
        "ဖေဖော်ဝါရီ",
        "မတ်",
        "ဧပြီ",
        "မေ",
        "ဇွန်",
        "ဇူလိုင်",
        "ဩဂုတ်",
        "စက်တင်ဘာ",
        "အောက်တိုဘာ",
        "နိုဝင်ဘာ",
        "ဒီဇင်ဘာ",
    ]
    assert any(f" {month} " in html for month in burmese_months)


def test_zh_hans_date_input_formats_parse():
    from django import forms

    with translation.override("zh-hans"):
        field = forms.DateField()
        assert field.clean("2023年09月03日").isoformat() == "2023-09-03"
        assert field.clean("2023/09/03").isoformat() == "2023-09-03"


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-3])
def test_every_msgid_is_translated(catalog):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalog)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_three_catalogs_exist():
    assert [path.parts[-3] for path in CATALOGS] == ["en", "my", "zh_Hans"]


def test_language_switcher_keeps_the_reader_on_the_same_page(client, demo):
    html = client.get("/en/pages/about/").content.decode()
    links = {link["data-language"]: link["href"] for link in tags(html, "a") if "data-language" in link}
    assert links == {"zh-hans": "/zh-hans/pages/about/", "my": "/my/pages/about/"}


def test_language_switcher_leads_to_home_where_the_page_does_not_exist(client, demo):
    from portal.models import Page

    Page.objects.filter(slug="about").update(is_ready_my=False)
    assert client.get("/my/pages/about/").status_code == 404
    html = client.get("/en/pages/about/").content.decode()
    links = {link["data-language"]: link["href"] for link in tags(html, "a") if "data-language" in link}
    assert links["my"] == "/my/"
    hreflangs = {link["hreflang"] for link in tags(html, "link") if "hreflang" in link}
    assert hreflangs == {"zh-Hans", "en", "x-default"}
