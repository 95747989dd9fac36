"""Page-view counts, buffered in the cache instead of a database write per view.

Each view adds one to a buffer in the cache. At most once a minute (per shared cache) a view first writes the
buffered counts to the database; the `flush_view_counts` command does the same from cron, for quiet sites and for
processes whose local-memory cache nobody else can see. Nothing about the reader is stored: only the article id and
a number.

With Redis (production) the buffer is one hash: a view costs one round trip (HINCRBY and the flush lock, pipelined),
which matters because pages served from the page cache count their views too; a flush takes the whole hash
atomically (HGETALL and DEL in one transaction), so concurrent flushes on several servers never write a view twice.
With the local-memory cache the buffer is a counter per article and a set of pending ids, through Django's cache API.

What can be lost (docs/caching.md): while Redis is unreachable each view is written straight to the database, so
none is lost; what the Redis buffer held when Redis stopped is lost only if Redis loses its data (a restart without
persistence): at most the views of one flush interval (FLUSH_EVERY_SECONDS). A flush that finds the database down
puts every count back into the buffer, and a reader's page does not fail for it.
"""

import logging

import redis
from django.core.cache import cache
from django.db import DatabaseError

from portal.cache import note_cache_failure, redis_client, shared_cache_answers
from portal.crawlers import is_bot

logger = logging.getLogger(__name__)

PENDING_KEY = "news:views:pending"
FLUSH_LOCK_KEY = "news:views:flushed-recently"
FLUSH_EVERY_SECONDS = 60
COUNT_KEY = "news:views:{pk}"
COUNTS_HASH_KEY = "news:views:counts"
# Each article's views as the last flush left them in the database, so that a page can show the current total
# from the cache while its row comes from the cache too.
TOTALS_HASH_KEY = "news:views:totals"
TOTAL_KEY = "news:views:total:{pk}"


def record_view(request, article_id):
    if is_bot(request):
        return
    client = redis_client()
    if client is not None:
        if shared_cache_answers():
            _count_in_redis(client, article_id)
        else:
            _write_unbuffered(article_id)
        return
    # Whoever takes the lock first writes the buffer; everyone else only touches the cache.
    if cache.add(FLUSH_LOCK_KEY, 1, timeout=FLUSH_EVERY_SECONDS):
        _flush_for_a_reader()
    key = COUNT_KEY.format(pk=article_id)
    if not cache.add(key, 1, timeout=None):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=None)
    pending = cache.get(PENDING_KEY) or set()
    if article_id not in pending:
        cache.set(PENDING_KEY, pending | {article_id}, timeout=None)


def _count_in_redis(client, article_id, with_total=False):
    """Adds the view to the Redis buffer and takes the flush lock if it is free, in one round trip, then writes the
    buffer if it took the lock. With `with_total`, the article's written total is read in the same round trip.

    Returns (written total or None, buffered views with this one), or None when Redis failed: the view was then
    written straight to the database."""
    try:
        pipeline = client.pipeline(transaction=False)
        if with_total:
            pipeline.hget(cache.make_key(TOTALS_HASH_KEY), article_id)
        pipeline.hincrby(cache.make_key(COUNTS_HASH_KEY), article_id, 1)
        pipeline.set(cache.make_key(FLUSH_LOCK_KEY), 1, nx=True, ex=FLUSH_EVERY_SECONDS)
        *total, buffered, took_lock = pipeline.execute()
    except redis.RedisError as error:
        note_cache_failure(error)
        _write_unbuffered(article_id)
        return None
    if took_lock:
        _flush_for_a_reader()
    return (total[0] if total else None), buffered


def _write_unbuffered(article_id):
    """Redis is unreachable: the view goes straight to the database rather than being lost."""
    try:
        _write_many({article_id: 1})
    except DatabaseError as error:
        logger.warning("View of article %s lost: neither the cache nor the database answers (%s).", article_id, error)


def _flush_for_a_reader():
    # A reader's page must not fail because the database is down: the counts went back into the buffer.
    try:
        flush_view_counts()
    except DatabaseError as error:
        logger.warning("View counts not written, kept for the next flush: %s", error)


