"""Burmese pages write every interface number in Myanmar digits (portal/digits.py)."""

import re
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import translation

from news.models import Article, Column
from projects.models import Edition, Session, SignedProject

WESTERN_DIGIT = re.compile(r"[0-9]+")
# Names and notations that keep their digits in Burmese text: "Fortune Global 500" is a proper name, "UTC+8" the
# standard way to name a time zone.
KEPT_AS_WRITTEN = re.compile(r"Fortune (Global|China) 500|UTC\+8")
# Elements whose text is never checked: code a browser runs or styles, and text in another language.
SKIPPED_TAGS = {"script", "style", "template"}


class _InterfaceText(HTMLParser):
    """The text a reader sees, outside editor-written content.

    Skipped: scripts and styles; elements in another language (`lang` other than "my": a Chinese name);
    elements marked `data-content` (titles, summaries, bodies, excerpts, names an editor wrote -- a model number such
    as "600kA" in an article is content, not interface). Attributes are never read: `datetime`, `href`, `value`
    and the like are for machines.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        skip = tag in SKIPPED_TAGS or "data-content" in attributes or (lang is not None and lang != "my")
        if tag not in VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack):
            self.texts.append(data)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def western_digits(html):
    parser = _InterfaceText()
    parser.feed(html)
    return [text.strip() for text in parser.texts if WESTERN_DIGIT.search(KEPT_AS_WRITTEN.sub("", text))]


def burmese_pages():
    with translation.override("my"):
        article = Article.objects.published().filter(is_ready_my=True).order_by("-published_at").first()
        urls = [
            reverse("home"),
            Column.objects.order_by("position").first().get_absolute_url(),
            article.get_absolute_url(),
            reverse("search") + "?q=ယူနန်",
            reverse("projects:edition-list"),
            reverse("projects:project-list"),
            reverse("projects:project-stats"),
        ]
        urls += [edition.get_absolute_url() for edition in Edition.objects.published()]
        urls += [session.get_absolute_url() for session in Session.objects.published().select_related("edition")[:3]]
        urls += [project.get_absolute_url() for project in SignedProject.objects.published()[:3]]
    return urls


def test_burmese_pages_no_western_digit_in_interface(client, demo):
    problems = {}
    for url in burmese_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        found = western_digits(response.content.decode())
        if found:
            problems[url] = found
    for url, found in problems.items():
        print(url, found)
    assert problems == {}
