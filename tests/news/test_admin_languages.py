"""The admin in Burmese and in English shows no Chinese: a string missing from a catalog falls back to English."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from news.models import Article
from tests.factories import make_article, make_column
from tests.html import HAN
from tests.news.conftest import change_url, get_form

pytestmark = pytest.mark.django_db


def editor_pages(client, article, column):
    version = Version.objects.get_for_object(article).first()
    return [
        reverse("admin:index"),
        reverse("admin:news_article_changelist"),
        reverse("admin:news_article_add"),
        change_url(article),
        reverse("admin:news_article_history", args=[article.pk]),
        reverse("admin:news_article_revision", args=[article.pk, version.pk]),
        reverse("admin:news_column_changelist"),
        reverse("admin:news_image_changelist"),
        reverse("admin:news_image_add"),
        reverse("admin:password_change"),
    ]


@pytest.mark.parametrize("language", ["my", "en"])
def test_no_han_on_any_admin_page_an_editor_uses(client, chief, language):
    column = make_column(name_zh_hans="", name_en="Local news", name_my="ဒေသသတင်း")
    article = make_article(column=column, title_zh_hans="", body_zh_hans="", is_ready_zh_hans=False)
    client.force_login(chief)
    client.post(change_url(article), {**get_form(client, article), "title_en": "Second English title"})
    pages = editor_pages(client, article, column)
    client.logout()
    found = {}
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE=language)
    found["login"] = sorted(set(HAN.findall(response.content.decode())))
    client.force_login(chief)
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        html = re.sub(r"<script\b.*?</script>", "", response.content.decode(), flags=re.S)
        found[url] = sorted(set(HAN.findall(html)))
    assert {url: chars for url, chars in found.items() if chars} == {}
    assert Article.objects.count() == 1


def test_burmese_admin_speaks_burmese_where_it_is_translated(client, chief):
    client.force_login(chief)
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="my").content.decode()
    assert "ဆောင်းပါး" in html  # "article", from the portal's own catalog


def test_burmese_admin_chrome_is_burmese_not_english_or_chinese(client, chief):
    client.force_login(chief)
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="my").content.decode()
    for words in ["ဝက်ဘ်ဆိုက်ကို ကြည့်ရန်", "မကြာသေးမီက လုပ်ဆောင်ချက်များ", "ကျွန်ုပ်၏ လုပ်ဆောင်ချက်များ"]:
        assert words in html
    assert "View site" not in html and "Recent actions" not in html
