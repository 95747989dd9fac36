"""Public news pages: what readers see, what they never see, and how many queries it costs."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from news.models import HEADLINES_SLUG, Article
from news.view_counts import flush_view_counts
from tests.factories import make_article, make_column, views_of
from tests.html import han_outside_chinese_elements, tags, views_shown

pytestmark = pytest.mark.django_db

State = Article.State
LANGUAGES = ["zh-hans", "en", "my"]
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_article_page_shows_source_meta_line_in_chinese(client):
    article = make_article(
        title_zh_hans="云南新闻",
        source_zh_hans="澜湄趴",
        view_count=925,
        published_at=timezone.make_aware(timezone.datetime(2023, 9, 11, 15, 10)),
    )
    html = client.get(url_in("zh-hans", "news:article-detail", pk=article.pk), **BROWSER).content.decode()
    assert "发布时间: <time" in html and "2023-09-11 15:10" in html
    assert "新闻来源: 澜湄趴" in html
    assert "浏览量: 925" in html
    assert tags(html, "h1") == [{}]


def test_article_page_breadcrumb_is_home_column_title(client):
    column = make_column(name_zh_hans="缅语专栏")
    article = make_article(column=column, title_zh_hans="标题一")
    html = client.get(url_in("zh-hans", "news:article-detail", pk=article.pk)).content.decode()
    start = html.index('class="breadcrumb')
    crumbs = html[start : html.index("</nav>", start)]
    assert crumbs.index("首页") < crumbs.index("缅语专栏") < crumbs.index("标题一")


def test_article_page_has_open_graph_and_news_article_json_ld(client):
    import json

    article = make_article(title_en="Kunming opens", summary_en="A short summary.")
    html = client.get(url_in("en", "news:article-detail", pk=article.pk)).content.decode()
    og = {meta["property"]: meta["content"] for meta in tags(html, "meta") if "property" in meta}
    assert og["og:type"] == "article" and og["og:title"] == "Kunming opens"
    assert og["og:url"].endswith(f"/en/news/{article.pk}/")
    blocks = html.split('<script type="application/ld+json">')[1:]
    [data] = [
        item for item in (json.loads(block.split("</script>")[0]) for block in blocks) if item["@type"] == "NewsArticle"
    ]
    assert (data["headline"], data["inLanguage"]) == ("Kunming opens", "en")


def test_article_json_ld_cannot_break_out_of_script(client):
    article = make_article(title_en="</script><script>alert(1)</script>")
    html = client.get(url_in("en", "news:article-detail", pk=article.pk)).content.decode()
    assert "<script>alert(1)" not in html


def test_article_page_previous_and_next_in_column(client):
    column = make_column()
    now = timezone.now()
    older = make_article(column=column, title_en="Older", published_at=now - timedelta(days=3))
    middle = make_article(column=column, title_en="Middle", published_at=now - timedelta(days=2))
    newer = make_article(column=column, title_en="Newer", published_at=now - timedelta(days=1))
    make_article(title_en="Other column", published_at=now - timedelta(days=2, hours=1))
    # Neither a draft nor an article missing in English is anyone's neighbour.
    make_article(
        column=column, title_en="Draft between", published_at=now - timedelta(days=2, hours=12), state=State.DRAFT
    )
    make_article(column=column, title_en="", is_ready_en=False, published_at=now - timedelta(days=1, hours=12))
    html = client.get(url_in("en", "news:article-detail", pk=middle.pk)).content.decode()
    assert f'<a rel="prev" href="{url_in("en", "news:article-detail", pk=older.pk)}">Older</a>' in html
    assert f'<a rel="next" href="{url_in("en", "news:article-detail", pk=newer.pk)}">Newer</a>' in html
    assert "Other column" not in html


def test_article_page_related_only_public_ones(client):
    article = make_article()
    public = make_article(title_en="Public relative")
    draft = make_article(title_en="Draft relative", state=State.DRAFT)
    article.related_articles.set([public, draft])
    html = client.get(url_in("en", "news:article-detail", pk=article.pk)).content.decode()
    assert "Public relative" in html and "Draft relative" not in html


@pytest.mark.parametrize("page", ["abc", "999", "-1", "0", "1.5", "%00"])
def test_column_bad_page_gives_clean_404(client, page):
    column = make_column()
    make_article(column=column)
    response = client.get(url_in("en", "news:column-detail", slug=column.slug), {"page": page})
    assert response.status_code == 404


def test_column_lists_20_per_page(client):
    column = make_column()
    for _ in range(21):
        make_article(column=column)
    first = client.get(url_in("en", "news:column-detail", slug=column.slug))
    second = client.get(url_in("en", "news:column-detail", slug=column.slug), {"page": "2"})
    assert (first.content.decode().count('<li class="card">'), second.content.decode().count('<li class="card">')) == (
        20,
        1,
    )


def test_column_card_shows_date_column_and_excerpt(client):
    column = make_column(name_en="Economy")
    make_article(column=column, title_en="Tea prices", body_en="<p>Tea prices rose in Lincang this spring.</p>")
    make_article(column=column, title_en="Coffee", summary_en="A short summary.", body_en="<p>Long body.</p>")
    html = client.get(url_in("en", "news:column-detail", slug=column.slug)).content.decode()
    excerpts = re.findall(
        r'<span class="card-column">Economy</span><p class="card-excerpt" data-content>(.*?)</p>', html
    )
    # The summary when there is one, else the start of the plain-text body.
    assert excerpts == ["Tea prices rose in Lincang this spring.", "A short summary."]
    assert len(re.findall(r'<time datetime="[0-9-]+T', html)) == 2


def test_home_shows_headlines_special_topic_columns_and_most_read(client):
    headlines = make_column(slug=HEADLINES_SLUG, name_en="Headlines")
    topic = make_column(slug="matchmaking", name_en="Matchmaking")
    local = make_column(slug="local", name_en="Local")
    make_article(column=headlines, title_en="Top story")
    make_article(column=topic, title_en="Topic story")
    make_article(column=local, title_en="Local story", view_count=500)
    html = client.get(url_in("en", "home")).content.decode()
    sections = {
        name: re.search(rf'<section class="home-{name}">(.*?)</section>', html, re.S).group(1)
        for name in ("headlines", "special-topic", "column", "most-read")
    }
    assert "Top story" in sections["headlines"] and "Topic story" not in sections["headlines"]
    assert "Topic story" in sections["special-topic"] and ">Matchmaking</a>" in sections["special-topic"]
    assert ">Local</a>" in sections["column"] and "Local story" in sections["column"]
    assert "Top story" not in sections["column"] and "Topic story" not in sections["column"]
    assert re.search(r'<ol class="most-read"><li><a [^>]*>Local story</a>', sections["most-read"])


def test_home_most_read_only_in_readers_language(client):
    make_article(title_en="Popular but not in Burmese", view_count=9999, is_ready_my=False)
    make_article(title_en="Quiet", view_count=1)
    with translation.override("my"):
        most_read = client.get(reverse("home")).context["most_read"]
        assert [a.title_en for a in most_read] == ["Quiet"]


def test_home_most_read_ranks_by_views_newest_first_among_equals_and_leaves_out_articles_never_read(client):
    now = timezone.now()
    make_article(title_en="Older", view_count=7, published_at=now - timedelta(hours=3))
    make_article(title_en="Newer", view_count=7, published_at=now - timedelta(hours=2))
    make_article(title_en="Top", view_count=8, published_at=now - timedelta(hours=4))
    make_article(title_en="Never read", published_at=now - timedelta(hours=1))
    with translation.override("en"):
        most_read = client.get(reverse("home")).context["most_read"]
    assert [article.title_en for article in most_read] == ["Top", "Newer", "Older"]


# The leak matrix: every article that must not show, on every public page, in every language.


@pytest.fixture
def leak_matrix(db):
    column = make_column(slug="leaks")
    public = make_article(column=column, title_zh_hans="公开云南稿", title_en="Public Yunnan", title_my="ယူနန် ထုတ်ပြန်")
    hidden = {
        "draft": make_article(
            column=column, state=State.DRAFT, title_zh_hans="草稿云南稿", title_en="Draft Yunnan", title_my="ယူနန် မူကြမ်း"
        ),
        "in_review": make_article(
            column=column,
            state=State.IN_REVIEW,
            title_zh_hans="审核云南稿",
            title_en="Review Yunnan",
            title_my="ယူနန် စစ်ဆေး",
        ),
        "scheduled": make_article(
            column=column,
            published_at=timezone.now() + timedelta(hours=1),
            title_zh_hans="定时云南稿",
            title_en="Scheduled Yunnan",
            title_my="ယူနန် အချိန်ဇယား",
        ),
        "unpublished": make_article(
            column=column,
            state=State.UNPUBLISHED,
            title_zh_hans="撤稿云南稿",
            title_en="Withdrawn Yunnan",
            title_my="ယူနန် ရုပ်သိမ်း",
        ),
    }
    no_burmese = make_article(
        column=column,
        is_ready_my=False,
        title_zh_hans="无缅文云南稿",
        title_en="No Burmese Yunnan",
        title_my="ယူနန် မပြီးသေး",
    )
    return column, public, hidden, no_burmese


def public_pages(language, column):
    query = {"zh-hans": "云南", "en": "Yunnan", "my": "ယူနန်"}[language]
    return [
        url_in(language, "home"),
        url_in(language, "news:column-detail", slug=column.slug),
        url_in(language, "search") + f"?q={query}",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_hidden_articles_absent_everywhere(client, leak_matrix, language):
    column, public, hidden, no_burmese = leak_matrix
    title_field = f"title_{language.replace('-', '_')}"
    for url in public_pages(language, column):
        # Search highlights split titles with <mark>; compare the text.
        html = strip_tags(client.get(url).content.decode())
        assert getattr(public, title_field) in html, url
        for state, article in hidden.items():
            assert getattr(article, title_field) not in html, (url, state)
        assert (getattr(no_burmese, title_field) in html) == (language != "my"), url
    for article in hidden.values():
        assert client.get(url_in(language, "news:article-detail", pk=article.pk)).status_code == 404
    expected = 404 if language == "my" else 200
    assert client.get(url_in(language, "news:article-detail", pk=no_burmese.pk)).status_code == expected


def test_scheduled_article_appears_when_its_time_comes(client):
    article = make_article(published_at=timezone.now() + timedelta(seconds=1), title_en="Soon")
    url = url_in("en", "news:article-detail", pk=article.pk)
    assert client.get(url).status_code == 404
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(url).status_code == 200


def test_language_switcher_offers_only_ready_languages(client):
    article = make_article(is_ready_my=False)
    html = client.get(url_in("en", "news:article-detail", pk=article.pk)).content.decode()
    hreflangs = {link["hreflang"] for link in tags(html, "link") if "hreflang" in link}
    assert hreflangs == {"zh-Hans", "en", "x-default"}


def test_burmese_article_page_has_no_chinese(client):
    article = make_article(source_zh_hans="澜湄趴", source_my="လန်မေ့ပါ", author_zh_hans="记者")
    html = client.get(url_in("my", "news:article-detail", pk=article.pk)).content.decode()
    assert han_outside_chinese_elements(html) == []


# Preview


def test_preview_for_editor_in_any_language_never_cached(client, editor):
    article = make_article(state=State.DRAFT, is_ready_my=False, title_my="မူကြမ်း ခေါင်းစဉ်")
    client.force_login(editor)
    response = client.get(url_in("my", "news:article-preview", pk=article.pk))
    assert response.status_code == 200
    assert "မူကြမ်း ခေါင်းစဉ်" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize("state", [State.DRAFT, State.IN_REVIEW, State.UNPUBLISHED, State.PUBLISHED])
@pytest.mark.parametrize("language", LANGUAGES)
def test_preview_without_publish_time_works_in_every_state_and_language(client, chief, state, language):
    column = make_column()
    make_article(column=column)  # a public neighbour in the same column
    article = make_article(
        column=column, state=state, published_at=None, title_zh_hans="草稿标题", title_en="", title_my="မူကြမ်း"
    )
    client.force_login(chief)
    response = client.get(url_in(language, "news:article-preview", pk=article.pk))
    assert response.status_code == 200
    html = response.content.decode()
    banner = re.search(r'<p class="notice preview-notice"[^>]*>(.*?)</p>', html, re.S).group(1)
    with translation.override(language):
        assert f"“{article.get_state_display()}”" in strip_tags(banner)
    assert re.search(r"<h1>(.*?)</h1>", html).group(1) == {"zh-hans": "草稿标题", "en": "", "my": "မူကြမ်း"}[language]
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert 'rel="prev"' not in html and 'rel="next"' not in html


def test_preview_of_untranslated_language_says_so(client, chief):
    article = make_article(state=State.DRAFT, published_at=None, title_en="", body_en="", is_ready_en=False)
    client.force_login(chief)
    html = client.get(url_in("en", "news:article-preview", pk=article.pk)).content.decode()
    assert "It has no title in this language yet." in html
    assert "not yet published" in html


@pytest.mark.parametrize("who", ["anonymous", "staff_without_permission"])
def test_preview_hidden_from_others(client, django_user_model, who):
    article = make_article(state=State.DRAFT, title_en="Secret draft")
    if who != "anonymous":
        client.force_login(django_user_model.objects.create_user("staff", is_staff=True))
    response = client.get(url_in("en", "news:article-preview", pk=article.pk))
    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()


# View counting


def test_view_counting_is_buffered_and_flushed(client):
    article = make_article(view_count=10)
    url = url_in("en", "news:article-detail", pk=article.pk)
    for _ in range(3):
        client.get(url, **BROWSER)
    assert views_of(article) == 10
    assert views_shown(client.get(url, **BROWSER)) == 13
    call_command("flush_view_counts", stdout=open("/dev/null", "w"))
    assert views_of(article) == 14
    assert flush_view_counts() == 0


def test_a_flush_changes_no_article_and_no_cached_page(client):
    """Counts are not content: writing them leaves the article's row, its revisions and the content generation."""
    from portal.cache import current_generation

    article = make_article()
    url = url_in("en", "news:article-detail", pk=article.pk)
    client.get(url, **BROWSER)
    before, generation = Article.objects.get(pk=article.pk), current_generation()
    assert flush_view_counts() == 1
    after = Article.objects.get(pk=article.pk)
    assert (after.version, after.updated_at) == (before.version, before.updated_at)
    assert current_generation() == generation
    assert views_of(article) == 1


