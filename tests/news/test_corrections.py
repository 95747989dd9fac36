"""Corrections to published articles: readers see the live version until a chief editor publishes the change."""

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from tests.factories import make_article
from tests.news.conftest import change_url, get_form

pytestmark = pytest.mark.django_db
State = Article.State


def public_title(client, article, language="zh-hans"):
    import re

    html = client.get(f"/{language}/news/{article.pk}/").content.decode()
    return re.search(r"<h1>(.*?)</h1>", html).group(1)


def test_editing_a_published_article_changes_nothing_public_until_published(client, chief):
    article = make_article(title_zh_hans="原来的标题", body_zh_hans="<p>原来的正文</p>")
    updated_at = article.updated_at
    client.force_login(chief)
    data = {**get_form(client, article), "title_zh_hans": "更正后的标题", "body_zh_hans": "<p>更正后的正文</p>"}
    assert client.post(change_url(article), data).status_code == 302
    client.logout()
    assert public_title(client, article) == "原来的标题"
    article.refresh_from_db()
    assert article.updated_at == updated_at
    assert article.pending_changes == {"title_zh_hans": "更正后的标题", "body_zh_hans": "<p>更正后的正文</p>"}

    client.force_login(chief)
    page = client.get(change_url(article)).content.decode()
    # The form holds the waiting version; the panel compares it with the live one.
    assert 'value="更正后的标题"' in page
    assert "<dd><del>原来</del><ins>更正后</ins>的标题</dd>" in page
    preview = client.get(reverse("news:article-preview", kwargs={"pk": article.pk})).content.decode()
    assert "<h1>更正后的标题</h1>" in preview

    client.post(change_url(article), {**get_form(client, article), "_workflow": "publish_correction"})
    client.logout()
    assert public_title(client, article) == "更正后的标题"
    article.refresh_from_db()
    assert (article.pending_changes, article.state) == ({}, State.PUBLISHED)
    assert list(article.transitions.values_list("from_state", "to_state")) == [(State.PUBLISHED, State.PUBLISHED)]


def test_a_correction_note_is_shown_with_its_date_and_dates_the_feed_entry(client, chief):
    article = make_article(published_at=timezone.now() - timezone.timedelta(days=2))
    client.force_login(chief)
    data = {
        **get_form(client, article),
        "correction_note_zh_hans": "原文把签约项目数写错了，已改为382个。",
        "correction_note_en": "The number of signed projects was wrong; it is 382.",
        "_workflow": "publish_correction",
    }
    client.post(change_url(article), data)
    client.logout()
    article.refresh_from_db()
    assert article.corrected_at is not None
    html = client.get(f"/en/news/{article.pk}/").content.decode()
    assert "<strong>Correction</strong>" in html and "it is 382." in html
    assert "<strong>更正</strong>" in client.get(f"/zh-hans/news/{article.pk}/").content.decode()
    feed = feedparser.parse(client.get("/en/feeds/latest.atom").content)
    entry = next(entry for entry in feed.entries if entry.title == article.title_en)
    assert entry.updated_parsed[:5] == article.updated_at.utctimetuple()[:5]
    assert entry.updated_parsed > entry.published_parsed


def test_discarding_waiting_changes_keeps_the_live_text(client, chief):
    article = make_article(title_en="Live")
    client.force_login(chief)
    client.post(change_url(article), {**get_form(client, article), "title_en": "Waiting"})
    client.post(change_url(article), {**get_form(client, article), "_workflow": "discard_correction"})
    article.refresh_from_db()
    assert (article.title_en, article.pending_changes) == ("Live", {})
    assert 'value="Live"' in client.get(change_url(article)).content.decode()


def test_publishing_a_correction_is_refused_to_a_translator_even_by_forged_post(client, chief):
    from django.contrib.auth import get_user_model

    from news.roles import assign_role

    translator = get_user_model().objects.create_user(username="t", password="pw-for-tests-only", is_staff=True)
    assign_role(translator, "translator_en")
    article = make_article(title_en="Live")
    client.force_login(translator)
    data = {**get_form(client, article), "title_en": "Forged", "_workflow": "publish_correction"}
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert (article.title_en, article.pending_changes) == ("Live", {"title_en": "Forged"})
    assert public_title(client, article, "en") == "Live"
