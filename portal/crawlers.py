"""Crawlers: who they are, and a rate per crawler that keeps them from crowding out readers.

Search-engine crawlers (Baiduspider above all) read the archive as fast as the site answers. Each worker process
gives every crawling client (address) CRAWLER_REQUESTS_PER_SECOND, with a burst of twice that; beyond it the crawler
gets 429 Too Many Requests with Retry-After, which the big crawlers read as "slow down", at the cost of no query and
no rendering. Readers, feeds, sitemaps and robots.txt are never limited here. The count is per process, without a
round trip: with N worker processes a crawler gets at most N times the rate (docs/performance.md).
"""

import re
import threading
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .login_throttle import client_address

# Crawlers, link previewers and command-line clients announce themselves; they are not readers.
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|monitor|curl|wget|python-requests|httpx|headless|lighthouse",
    re.IGNORECASE,
)
# What crawlers and feed readers must always get: feeds must never break, sitemaps and robots.txt guide crawling.
NEVER_LIMITED = re.compile(r"^/(robots\.txt|sitemap|healthz|readyz|static/)|/feeds/")
# Clients not seen for this long are forgotten, so the table stays small.
IDLE_SECONDS = 60


def user_agent(request):
    # From META: `request.headers` builds a dictionary of every header first, about 15 µs, on every request.
    return request.META.get("HTTP_USER_AGENT", "")


def is_bot(request):
    """Not a reader: a client that names itself a crawler or a tool, or no name at all (for view counts)."""
    agent = user_agent(request)
    return not agent or bool(BOT_AGENTS.search(agent))


def is_crawler(request):
    """A client that names itself a crawler or a tool (the rate below)."""
    return bool(BOT_AGENTS.search(user_agent(request)))


class CrawlerRateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.lock = threading.Lock()
        # client -> (tokens left, when counted)
        self.buckets = {}
        self.swept_at = time.monotonic()

    def __call__(self, request):
        rate = settings.CRAWLER_REQUESTS_PER_SECOND
        if rate and is_crawler(request) and not NEVER_LIMITED.search(request.path) and not self.allows(request, rate):
            response = HttpResponse(
                _("Too many requests from this crawler: please slow down and try again later."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "1"
            return response
        return self.get_response(request)

    def allows(self, request, rate):
        client = client_address(request) or ""
        now = time.monotonic()
        # At least one request: a rate below one every two seconds still lets a crawler through now and then.
        burst = max(2 * rate, 1)
        with self.lock:
            if now - self.swept_at > IDLE_SECONDS:
                self.buckets = {key: value for key, value in self.buckets.items() if now - value[1] < IDLE_SECONDS}
                self.swept_at = now
            tokens, counted_at = self.buckets.get(client, (burst, now))
            tokens = min(burst, tokens + (now - counted_at) * rate)
            if tokens < 1:
                self.buckets[client] = (tokens, now)
                return False
            self.buckets[client] = (tokens - 1, now)
            return True