def shown_views(article_id, view_count):
    """The views to show on an article's page: written and buffered, read from the cache in one round trip.

    `view_count` (the database's) may have been read before the last flush: the total the last flush wrote wins.
    """
    client = redis_client()
    if client is not None:
        if not shared_cache_answers():
            return view_count
        try:
            pipeline = client.pipeline(transaction=False)
            pipeline.hget(cache.make_key(TOTALS_HASH_KEY), article_id)
            pipeline.hget(cache.make_key(COUNTS_HASH_KEY), article_id)
            written, buffered = pipeline.execute()
        except redis.RedisError as error:
            note_cache_failure(error)
            return view_count
    else:
        keys = [TOTAL_KEY.format(pk=article_id), COUNT_KEY.format(pk=article_id)]
        written, buffered = (cache.get_many(keys).get(key) for key in keys)
    return _views(view_count, written, buffered)


def _views(view_count, written, buffered):
    """The total written (from the cache if it holds one, else the database's `view_count`) and the buffered views."""
    return (view_count if written is None else int(written)) + int(buffered or 0)


def record_and_show(request, article_id, view_count):
    """`shown_views` then `record_view`, for the page being served: with Redis in one round trip instead of two.

    The page shows the views before its own: it is counted once served, as a page from the page cache is.
    """
    client = redis_client()
    if client is None or is_bot(request) or not shared_cache_answers():
        shown = shown_views(article_id, view_count)
        record_view(request, article_id)
        return shown
    counted = _count_in_redis(client, article_id, with_total=True)
    if counted is None:
        return view_count
    written, buffered = counted
    return _views(view_count, written, buffered - 1)


def flush_view_counts():
    """Move buffered counts into the database (ArticleViews); returns how many views were written.

    On a database error every count not written goes back into the buffer, and the error is raised.
    """
    client = redis_client()
    if client is not None:
        return _flush_redis(client)
    pending = cache.get(PENDING_KEY) or set()
    cache.delete(PENDING_KEY)
    keys = {article_id: COUNT_KEY.format(pk=article_id) for article_id in pending}
    found = cache.get_many(keys.values())
    counts = {article_id: found[key] for article_id, key in keys.items() if found.get(key)}
    try:
        for chunk, totals in _write_in_chunks(counts):
            for article_id, count in chunk.items():
                # Subtract what was written, so views counted meanwhile stay in the buffer.
                cache.decr(keys[article_id], count)
            cache.set_many({TOTAL_KEY.format(pk=article_id): total for article_id, total in totals.items()}, None)
    except DatabaseError:
        cache.set(PENDING_KEY, (cache.get(PENDING_KEY) or set()) | pending, timeout=None)
        raise
    return sum(counts.values())


def _flush_redis(client):
    key = cache.make_key(COUNTS_HASH_KEY)
    transaction = client.pipeline(transaction=True)
    transaction.hgetall(key)
    transaction.delete(key)
    counts, _deleted = transaction.execute()
    unwritten = {int(article_id): int(count) for article_id, count in counts.items()}
    total = 0
    try:
        for chunk, totals in _write_in_chunks(dict(unwritten)):
            for article_id in chunk:
                del unwritten[article_id]
            if totals:  # none when every article of the chunk was deleted meanwhile
                client.hset(cache.make_key(TOTALS_HASH_KEY), mapping=totals)
            total += sum(chunk.values())
    except DatabaseError:
        # Back into the buffer for the next flush rather than lost: the chunk that failed and the ones not reached.
        pipeline = client.pipeline(transaction=False)
        for article_id, count in unwritten.items():
            pipeline.hincrby(key, article_id, count)
        pipeline.execute()
        raise
    return total


# A flush writes the views of every article read in the last minute: with crawlers and old links, thousands of
# different articles. One statement per chunk of this many.
WRITE_CHUNK = 500


def _write_in_chunks(counts):
    """(chunk of `counts`, {article id: its new total}) for each chunk written, in order."""
    ids = sorted(counts)
    for start in range(0, len(ids), WRITE_CHUNK):
        chunk = {article_id: counts[article_id] for article_id in ids[start : start + WRITE_CHUNK]}
        yield chunk, _write_many(chunk)


def _write_many(counts):
    """Adds each of `counts` ({article id: views}) to its article's written views; returns the new totals."""
    from .models import ArticleViews

    return ArticleViews.objects.add(counts)
