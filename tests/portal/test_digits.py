"""Burmese pages write every interface number in Myanmar digits (portal/digits.py)."""

import re
from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from news.models import Article, Column
from projects.models import Edition, Session, SignedProject
from tests.factories import make_article, make_column

WESTERN_DIGIT = re.compile(r"[0-9]+")
# Names and notations that keep their digits in Burmese text: "Fortune Global 500" is a proper name, "UTC+8" the
# standard way to name a time zone.
KEPT_AS_WRITTEN = re.compile(r"Fortune (Global|China) 500|UTC\+8")
# Elements whose text is never checked: code a browser runs or styles, and text in another language.
SKIPPED_TAGS = {"script", "style", "template"}


class _InterfaceText(HTMLParser):
    """The text a reader sees, outside editor-written content.

    Skipped: scripts and styles; elements in another language (`lang` other than "my": a Chinese name, or "zxx",
    no language at all, as a printed URL is);
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
    assert problems == {}


@pytest.mark.django_db
def test_burmese_article_page_dates_read_in_myanmar_digits_machines_keep_ascii(client):

    published = datetime(2023, 9, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    article = make_article(published_at=published, view_count=0)
    with translation.override("my"):
        burmese = client.get(article.get_absolute_url()).content.decode()
    with translation.override("zh-hans"):
        chinese = client.get(article.get_absolute_url()).content.decode()
    assert '<time datetime="2023-09-05T10:00:00+08:00">၅ စက်တင်ဘာ ၂၀၂၃ ၁၀:၀၀</time>' in burmese
    # Chinese keeps the newsroom's ISO form in Western digits.
    assert '<time datetime="2023-09-05T10:00:00+08:00">2023-09-05 10:00</time>' in chinese


@pytest.mark.django_db
def test_burmese_page_numbers_read_in_myanmar_digits(client):

    column = make_column()
    for _ in range(21):
        make_article(column=column)
    with translation.override("my"):
        html = client.get(column.get_absolute_url(), {"page": "2"}).content.decode()
    assert "စာမျက်နှာ ၂ ခုအနက် ၂" in html
    # Links keep ASCII digits.
    assert 'href="?page=1"' in html


@pytest.mark.parametrize(
    ("template", "language", "expected"),
    [
        ("{{ 1234567|intcomma }}", "my", "၁,၂၃၄,၅၆၇"),
        ("{{ 1234567|intcomma }}", "en", "1,234,567"),
        ("{{ 3.14159|floatformat:2 }}", "my", "၃.၁၄"),
        ("{{ 42|digits }}", "my", "၄၂"),
        ("{{ 42|digits }}", "zh-hans", "42"),
        ('{{ when|date:"c" }}', "my", "2023-09-05T10:00:00+08:00"),
        ('{{ when|date:"Y-m-d" }}', "my", "2023-09-05"),
        ('{{ when|date:"DATE_FORMAT" }}', "my", "၅ စက်တင်ဘာ ၂၀၂၃"),
        ('{{ when|time:"TIME_FORMAT" }}', "my", "၁၀:၀၀"),
    ],
)
def test_number_and_date_filters_write_the_languages_digits(template, language, expected):

    when = datetime(2023, 9, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with translation.override(language):
        assert Template(template).render(Context({"when": when})) == expected


def test_count_filter_keeps_the_plural(client):
    template = Template(
        "{% blocktranslate count counter=n|digits %}{{ counter }} result in {{ language }}{% plural %}"
        "{{ counter }} results in {{ language }}{% endblocktranslate %}"
    )
    with translation.override("en"):
        assert template.render(Context({"n": 1, "language": "X"})) == "1 result in X"
        assert template.render(Context({"n": 3, "language": "X"})) == "3 results in X"
