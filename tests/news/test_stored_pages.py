"""Stored article pages (news/pages.py, portal/stored_pages.py) as readers, editors and the deploy see them.

A page is rendered on its first read (or when its article is saved) and stored as an ArticlePage row; later reads
serve the row with the shell's markers filled in. These tests read pages through real URLs and change content the
way editors do (saves, services, the admin), then check what the next reader gets: never a stale or private page,
and no rendering when nothing the page shows changed.
"""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from io import StringIO

import pytest
import segno
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from news import services
from news.models import HEADLINES_SLUG, SPECIAL_TOPIC_SLUG, Article, ArticlePage, ArticleViews
from news.qr_codes import qr_code_svg
from portal.templatetags.portal import header_date
from tests.factories import make_article, make_column, make_image, make_project, make_session
from tests.news.conftest import change_url, get_form

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}
ORIGIN = "http://testserver"
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')
QR_IMG = re.compile(r'<img class="qr-code" src="([^"]+)"')


def path_of(article, language="en"):
    with translation.override(language):
        return reverse("news:article-detail", kwargs={"pk": article.pk})


def read(client, article, language="en", **extra):
    """A reader's GET of the article page; the response, with its HTML decoded as `.html`."""
    response = client.get(path_of(article, language), **{**BROWSER, **extra})
    response.html = response.content.decode()
    return response


def stored(article, language="en", origin=ORIGIN):
    return ArticlePage.objects.filter(article=article, language=language, origin=origin).first()


def h1(html):
    return re.search(r"<h1>(.*?)</h1>", html).group(1)


# 1. First read stores, second serves: one query whatever the number of articles.


@pytest.fixture
def articles(request):
    """`count` articles over four columns, with a cover and related articles each (as in test_queries.py)."""
    count = request.param
    cover = make_image(alt_text_en="A drawing")
    columns = [make_column(slug=HEADLINES_SLUG), make_column(slug=SPECIAL_TOPIC_SLUG), make_column(), make_column()]
    rows = [
        make_article(column=columns[index % len(columns)], cover=cover, title_en=f"Yunnan {index}")
        for index in range(count)
    ]
    for row in rows:
        row.related_articles.set(rows[:5])
    return rows


# The cold read: the stored page (none), the article, its links (previous, next, related ids, their rows), sessions,
# projects, the chrome (3), the next scheduled publication, the page's INSERT.
COLD_QUERIES = 13


@pytest.mark.parametrize("articles", [1, 3, 30], indirect=True)
def test_first_read_stores_the_page_and_the_second_serves_it_in_one_query(client, django_assert_num_queries, articles):
    article = articles[-1]
    assert not ArticlePage.objects.exists()
    with django_assert_num_queries(COLD_QUERIES):
        cold = read(client, article)
    assert cold.status_code == 200
    page = stored(article)
    assert page is not None
    assert ArticlePage.objects.count() == 1  # only the language and origin read
    assert h1(page.html) == article.title_en

    # Warm: the stored row with the article's view count, one query; the chrome and counts come from the cache.
    with django_assert_num_queries(1):
        warm = read(client, article)
    assert warm.status_code == 200
    # The same page, except the view count: the first read was counted.
    assert "Views: 0<" in cold.html
    assert warm.html == cold.html.replace("Views: 0<", "Views: 1<", 1)
    assert stored(article).rendered_at == page.rendered_at


# 2. The markers are filled when the page is served.


@pytest.mark.parametrize("language", ["zh-hans", "en", "my"])
def test_served_page_has_its_markers_filled(client, language):
    article = make_article()
    for response in (read(client, article, language), read(client, article, language)):
        assert response.status_code == 200
        assert "<!--portal:" not in response.html
        assert "portal:date" not in response.html  # nor an escaped marker shown to readers as text
        with translation.override(language):
            today = header_date()
        assert f'<span class="today">{today}</span>' in response.html
        # The masthead and footer are in (the stored row holds only their markers).
        assert 'class="site-nav"' in response.html
        assert "<footer" in response.html
    assert "<!--portal:date-->" in stored(article, language).html


