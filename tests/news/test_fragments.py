"""Rendered fragments kept per content change (`{% public_fragment %}`): fast pages that are never stale or leaky.

The page cache is off in these tests, so every response below is rendered by the view, from its fragments.
"""

import re
import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from news.models import HEADLINES_SLUG, Article
from tests.factories import make_article, make_column

pytestmark = pytest.mark.django_db


@pytest.fixture
def headlines():
    return make_column(slug=HEADLINES_SLUG)


def test_an_edit_shows_at_once_on_home_and_article_pages(client, headlines):
    article = make_article(column=headlines, title_zh_hans="初版标题", body_zh_hans="<p>初版正文</p>")
    assert "初版标题" in client.get("/zh-hans/").content.decode()
    assert "初版正文" in client.get(article.get_absolute_url()).content.decode()
    article.title_zh_hans = "改后标题"
    article.body_zh_hans = "<p>改后正文</p>"
    article.save()
    home = client.get("/zh-hans/").content.decode()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "改后标题" in home and "初版标题" not in home
    assert "改后正文" in page and "初版正文" not in page


def test_unpublishing_removes_the_article_from_every_fragment(client, headlines):
    kept = make_article(column=headlines, title_zh_hans="保留稿件")
    withdrawn = make_article(column=headlines, title_zh_hans="撤下稿件")
    kept.related_articles.add(withdrawn)
    assert "撤下稿件" in client.get("/zh-hans/").content.decode()
    assert "撤下稿件" in client.get(kept.get_absolute_url()).content.decode()
    withdrawn.state = Article.State.UNPUBLISHED
    withdrawn.save()
    assert "撤下稿件" not in client.get("/zh-hans/").content.decode()
    assert "撤下稿件" not in client.get(kept.get_absolute_url()).content.decode()


def test_a_preview_neither_reads_nor_writes_public_fragments(client, editor, headlines):
    article = make_article(column=headlines, body_zh_hans="<p>公开正文</p>")
    assert "公开正文" in client.get(article.get_absolute_url()).content.decode()
    # A change that reaches the database without the signals that start a new generation (a raw update):
    # the public page keeps its rendered body, the preview must show the row as it is.
    Article.objects.filter(pk=article.pk).update(body_zh_hans="<p>编辑中的正文</p>")
    editor_client = client.__class__()
    editor_client.force_login(editor)
    preview = editor_client.get(
        reverse("news:article-preview", kwargs={"pk": article.pk}).replace("/en/", "/zh-hans/")
    ).content.decode()
    assert "编辑中的正文" in preview and "公开正文" not in preview
    # And what the preview rendered was not kept for readers.
    Article.objects.filter(pk=article.pk).update(body_zh_hans="<p>公开正文</p>")
    assert "编辑中的正文" not in client.get(article.get_absolute_url()).content.decode()


def test_a_draft_previewed_by_an_editor_never_reaches_readers(client, editor, headlines):
    draft = make_article(column=headlines, title_zh_hans="金丝雀草稿", state=Article.State.DRAFT)
    editor_client = client.__class__()
    editor_client.force_login(editor)
    for url in ["/zh-hans/", reverse("news:article-preview", kwargs={"pk": draft.pk}).replace("/en/", "/zh-hans/")]:
        editor_client.get(url)
    assert "金丝雀草稿" not in client.get("/zh-hans/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_fragments_are_kept_per_host(client, settings, headlines):
    # The article's head carries absolute URLs: one host's rendering must never be served to another.
    settings.ALLOWED_HOSTS = ["news.example.org", "www.news.example.org"]
    article = make_article(column=headlines)
    first = client.get(article.get_absolute_url(), HTTP_HOST="news.example.org").content.decode()
    second = client.get(article.get_absolute_url(), HTTP_HOST="www.news.example.org").content.decode()
    assert '"url": "http://news.example.org/' in first
    assert '"url": "http://www.news.example.org/' in second


def test_fragments_are_kept_per_language(client, headlines):
    make_article(column=headlines, title_zh_hans="中文标题", title_en="English title", title_my="မြန်မာ ခေါင်းစဉ်")
    assert "中文标题" in client.get("/zh-hans/").content.decode()
    english = client.get("/en/").content.decode()
    burmese = client.get("/my/").content.decode()
    assert "English title" in english and "中文标题" not in english
    assert "မြန်မာ ခေါင်းစဉ်" in burmese and "English title" not in burmese


def test_a_scheduled_article_appears_on_time_though_fragments_are_kept(client, headlines):
    make_article(column=headlines, title_zh_hans="现有稿件")
    make_article(column=headlines, title_zh_hans="定时稿件", published_at=timezone.now() + timedelta(seconds=2))
    assert "定时稿件" not in client.get("/zh-hans/").content.decode()
    time.sleep(2.5)
    assert "定时稿件" in client.get("/zh-hans/").content.decode()


def test_query_strings_and_unknown_paths_never_add_fragments(client, headlines):
    # Fragment keys come from content, never from what a request makes up: nobody can fill the cache.
    from django.core.cache.backends.locmem import LocMemCache

    backend = caches["default"]
    if not isinstance(backend, LocMemCache):
        pytest.skip("counts the local-memory cache's entries")
    article = make_article(column=headlines)
    client.get(article.get_absolute_url())
    client.get("/zh-hans/search/?q=云南")
    client.get("/zh-hans/news/999999/")
    entries = len(backend._cache)
    for number in range(5):
        client.get(f"{article.get_absolute_url()}?utm_source=share-{number}")
        client.get(f"/zh-hans/search/?q=云南{number}")
        assert client.get(f"/zh-hans/news/{999990 + number}/").status_code == 404
        assert client.get(f"/zh-hans/no-such-page-{number}/").status_code == 404
    assert len(backend._cache) == entries


def test_column_pages_keep_their_own_head(client, headlines):
    for _number in range(25):
        make_article(column=headlines)
    first = client.get(f"/zh-hans/news/column/{HEADLINES_SLUG}/").content.decode()
    second = client.get(f"/zh-hans/news/column/{HEADLINES_SLUG}/?page=2").content.decode()
    title = re.compile(r"<title>(.*?)</title>")
    assert title.search(first).group(1) != title.search(second).group(1)
    assert title.search(client.get(f"/zh-hans/news/column/{HEADLINES_SLUG}/?page=2").content.decode()).group(
        1
    ) == title.search(second).group(1)


def test_a_deploy_renders_the_kept_fragments_again_without_any_content_change(client, headlines, monkeypatch, settings):
    """A deploy changes templates and static file names, not the content generation: what is kept per generation
    carries the release, or the new code would serve the old release's head and footer until the next edit."""
    make_article(column=headlines)
    before = client.get("/zh-hans/").content.decode()
    assert 'href="/static/css/portal' in before
    settings.STATIC_URL = "/assets/"
    assert 'href="/static/css/portal' in client.get("/zh-hans/").content.decode()  # the kept head, as before
    monkeypatch.setattr("portal.stored_pages.release", lambda: "the-next-release")
    monkeypatch.setattr("portal.templatetags.portal.release", lambda: "the-next-release")
    after = client.get("/zh-hans/").content.decode()
    assert 'href="/assets/css/portal' in after
    assert "/static/" not in after