def test_the_shown_count_never_drops_when_the_buffer_is_written(client):
    article = make_article(view_count=10)
    url = url_in("en", "news:article-detail", pk=article.pk)
    for _ in range(3):
        client.get(url, **BROWSER)
    assert views_shown(client.get(url, **BROWSER)) == 13
    # The row behind the page is kept in the cache from before the flush; the count must still include what it wrote.
    flush_view_counts()
    assert views_of(article) == 14
    assert views_shown(client.get(url, **BROWSER)) == 14
    assert views_shown(client.get(url, **BROWSER)) == 15


def test_buffer_is_written_by_first_view_after_a_minute(client):
    from django.core.cache import cache

    from news.view_counts import FLUSH_LOCK_KEY

    article = make_article(view_count=0)
    url = url_in("en", "news:article-detail", pk=article.pk)
    client.get(url, **BROWSER)
    client.get(url, **BROWSER)
    assert views_of(article) == 0
    cache.delete(FLUSH_LOCK_KEY)  # as if the minute had passed
    client.get(url, **BROWSER)
    assert views_of(article) == 2
    # Two written, one buffered; the view being rendered is counted after it renders.
    assert views_shown(client.get(url, **BROWSER)) == 3


def test_view_counting_writes_nothing_to_database_per_view(client, django_assert_num_queries):
    article = make_article()
    url = url_in("en", "news:article-detail", pk=article.pk)
    client.get(url, **BROWSER)
    # No write: one read, the stored page (news/pages.py); the view is counted in the cache.
    with django_assert_num_queries(1):
        client.get(url, **BROWSER)