@pytest.mark.parametrize(("language", "shown"), [("en", "1234"), ("my", "၁၂၃၄")])
def test_view_count_changes_without_rendering_again(client, language, shown):
    article = make_article()
    # Stored by a first read that is not counted (no User-Agent: not a reader), so the number below is exact.
    assert client.get(path_of(article, language)).status_code == 200
    rendered_at = stored(article, language).rendered_at
    ArticleViews.objects.create(article=article, count=1234)
    html = read(client, article, language).html
    assert re.search(rf":\s*{shown}</span>", html), "the row's view count is shown"
    assert stored(article, language).rendered_at == rendered_at


def test_navigation_shows_a_renamed_column_without_rendering_the_page_again(client):
    article = make_article()
    navigation_column = make_column(name_en="Border trade", is_in_navigation=True)
    html = read(client, article).html
    assert ">Border trade</a>" in html
    rendered_at = stored(article).rendered_at

    navigation_column.name_en = "Trade across the border"
    navigation_column.save()
    html = read(client, article).html
    assert ">Trade across the border</a>" in html
    assert ">Border trade</a>" not in html
    # Not the article's column: the stored page stays, only the masthead filled in changes.
    assert stored(article).rendered_at == rendered_at


# 3. Refreshed when anything it shows changes.


def test_saving_the_article_renders_its_pages_again_at_once(client, django_capture_on_commit_callbacks):
    article = make_article(title_en="Old title", body_en="<p>Old body</p>")
    read(client, article)
    read(client, make_article())  # the site has other stored pages too
    old = stored(article)
    article.title_en, article.body_en = "New title", "<p>New body</p>"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    # Rendered after the commit, for the origins pages were stored for, in every public language: no reader waits.
    page = stored(article)
    assert page is not None and page.rendered_at > old.rendered_at
    assert pages_of(article) == {(code, ORIGIN) for code in ("zh-hans", "en", "my")}
    html = read(client, article).html
    assert h1(html) == "New title"
    assert "<p>New body</p>" in html
    assert "Old body" not in html


def test_saving_the_only_stored_article_renders_its_pages_again(client, django_capture_on_commit_callbacks):
    """The origins to render for are those pages were stored for, this article's own included (a new site, or a
    host only this article was read at)."""
    article = make_article(title_en="Old title")
    read(client, article)
    article.title_en = "New title"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    page = stored(article)
    assert page is not None, "the article's own origin was forgotten with its pages"
    assert h1(page.html) == "New title"


def test_cover_alt_text_change_is_shown(client):
    cover = make_image(alt_text_en="Tea fields", alt_text_my="လက်ဖက်ခင်း")
    article = make_article(cover=cover)
    assert 'alt="Tea fields"' in read(client, article).html
    assert 'alt="လက်ဖက်ခင်း"' in read(client, article, "my").html
    cover.alt_text_en = "Tea fields in Pu'er"
    cover.save()
    assert 'alt="Tea fields in Pu&#x27;er"' in read(client, article).html
    assert 'alt="လက်ဖက်ခင်း"' in read(client, article, "my").html


def test_cover_of_a_related_card_is_shown_as_it_is_now(client):
    cover = make_image(alt_text_en="Border gate")
    related = make_article(cover=cover)
    article = make_article()
    article.related_articles.add(related)
    assert 'alt="Border gate"' in read(client, article).html
    cover.alt_text_en = "The Ruili border gate"
    cover.save()
    assert 'alt="The Ruili border gate"' in read(client, article).html


def test_column_rename_is_shown_in_the_breadcrumb(client):
    column = make_column(name_en="Local news")
    article = make_article(column=column)
    assert '">Local news</a>' in breadcrumb(read(client, article).html)
    column.name_en = "Yunnan news"
    column.save()
    assert '">Yunnan news</a>' in breadcrumb(read(client, article).html)


def breadcrumb(html):
    return re.search(r'<nav[^>]*class="breadcrumb.*?</nav>', html, re.S).group(0)


def test_related_article_changes_are_shown(client):
    article, related = make_article(), make_article(title_en="Rubber prices")
    article.related_articles.add(related)
    assert ">Rubber prices</a>" in read(client, article).html
    related.title_en = "Rubber prices rise"
    related.save()
    assert ">Rubber prices rise</a>" in read(client, article).html

    # Symmetrical: the related article's page lists this one, and both forget the link when it goes.
    assert f">{article.title_en}</a>" in read(client, related).html
    article.related_articles.remove(related)
    assert "Rubber prices rise" not in read(client, article).html
    assert f">{article.title_en}</a>" not in read(client, related).html


