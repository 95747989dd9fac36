"""Render and store the public article pages and column cards that are missing or out of date (news/pages.py).

Run after a deploy (a new release renders pages again on their first read otherwise) or after loading articles in
bulk, with the site's origin: `manage.py render_article_pages --origin https://www.example.org`. With `--cards`, only
the cards column pages list (they carry no host): `manage.py render_article_pages --cards`.
"""

import multiprocessing
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.http.request import validate_host
from django.utils.translation import gettext as _
from django.utils.translation import override

from news import pages
from news.models import Article, ArticleCard, ArticlePage
from news.queries import neighbour_map
from portal.models import LANGUAGE_CODES
from portal.stored_pages import release

CHUNK = 200


# {language: news.queries.neighbour_map()}, read once before the workers start (they inherit it).
NEIGHBOURS = {}


def render_chunk(job):
    article_ids, origins = job
    if origins:
        pages.render_for_origins(article_ids, origins, NEIGHBOURS)
    else:
        for code in LANGUAGE_CODES:
            with override(code):
                pages.store_cards(article_ids)
    return len(article_ids)


def close_connections():
    # Each worker process opens its own connections: the parent's cannot be shared across fork().
    for connection in connections.all(initialized_only=True):
        connection.close()


class Command(BaseCommand):
    help = "Render and store the public article pages that are missing or were rendered by an earlier release."

    def add_arguments(self, parser):
        parser.add_argument(
            "--origin",
            action="append",
            default=[],
            help="Scheme and host readers use, e.g. https://www.example.org (repeat for each)",
        )
        parser.add_argument("--cards", action="store_true", help="only the column cards, for every origin at once")
        parser.add_argument("--all", action="store_true", help="render every public page, not only missing ones")
        parser.add_argument("--processes", type=int, default=1, help="worker processes (one per core)")
        parser.add_argument("--ids-from", help="only the articles whose ids this file lists, one per line")

    def handle(self, *args, origin, cards, all, processes, ids_from, **options):
        origins = [value.rstrip("/") for value in origin]
        if not origins and not cards:
            raise CommandError(_("Name the origin the pages are for with --origin, or render only cards with --cards."))
        if cards:
            origins = []
        for value in origins:
            if not value.startswith(("http://", "https://")) or "/" in value.split("://", 1)[1]:
                raise CommandError(_("An origin is a scheme and a host, such as https://www.example.org: %s") % value)
        allowed = settings.ALLOWED_HOSTS
        if settings.DEBUG and not allowed:
            allowed = [".localhost", "127.0.0.1", "[::1]"]  # as Django allows in development
        for value in origins:
            if not validate_host(value.split("://", 1)[1].rsplit(":", 1)[0], allowed):
                raise CommandError(_("This site does not serve the host of %s (ALLOWED_HOSTS).") % value)
        wanted = None
        if ids_from:
            try:
                with open(ids_from) as listed:
                    wanted = [int(line) for line in listed if line.strip()]
            except (OSError, ValueError) as error:
                raise CommandError(
                    _("Could not read article ids from %(file)s: %(error)s") % {"file": ids_from, "error": error}
                ) from error
        ids = set()
        for code in LANGUAGE_CODES:
            public = Article.objects.published(code)
            if wanted is not None:
                public = public.filter(pk__in=wanted)
            if cards:
                stored = ArticleCard.objects.filter(language=code, release=release())
                missing = public if all else public.exclude(pk__in=stored.values("article_id"))
                ids.update(missing.values_list("pk", flat=True))
            for value in origins:
                missing = public
                if not all:
                    # Pages stored by this release for this language and origin are left as they are.
                    stored = ArticlePage.objects.filter(language=code, origin=value, release=release())
                    missing = public.exclude(pk__in=stored.values("article_id"))
                ids.update(missing.values_list("pk", flat=True))
        ids = sorted(ids)
        jobs = [(ids[at : at + CHUNK], origins) for at in range(0, len(ids), CHUNK)]
        if len(ids) > CHUNK and origins:
            for code in LANGUAGE_CODES:
                with override(code):
                    NEIGHBOURS[code] = neighbour_map()
        started = time.monotonic()
        done = 0
        if processes > 1 and jobs:
            close_connections()
            with multiprocessing.get_context("fork").Pool(processes, initializer=close_connections) as pool:
                for count in pool.imap_unordered(render_chunk, jobs):
                    done += count
                    self.progress(done, len(ids), started)
        else:
            for job in jobs:
                done += render_chunk(job)
                self.progress(done, len(ids), started)
        if cards:
            self.stdout.write(_("Rendered the column cards of %(count)d articles.") % {"count": len(ids)})
        else:
            self.stdout.write(_("Rendered the pages of %(count)d articles.") % {"count": len(ids)})

    def progress(self, done, total, started):
        if self.stderr.isatty() or done == total or done % (CHUNK * 25) == 0:
            rate = done / max(time.monotonic() - started, 0.001)
            self.stderr.write(f"\rarticles {done:,}/{total:,} ({rate:.0f}/s)", ending="")
            if done == total:
                self.stderr.write("")
