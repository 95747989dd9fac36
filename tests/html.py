"""Small readers of rendered HTML for tests, on the standard library's parser."""

import re
from functools import lru_cache
from html.parser import HTMLParser

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    def __init__(self, skip_lang):
        super().__init__(convert_charrefs=True)
        self.skip_lang = skip_lang
        self.stack = []
        self.texts = []
        self.tags = []

    def _skipping(self):
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        skip = attributes.get("lang") == self.skip_lang
        if not self._skipping() and not skip:
            for name, value in attrs:
                if value and name in {"title", "alt", "aria-label", "content", "placeholder", "value"}:
                    self.texts.append(value)
        if tag not in VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipping():
            self.texts.append(data)


# Checks often read several kinds of tag from the same page: parse each page once (callers only read the result).
@lru_cache(maxsize=8)
def parse(html, skip_lang=None):
    collector = _Collector(skip_lang)
    collector.feed(html)
    return collector


def han_outside_chinese_elements(html):
    """Han characters in text or visible attributes, outside elements marked lang="zh-Hans"."""
    collector = parse(html, skip_lang="zh-Hans")
    return sorted({match for text in collector.texts for match in HAN.findall(text)})


def tags(html, name):
    return [attrs for tag, attrs in parse(html).tags if tag == name]


def views_shown(response):
    """The view count an article page shows (the last figure of its meta line: "Views: 13")."""
    html = response.content.decode()
    return int(re.search(r'<p class="meta">.*?(\d+)</span>\s*</p>', html, re.S).group(1))