def test_an_unpublished_related_article_is_no_longer_listed(client, chief):
    article, related = make_article(), make_article(title_en="Rubber prices")
    article.related_articles.add(related)
    assert ">Rubber prices</a>" in read(client, article).html
    services.article_unpublish(article=related, user=chief)
    assert "Rubber prices" not in read(client, article).html


def test_a_newly_published_article_becomes_the_neighbour(client, chief):
    column = make_column()
    older = make_article(column=column, title_en="Older story", published_at=timezone.now() - timedelta(days=2))
    html = read(client, older).html
    assert "article-neighbours" not in html

    newer = make_article(column=column, title_en="Newer story", state=Article.State.IN_REVIEW, published_at=None)
    assert "Newer story" not in read(client, older).html  # a draft is nobody's neighbour
    services.article_publish(article=newer, user=chief)
    html = read(client, older).html
    assert re.search(rf'Next: <a rel="next" href="{path_of(newer)}">Newer story</a>', html)
    assert re.search(rf'Previous: <a rel="prev" href="{path_of(older)}">Older story</a>', read(client, newer).html)


def test_a_neighbour_renamed_or_moved_away_is_shown_as_it_is_now(client):
    column, other_column = make_column(), make_column()
    older = make_article(column=column, published_at=timezone.now() - timedelta(days=2))
    newer = make_article(column=column, title_en="Tea harvest")
    there = make_article(column=other_column, published_at=timezone.now() - timedelta(days=3))
    assert ">Tea harvest</a>" in read(client, older).html
    assert "article-neighbours" not in read(client, there).html

    newer.title_en = "Tea harvest begins"
    newer.save()
    assert ">Tea harvest begins</a>" in read(client, older).html

    # Moved: the pages where it was and where it is now both change.
    newer.column = other_column
    newer.save()
    assert "Tea harvest begins" not in read(client, older).html
    assert ">Tea harvest begins</a>" in read(client, there).html


def test_a_published_correction_is_shown_with_its_note(client, chief):
    article = make_article(title_en="Trade reached 3 billion")
    assert h1(read(client, article).html) == "Trade reached 3 billion"

    client.force_login(chief)
    data = {**get_form(client, article), "title_en": "Trade reached 4 billion"}
    assert client.post(change_url(article), data).status_code == 302
    client.logout()
    # Held: readers still get the live version.
    html = read(client, article).html
    assert h1(html) == "Trade reached 3 billion"
    assert 'class="correction"' not in html

    client.force_login(chief)
    data = {
        **get_form(client, article),
        "correction_note_en": "The total was 4 billion, not 3.",
        "_workflow": "publish_correction",
    }
    assert client.post(change_url(article), data).status_code == 302
    client.logout()
    html = read(client, article).html
    assert h1(html) == "Trade reached 4 billion"
    assert re.search(r'<p class="correction" role="note">.*The total was 4 billion, not 3\.</p>', html)


def test_unpublishing_answers_404_at_once(client, chief):
    article = make_article()
    read(client, article)
    read(client, article, "my")
    services.article_unpublish(article=article, user=chief)
    assert read(client, article).status_code == 404
    assert read(client, article, "my").status_code == 404
    assert not ArticlePage.objects.filter(article=article).exists()


def test_site_settings_change_is_shown(client):
    from portal.models import SiteSettings

    article = make_article()
    settings_row = SiteSettings.objects.create(site_name_en="Yunnan Portal")
    assert f"<title>{article.title_en} · Yunnan Portal</title>" in read(client, article).html
    settings_row.site_name_en = "Yunnan–Myanmar Portal"
    settings_row.save()
    assert f"<title>{article.title_en} · Yunnan–Myanmar Portal</title>" in read(client, article).html


# The programme under an article (projects app): its blocks are part of the stored page.


def test_linked_session_title_change_is_shown(client):
    article = make_article()
    session = make_session(articles=[article], title_en="Opening ceremony")
    assert ">Opening ceremony</a>" in read(client, article).html
    session.title_en = "Opening ceremony and signing"
    session.save()
    assert ">Opening ceremony and signing</a>" in read(client, article).html


def test_session_linked_after_the_page_was_stored_is_shown(client):
    article = make_article()
    read(client, article)
    session = make_session(title_en="Investment forum")
    session.articles.add(article)
    assert ">Investment forum</a>" in read(client, article).html