@pytest.mark.parametrize(
    "agent", ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.0", "facebookexternalhit/1.1 preview", ""]
)
def test_bots_are_not_counted(client, agent):
    article = make_article(view_count=0)
    client.get(url_in("en", "news:article-detail", pk=article.pk), HTTP_USER_AGENT=agent)
    flush_view_counts()
    assert views_of(article) == 0


def test_preview_is_not_counted(client, editor):
    article = make_article(view_count=0)
    client.force_login(editor)
    client.get(url_in("en", "news:article-preview", pk=article.pk), **BROWSER)
    flush_view_counts()
    assert views_of(article) == 0


def test_article_page_links_published_programme_sessions_only(client):
    from datetime import date

    from projects.models import Edition, Session

    edition = Edition.objects.create(
        name_zh_hans="2023对接活动",
        name_en="2023 matchmaking",
        name_my="၂၀၂၃",
        slug="2023",
        starts_on=date(2023, 9, 3),
        ends_on=date(2023, 9, 5),
        is_published=True,
        is_ready_en=True,
        is_ready_my=True,
    )
    times = {"starts_at": timezone.now(), "ends_at": timezone.now() + timedelta(hours=2)}
    shown = Session.objects.create(
        edition=edition, kind="main", title_en="Opening ceremony", is_published=True, is_ready_en=True, **times
    )
    hidden = Session.objects.create(
        edition=edition, kind="special", title_en="Unpublished forum", is_ready_en=True, **times
    )
    article = make_article()
    shown.articles.add(article)
    hidden.articles.add(article)
    html = client.get(url_in("en", "news:article-detail", pk=article.pk)).content.decode()
    assert "Opening ceremony" in html and "Unpublished forum" not in html
