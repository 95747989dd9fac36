"""Every feed of the demo content, in every language and format, parses cleanly."""

import pytest

from news.models import Column
from tests.feeds.helpers import FORMATS, LANGUAGES, feed_url, fetch


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_demo_feed_is_valid(client, demo, language):
    feeds = [("latest", {}), ("matchmaking", {}), ("projects", {})]
    feeds += [("column", {"slug": slug}) for slug in Column.objects.values_list("slug", flat=True)]
    entries = 0
    for name, kwargs in feeds:
        for fmt in FORMATS:
            _response, parsed = fetch(client, feed_url(language, name, fmt, **kwargs))
            assert parsed.feed.language == LANGUAGES[language]
            assert parsed.feed.title
            entries += len(parsed.entries)
    assert entries > 0