def test_linked_signed_project_name_change_is_shown(client):
    article = make_article()
    project = make_project(name_en="Lincang tea park")
    project.articles.add(article)
    assert ">Lincang tea park</a>" in read(client, article).html
    project.name_en = "Lincang tea and coffee park"
    project.save()
    assert ">Lincang tea and coffee park</a>" in read(client, article).html


def test_session_of_an_unpublished_edition_is_no_longer_shown(client):
    article = make_article()
    session = make_session(articles=[article], title_en="Opening ceremony")
    assert ">Opening ceremony</a>" in read(client, article).html
    edition = session.edition
    edition.is_published = False
    edition.save()
    assert "Opening ceremony" not in read(client, article).html


def test_session_deleted_or_unlinked_is_no_longer_shown(client):
    article = make_article()
    kept = make_session(articles=[article], title_en="Investment forum")
    deleted = make_session(articles=[article], title_en="Tea fair")
    html = read(client, article).html
    assert ">Investment forum</a>" in html and ">Tea fair</a>" in html
    deleted.delete()
    html = read(client, article).html
    assert "Tea fair" not in html and ">Investment forum</a>" in html
    article.sessions.remove(kept)  # from the article's side
    assert "Investment forum" not in read(client, article).html


# 4. Never leaks, never stale.


def test_unpublished_without_signals_answers_404(client):
    article = make_article()
    read(client, article)
    Article.objects.filter(pk=article.pk).update(state=Article.State.UNPUBLISHED)
    assert stored(article) is not None  # the row stays: whether the article is public is checked at each read
    assert read(client, article).status_code == 404


def test_unavailable_language_without_signals_answers_404(client):
    article = make_article()
    read(client, article, "my")
    # is_available_my is a generated column: it follows the readiness flag.
    Article.objects.filter(pk=article.pk).update(is_ready_my=False)
    assert read(client, article, "my").status_code == 404
    assert read(client, article, "en").status_code == 200


def test_expired_page_is_rendered_again(client):
    article = make_article()
    read(client, article)
    long_ago = timezone.now() - timedelta(days=1)
    ArticlePage.objects.update(html="<p>stale copy</p>", rendered_at=long_ago, expires_at=timezone.now())
    response = read(client, article)
    assert "stale copy" not in response.html
    assert h1(response.html) == article.title_en
    page = stored(article)
    assert page.rendered_at > long_ago
    assert page.expires_at is None  # nothing scheduled


def test_page_of_another_release_is_rendered_again(client):
    article = make_article()
    read(client, article)
    long_ago = timezone.now() - timedelta(days=1)
    ArticlePage.objects.update(release="old", html="<p>old release</p>", rendered_at=long_ago)
    response = read(client, article)
    assert "old release" not in response.html
    assert h1(response.html) == article.title_en
    page = stored(article)
    assert page.rendered_at > long_ago and page.release != "old"


def test_page_stored_for_one_origin_is_not_served_to_another(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "example.org"]
    article = make_article()
    html = read(client, article).html
    assert CANONICAL.search(html).group(1) == f"http://testserver{path_of(article)}"

    html = read(client, article, HTTP_HOST="example.org").html
    assert CANONICAL.search(html).group(1) == f"http://example.org{path_of(article)}"
    assert "testserver" not in html
    assert set(ArticlePage.objects.values_list("origin", flat=True)) == {ORIGIN, "http://example.org"}


# 5. Scheduled articles.


def test_page_expires_when_a_scheduled_neighbour_goes_public(client, chief):
    column = make_column()
    article = make_article(column=column, published_at=timezone.now() - timedelta(days=1))
    read(client, article)
    assert stored(article).expires_at is None

    due = timezone.now() + timedelta(hours=1)
    scheduled = make_article(
        column=column, title_en="Scheduled story", state=Article.State.IN_REVIEW, published_at=None
    )
    services.article_publish(article=scheduled, user=chief, published_at=due)
    html = read(client, article).html
    assert "Scheduled story" not in html  # not public yet
    assert read(client, scheduled).status_code == 404
    expires_at = stored(article).expires_at
    assert expires_at is not None
    # The page stops being served when the scheduled article goes public (never later; within the second before).
    assert due - timedelta(seconds=1) < expires_at <= due

    # Time passes (the row as the clock would leave it): the page is rendered again with its new neighbour.
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    ArticlePage.objects.filter(article=article).update(expires_at=timezone.now())
    assert ">Scheduled story</a>" in read(client, article).html


# 6. The render_article_pages command.


