"""Page-view counting without a database write per view.

Each view increments a counter in the cache. At most once a minute (per shared
cache) a view first writes the buffered counts to the database; the
`flush_view_counts` command does the same from cron, for quiet sites and for
processes whose local-memory cache nobody else can see. Nothing about the
reader is stored: only the article id and a number.
"""

import re

from django.core.cache import cache
from django.db.models import F

PENDING_KEY = "news:views:pending"
FLUSH_LOCK_KEY = "news:views:flushed-recently"
FLUSH_EVERY_SECONDS = 60
COUNT_KEY = "news:views:{pk}"
# Crawlers, link previewers and command-line clients announce themselves; they are not readers.
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|monitor|curl|wget|python-requests|httpx|headless|lighthouse",
    re.IGNORECASE,
)


def is_bot(request):
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(BOT_AGENTS.search(agent))


def record_view(request, article_id):
    if is_bot(request):
        return
    # Whoever takes the lock first writes the buffer; everyone else only touches the cache.
    if cache.add(FLUSH_LOCK_KEY, 1, timeout=FLUSH_EVERY_SECONDS):
        flush_view_counts()
    key = COUNT_KEY.format(pk=article_id)
    if not cache.add(key, 1, timeout=None):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=None)
    pending = cache.get(PENDING_KEY) or set()
    if article_id not in pending:
        cache.set(PENDING_KEY, pending | {article_id}, timeout=None)


def buffered_views(article_id):
    return cache.get(COUNT_KEY.format(pk=article_id)) or 0


def flush_view_counts():
    """Move buffered counts into Article.view_count; returns how many views were written."""
    from .models import Article

    pending = cache.get(PENDING_KEY) or set()
    cache.delete(PENDING_KEY)
    total = 0
    for article_id in pending:
        key = COUNT_KEY.format(pk=article_id)
        count = cache.get(key) or 0
        if not count:
            continue
        # Subtract what we write, so views counted meanwhile stay in the buffer.
        cache.decr(key, count)
        Article.objects.filter(pk=article_id).update(view_count=F("view_count") + count)
        total += count
    return total
