"""The crawler rate (portal/crawlers.py): a crawling client gets CRAWLER_REQUESTS_PER_SECOND per process with a burst
of twice that, then 429 with Retry-After and a message in the page's language, at the cost of no query.

Readers, clients without a name, feeds, sitemaps and robots.txt are never limited. Each test uses its own client
(a new middleware instance, so new buckets) and its own addresses, so that no test depends on another's requests.
"""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal import crawlers
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BAIDU = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
MESSAGE = "Too many requests from this crawler: please slow down and try again later."


@pytest.fixture(autouse=True)
def rate(settings):
    """The default rate, whatever DJANGO_CRAWLER_RATE the environment sets."""
    settings.CRAWLER_REQUESTS_PER_SECOND = 5
    return settings


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The middleware's clock, stopped: requests take real time, and at 5 per second a token comes back every 0.2 s,
    which would make counts depend on the machine's speed. Tests move it by hand. (Patched before the test's client
    builds its middleware.)"""
    clock = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(crawlers, "time", SimpleNamespace(monotonic=lambda: clock.now))
    return clock


@pytest.fixture
def article_path():
    article = make_article()

    def path(language="en"):
        with translation.override(language):
            return reverse("news:article-detail", kwargs={"pk": article.pk})

    return path


def get(client, path, address, agent=BAIDU, **extra):
    return client.get(path, REMOTE_ADDR=address, HTTP_USER_AGENT=agent, **extra)


def statuses(client, path, address, count, agent=BAIDU, **extra):
    return [get(client, path, address, agent, **extra).status_code for _ in range(count)]


def test_a_crawler_gets_its_burst_then_429(client, article_path):
    path = article_path()
    # Rate 5: a fresh client has a burst of 10 (the clock stands still, so no token comes back).
    assert statuses(client, path, "10.0.1.1", 10) == [200] * 10
    refused = get(client, path, "10.0.1.1")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused["Content-Type"] == "text/plain; charset=utf-8"
    assert refused.content.decode() == MESSAGE
    assert get(client, path, "10.0.1.1").status_code == 429


def test_another_address_is_not_affected(client, article_path):
    path = article_path()
    assert statuses(client, path, "10.0.2.1", 11)[-1] == 429
    assert statuses(client, path, "10.0.2.2", 10) == [200] * 10
    assert get(client, path, "10.0.2.1").status_code == 429


@pytest.mark.parametrize(
    ("language", "script"),
    [
        ("zh-hans", re.compile(r"[\u4e00-\u9fff]")),
        ("my", re.compile(r"[\u1000-\u109f]")),
    ],
)
def test_the_refusal_is_said_in_the_pages_language(client, article_path, language, script):
    path = article_path(language)
    address = f"10.0.3.{len(language)}"
    assert statuses(client, path, address, 10) == [200] * 10
    refused = get(client, path, address)
    assert refused.status_code == 429
    text = refused.content.decode()
    with translation.override(language):
        assert text == gettext(MESSAGE)
    # Translated, not the English message: in the language's own script.
    assert text != MESSAGE
    assert script.search(text), f"the 429 message is not translated into {language}: {text!r}"


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "curl/8.5.0",
        "python-requests/2.32.3",
    ],
)
def test_other_crawlers_and_tools_are_limited_too(client, settings, article_path, agent):
    settings.CRAWLER_REQUESTS_PER_SECOND = 1  # a burst of 2
    assert statuses(client, article_path(), "10.0.4.1", 3, agent) == [200, 200, 429]


def test_browsers_are_never_limited(client, article_path):
    path = article_path()
    assert statuses(client, path, "10.0.5.1", 50, BROWSER) == [200] * 50
    # Nor does a browser on the same address as a refused crawler share its bucket.
    assert statuses(client, path, "10.0.5.2", 11)[-1] == 429
    assert get(client, path, "10.0.5.2", BROWSER).status_code == 200


def test_clients_without_a_name_are_not_limited(client, article_path):
    path = article_path()
    assert [client.get(path, REMOTE_ADDR="10.0.6.1").status_code for _ in range(20)] == [200] * 20


@pytest.mark.parametrize("path", ["/en/feeds/latest.rss", "/zh-hans/feeds/latest.atom", "/sitemap.xml", "/robots.txt"])
def test_feeds_sitemaps_and_robots_are_never_limited(client, article_path, path):
    address = "10.0.7.1"
    assert statuses(client, path, address, 30) == [200] * 30
    # The same crawler is still limited on pages.
    assert statuses(client, article_path(), address, 11)[-1] == 429
    assert get(client, path, address).status_code == 200


def test_sitemap_sections_are_never_limited(client, article_path):
    index = get(client, "/sitemap.xml", "10.0.7.2").content.decode()
    section = re.search(r"<loc>http://testserver(/sitemap-[^<]+\.xml)</loc>", index).group(1)
    assert statuses(client, section, "10.0.7.2", 30) == [200] * 30


def test_rate_zero_turns_the_limit_off(client, settings, article_path):
    settings.CRAWLER_REQUESTS_PER_SECOND = 0
    assert statuses(client, article_path(), "10.0.8.1", 30) == [200] * 30


def test_a_fractional_rate_still_allows_one_request(client, settings, article_path):
    settings.CRAWLER_REQUESTS_PER_SECOND = 0.5  # a burst of 1
    assert statuses(client, article_path(), "10.0.8.2", 2) == [200, 429]


def test_a_rate_below_one_every_two_seconds_still_lets_a_crawler_through(client, settings, clock, article_path):
    """DJANGO_CRAWLER_RATE=0.2 means one request every five seconds (as robots.txt's Crawl-delay: 5), not none."""
    settings.CRAWLER_REQUESTS_PER_SECOND = 0.2
    path, address = article_path(), "10.0.8.3"
    assert statuses(client, path, address, 2) == [200, 429]
    clock.now += 5.01
    assert statuses(client, path, address, 2) == [200, 429]


def test_a_refused_request_runs_no_query(client, article_path, django_assert_num_queries):
    path = article_path()
    statuses(client, path, "10.0.9.1", 10)
    with django_assert_num_queries(0):
        assert get(client, path, "10.0.9.1").status_code == 429


def test_tokens_come_back_with_time(client, clock, article_path):
    path, address = article_path(), "10.0.10.1"
    assert statuses(client, path, address, 11) == [200] * 10 + [429]
    clock.now += 0.1  # half a token at 5 per second
    assert get(client, path, address).status_code == 429
    clock.now += 0.11  # a whole one
    assert statuses(client, path, address, 2) == [200, 429]
    clock.now += 30  # a long pause refills the burst, no more
    assert statuses(client, path, address, 11) == [200] * 10 + [429]


def test_a_crawler_cannot_escape_by_naming_other_addresses(client, settings, article_path):
    # Without a trusted proxy, X-Forwarded-For is whatever the client sent: the connection's address counts.
    settings.LOGIN_TRUSTED_PROXY_COUNT = 0
    path = article_path()
    results = [
        get(client, path, "10.0.11.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}").status_code for number in range(11)
    ]
    assert results == [200] * 10 + [429]


def test_behind_a_trusted_proxy_each_client_has_its_own_bucket(client, settings, article_path):
    settings.LOGIN_TRUSTED_PROXY_COUNT = 1
    path = article_path()
    assert statuses(client, path, "10.0.12.1", 11, HTTP_X_FORWARDED_FOR="192.0.2.1")[-1] == 429
    # Another client behind the same proxy.
    assert statuses(client, path, "10.0.12.1", 10, HTTP_X_FORWARDED_FOR="192.0.2.2") == [200] * 10