def render_pages(*args):
    out = StringIO()
    call_command("render_article_pages", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def pages_of(article):
    return set(ArticlePage.objects.filter(article=article).values_list("language", "origin"))


def test_command_renders_every_public_page_for_each_origin(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "www.example.org", "example.org"]
    everywhere = make_article()
    no_burmese = make_article(title_my="", body_my="", is_ready_my=False)
    draft = make_article(state=Article.State.DRAFT)
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=1))
    origins = ("https://www.example.org", "http://example.org:8000")
    output = render_pages("--origin", origins[0], "--origin", origins[1] + "/")
    assert "Rendered the pages of 2 articles." in output
    assert pages_of(everywhere) == {(code, origin) for code in ("zh-hans", "en", "my") for origin in origins}
    assert pages_of(no_burmese) == {(code, origin) for code in ("zh-hans", "en") for origin in origins}
    assert pages_of(draft) == pages_of(scheduled) == set()
    page = ArticlePage.objects.get(article=everywhere, language="my", origin=origins[1])
    assert f'<link rel="canonical" href="{origins[1]}{path_of(everywhere, "my")}">' in page.html
    assert h1(page.html) == everywhere.title_my


def test_command_pages_are_served(client):
    article = make_article()
    render_pages("--origin", ORIGIN)
    rendered_at = stored(article).rendered_at
    assert h1(read(client, article).html) == article.title_en
    assert stored(article).rendered_at == rendered_at


def test_command_ids_from_limits_it(tmp_path):
    wanted, other = make_article(), make_article()
    listed = tmp_path / "ids.txt"
    listed.write_text(f"{wanted.pk}\n\n")
    render_pages("--origin", ORIGIN, "--ids-from", str(listed))
    assert len(pages_of(wanted)) == 3
    assert pages_of(other) == set()


def test_command_again_renders_nothing_new_unless_all():
    article = make_article()
    render_pages("--origin", ORIGIN)
    first = dict(ArticlePage.objects.values_list("language", "rendered_at"))
    assert len(first) == 3
    render_pages("--origin", ORIGIN)
    assert dict(ArticlePage.objects.values_list("language", "rendered_at")) == first
    render_pages("--origin", ORIGIN, "--all")
    again = dict(ArticlePage.objects.values_list("language", "rendered_at"))
    assert all(again[code] > first[code] for code in first)
    assert pages_of(article) == {(code, ORIGIN) for code in ("zh-hans", "en", "my")}


def test_command_renders_the_languages_a_reader_did_not_read(client):
    """A reader stored the English page: the command still renders the Chinese and Burmese ones."""
    article = make_article()
    read(client, article, "en")
    render_pages("--origin", ORIGIN)
    assert pages_of(article) == {(code, ORIGIN) for code in ("zh-hans", "en", "my")}


def test_command_renders_an_origin_added_later(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "www.example.org"]
    article = make_article()
    render_pages("--origin", ORIGIN)
    render_pages("--origin", ORIGIN, "--origin", "https://www.example.org")
    origins = (ORIGIN, "https://www.example.org")
    assert pages_of(article) == {(code, origin) for code in ("zh-hans", "en", "my") for origin in origins}


def test_command_renders_pages_of_an_older_release_again():
    article = make_article()
    render_pages("--origin", ORIGIN)
    ArticlePage.objects.update(release="old")
    render_pages("--origin", ORIGIN)
    assert set(ArticlePage.objects.filter(article=article).values_list("release", flat=True)) != {"old"}


@pytest.mark.parametrize("origin", ["example.org", "https://example.org/news", "ftp://example.org"])
def test_command_refuses_a_bad_origin(origin):
    make_article()
    with pytest.raises(CommandError, match="An origin is a scheme and a host, such as https://www.example.org"):
        render_pages("--origin", origin)
    assert not ArticlePage.objects.exists()


def test_command_refuses_a_host_the_site_does_not_serve(settings):
    """An origin whose host is not in ALLOWED_HOSTS would store pages no reader gets: said before rendering, not as
    a DisallowedHost traceback from inside the templates."""
    settings.ALLOWED_HOSTS = ["testserver"]
    make_article()
    with pytest.raises(CommandError, match="www.example.org"):
        render_pages("--origin", "https://www.example.org")
    assert not ArticlePage.objects.exists()


