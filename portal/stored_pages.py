"""Pages rendered when their content changes and stored, with holes for what changes without it.

An app that stores rendered pages (news keeps each article page with the article) renders them inside
`storing_page()`. While storing, the parts of the site shell that change with other content or with the day, not with
the page's own content, are left as markers: the header date, the masthead (navigation) and the footer. `fill()` puts
them in when the stored page is served, from copies kept per language and content generation (portal/cache.py);
values the view knows (a view count) are filled the same way. Fragments inside a page being stored are rendered
without the fragment cache: the stored page is their copy.

`release()` names the code a page was rendered with (templates, translations, static files): a page stored by an
earlier release is not served.

A list page (a column's page 2,000, a search) is not stored, but its frame is: `kept_frame()` renders the page once
per content generation, language and origin with markers where its own parts go (the rows, the page number, the
words searched for), and every page of the list fills the same frame.
"""

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .cache import cached_for_generation

_storing = ContextVar("storing_page", default=False)

# Shell parts filled in at serving time: fragment name (as in {% public_fragment %}) and its template.
CHROME_PARTS = {"masthead": "includes/masthead.html", "footer": "includes/footer.html"}


def marker(name):
    # An HTML comment: sanitized bodies never hold one (nh3 drops comments), so no content can forge it.
    return f"<!--portal:{name}-->"


@contextmanager
def storing_page():
    token = _storing.set(True)
    try:
        yield
    finally:
        _storing.reset(token)


def is_storing():
    return _storing.get()


def chrome_parts(request):
    """The shell parts of CHROME_PARTS rendered in the active language, kept per content generation."""

    def render():
        return {name: render_to_string(template, request=request) for name, template in CHROME_PARTS.items()}

    return cached_for_generation(f"stored-pages:chrome:{release()}:{get_language()}", render)


def kept_frame(request, name, render):
    """`render()`'s page rendered while storing and kept per content generation, release, language and origin, or
    None (not kept) when `render` returns None: a made-up address must not fill the cache."""

    def render_stored():
        with storing_page():
            return render()

    # A digest: the name may hold a part of the address (a column's slug), which a stranger can make as long as a URL
    # may be, and a cache key must stay short.
    digest = hashlib.sha256(f"{release()}:{get_language()}:{origin_of(request)}:{name}".encode()).hexdigest()
    return cached_for_generation(f"stored-pages:frame:{digest}", render_stored)


def origin_of(request):
    """Scheme and host: stored pages and frames carry absolute URLs. Worked out once per request: validating the
    host again costs a few µs each time, and the page cache's key asks for it too."""
    try:
        return request._portal_origin
    except AttributeError:
        request._portal_origin = origin = f"{request.scheme}://{request.get_host()}"
        return origin


def fill(html, request, **values):
    """A stored page with its markers replaced: the header date, the shell parts, and `values` by name."""
    from .templatetags.portal import header_date

    html = html.replace(marker("date"), header_date(), 1)
    for name, part in chrome_parts(request).items():
        html = html.replace(marker(name), part, 1)
    # Values are HTML in which content is escaped, so none can hold a marker: filling one never fills another.
    for name, value in values.items():
        html = html.replace(marker(name), str(value))
    return html


@cache
def release():
    """A digest of what a stored page's markup comes from besides content: the project's templates, code and
    compiled translations, and the static files' manifest. Computed once per process: a deploy starts new ones."""
    digest = hashlib.sha256(getattr(staticfiles_storage, "manifest_hash", "").encode())
    base = Path(settings.BASE_DIR).resolve()
    roots = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", ())]
    roots += [Path(folder) for folder in settings.LOCALE_PATHS]
    roots += [Path(app.path) for app in apps.get_app_configs() if Path(app.path).resolve().is_relative_to(base)]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".mo", ".py") and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
