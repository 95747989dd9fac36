"""The plug-in points of the site: what the content apps add to the pages portal owns.

portal sits at the bottom and never imports a content app. Each app registers
its parts here from its `AppConfig.ready()`, the way `admin.site.register` and
`django.contrib.sitemaps` work, and portal's home page, search, sitemap index,
feed URLs and demo loader read them back:

- `register_sitemap(name, sitemap_class, position)`: a section of /sitemap.xml, served at /sitemap-<name>.xml.
- `register_sitemap_page(url_name)`: a list page of an app in the "pages" section, next to the home page.
- `register_feed(kind, feed_class, title=..., path=...)`: an RSS and an Atom feed under /<lang>/feeds/.
- `register_block(slot, template_name, get_context)`: a part of a page; slots are "home" (the home page) and
  "article-links" (under an article, inside its cached links fragment).
- `register_search(provider)`: what /<lang>/search/ searches.
- `register_demo_loader(loader)`, `register_demo_logins(loader)`: the steps of `load_demo`.

Registration order is INSTALLED_APPS order (portal, news, projects), so lists keep the order in which the layers
stack; sitemap sections carry an explicit position because their order in the index is public.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string

_sitemaps = {}
_sitemap_pages = []
_feeds = {}
_blocks = {}
_search = []
_demo_loaders = []
_demo_logins = []


# Sitemaps


def register_sitemap(name, sitemap_class, position):
    """Serve `sitemap_class` as /sitemap-<name>.xml, listed in the index by ascending `position`."""
    _sitemaps[name] = (position, sitemap_class)


def sitemaps():
    """Every registered sitemap section as {name: class}, in index order."""
    return {name: sitemap for name, (_position, sitemap) in sorted(_sitemaps.items(), key=lambda item: item[1][0])}


def register_sitemap_page(url_name):
    """A page of an app that exists in every language (a list page), listed after the home page."""
    if url_name not in _sitemap_pages:
        _sitemap_pages.append(url_name)


def sitemap_pages():
    return list(_sitemap_pages)


class SitemapRegistry:
    """The {name: sitemap class} mapping Django's sitemap views take, read from the registry on each use.

    The URLconf hands this object to the views when it is imported; reading it lazily keeps the registration order
    free of any import-order constraint.
    """

    def __getitem__(self, name):
        return sitemaps()[name]

    def __contains__(self, name):
        return name in _sitemaps

    def __iter__(self):
        return iter(sitemaps())

    def __len__(self):
        return len(_sitemaps)

    def items(self):
        return sitemaps().items()

    def keys(self):
        return sitemaps().keys()

    def values(self):
        return sitemaps().values()


# Feeds


@dataclass(frozen=True)
class FeedEntry:
    kind: str
    feed_class: type
    title: Any = None
    path: str = ""


def register_feed(kind, feed_class, *, title=None, path=""):
    """Serve `feed_class` at feeds/<path>.rss and .atom (path defaults to `kind`), named feeds:<kind>-rss/-atom.

    `title` (lazy text) names the feed in the pages' <link rel="alternate">; feeds without one (a column's) are
    named by the page that links them.
    """
    _feeds[kind] = FeedEntry(kind, feed_class, title, path or kind)


def feeds():
    return list(_feeds.values())


def feed_title(kind):
    return _feeds[kind].title


# Page blocks


@dataclass(frozen=True)
class Block:
    template_name: str
    # get_context(request, obj) -> dict, called only when the block is rendered (a cached fragment that is
    # up to date never calls it).
    get_context: Callable
    # get_contexts(request, objects) -> [dict per object], for pages rendered many at a time (stored article pages):
    # the same contexts as get_context's, read together.
    get_contexts: Callable | None = None

    def contexts(self, request, objects):
        if self.get_contexts is not None:
            return self.get_contexts(request, objects)
        return [self.get_context(request, obj) for obj in objects]


def no_context(request, obj):
    return {}


def register_block(slot, template_name, get_context=None, get_contexts=None):
    """Render `template_name` in `slot` of a page, with the context `get_context(request, obj)` returns (or, for
    many pages at once, `get_contexts(request, objects)`)."""
    block = Block(template_name, get_context or no_context, get_contexts)
    if block not in _blocks.setdefault(slot, []):
        _blocks[slot].append(block)


def blocks(slot):
    return list(_blocks.get(slot, ()))


def prepared_blocks(slot, request, objects):
    """{object's pk: [context of each block of `slot`]}, read for many objects at once. A page rendered with its
    entry as `prepared_blocks` in its context (`{slot: contexts}`) uses them instead of reading its own."""
    per_block = [block.contexts(request, objects) for block in blocks(slot)]
    return {obj.pk: [contexts[at] for contexts in per_block] for at, obj in enumerate(objects)}


# Search


@dataclass(frozen=True)
class SearchProvider:
    """What the search page searches.

    `form_class` validates the query string (a field `q`); `results(cleaned_data)` returns the matching rows in
    their order; `paginator_class(rows, per_page)` pages them; `template_name` renders `page_obj` and `query`.
    `counts_elsewhere(cleaned_data, languages)`, if given, returns {language: number of results there}: when the
    reader's language finds nothing, the page links to the languages that find something.
    """

    form_class: type
    results: Callable
    paginator_class: type
    template_name: str
    counts_elsewhere: Callable | None = None


def register_search(provider):
    """The site has one search: the last registration wins."""
    _search[:] = [provider]


def search_provider():
    return _search[0] if _search else None


# Demo content


def register_demo_loader(loader):
    """A step of `load_demo`: the dotted path of a callable taking no argument, safe to run again.

    A path, imported only when `load_demo` runs, so that serving processes never load the demo content.
    """
    if loader not in _demo_loaders:
        _demo_loaders.append(loader)


def demo_loaders():
    return [import_string(loader) if isinstance(loader, str) else loader for loader in _demo_loaders]


def register_demo_logins(loader):
    """A step of `load_demo` run after the content (a dotted path, as above): it makes admin users and returns
    their (username, password)."""
    if loader not in _demo_logins:
        _demo_logins.append(loader)


def demo_logins():
    return [import_string(loader) if isinstance(loader, str) else loader for loader in _demo_logins]