def test_command_refuses_an_unreadable_ids_file(tmp_path):
    make_article()
    with pytest.raises(CommandError, match="Could not read article ids from .*missing.txt"):
        render_pages("--origin", ORIGIN, "--ids-from", str(tmp_path / "missing.txt"))
    garbled = tmp_path / "garbled.txt"
    garbled.write_text("12\nnot-a-number\n")
    with pytest.raises(CommandError, match="Could not read article ids from"):
        render_pages("--origin", ORIGIN, "--ids-from", str(garbled))
    assert not ArticlePage.objects.exists()


# 7. The QR code image.


def test_qr_code_image_is_the_drawing_of_the_canonical_url(client):
    article = make_article()
    html = read(client, article).html
    canonical = CANONICAL.search(html).group(1)
    assert canonical == f"http://testserver{path_of(article)}"
    sources = QR_IMG.findall(html)
    assert sources == [f"/en/news/{article.pk}/qr.svg"]

    response = client.get(sources[0], **BROWSER)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.decode() == qr_code_svg(canonical)
    # segno's symbol for the URL: the drawing's square is its size (border 4, one unit per module).
    code = segno.make(canonical, error="m", micro=False)
    svg = ET.fromstring(response.content)  # noqa: S314 -- our own response
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    side = code.symbol_size(scale=1, border=4)[0]
    assert svg.get("viewBox") == f"0 0 {side} {side}"
    assert "max-age=86400" in response["Cache-Control"]


def test_qr_code_differs_with_the_address(client):
    first, second = make_article(), make_article()
    drawings = {
        client.get(QR_IMG.search(read(client, article, language).html).group(1), **BROWSER).content
        for article in (first, second)
        for language in ("zh-hans", "en")
    }
    assert len(drawings) == 4


def test_qr_code_of_an_article_that_is_not_public_is_404(client):
    draft = make_article(state=Article.State.DRAFT)
    hidden = make_article()
    Article.objects.filter(pk=hidden.pk).update(state=Article.State.UNPUBLISHED)
    for article in (draft, hidden):
        with translation.override("en"):
            url = reverse("news:article-qr", kwargs={"pk": article.pk})
        assert client.get(url, **BROWSER).status_code == 404


# 8. The page cache keeps an article only when it is read again.


def test_page_cache_stores_an_article_on_its_second_read(client, page_cache):
    article = make_article()
    first = read(client, article)
    assert first.status_code == 200 and "X-Page-Cache" not in first
    second = read(client, article)
    assert second["X-Page-Cache"] == "miss"
    third = read(client, article)
    assert third["X-Page-Cache"] == "hit"
    assert h1(third.html) == article.title_en
    assert third.content == second.content


def test_page_cache_stores_the_home_page_on_its_first_read(client, page_cache):
    make_article()
    with translation.override("en"):
        home = reverse("home")
    assert client.get(home, **BROWSER)["X-Page-Cache"] == "miss"
    assert client.get(home, **BROWSER)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("language", ["zh-hans", "en", "my"])
def test_the_stored_page_query_has_the_same_public_rule_as_published(language):
    """`ArticlePage.objects.servable` is raw SQL for speed: it must serve exactly the articles `published()` lists."""
    now = timezone.now()
    cases = [
        make_article(),
        make_article(state=Article.State.DRAFT),
        make_article(state=Article.State.IN_REVIEW),
        make_article(state=Article.State.UNPUBLISHED),
        make_article(published_at=now + timedelta(hours=1)),
        make_article(published_at=now - timedelta(seconds=1)),
        make_article(is_ready_my=False),
        make_article(is_ready_en=False, title_en=""),
    ]
    for article in cases:
        ArticlePage.objects.create(
            article=article, language=language, origin=ORIGIN, release="r1", html=f"page {article.pk}", rendered_at=now
        )
    public = set(Article.objects.published(language).values_list("pk", flat=True))
    served = {
        article.pk for article in cases if ArticlePage.objects.servable(article.pk, language, ORIGIN, "r1") is not None
    }
    assert served == public
    assert len(public) >= 2 and len(public) < len(cases)
    # Another release, origin or language is never served.
    assert ArticlePage.objects.servable(cases[0].pk, language, ORIGIN, "r2") is None
    assert ArticlePage.objects.servable(cases[0].pk, language, "https://elsewhere.example", "r1") is None
    assert ArticlePage.objects.servable(cases[0].pk, "xx", ORIGIN, "r1") is None
