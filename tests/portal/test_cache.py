"""portal/cache.py: the registries the apps fill, and the one generation everything cached follows."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from news.models import Article, Column
from portal import cache as portal_cache
from portal.cache import cached_for_generation, current_generation, seconds_until_next_publication
from portal.models import FooterLink
from tests.factories import make_article, make_column

pytestmark = pytest.mark.django_db


def test_saves_of_registered_content_models_bump_the_generation():
    before = current_generation()
    FooterLink.objects.create(title="人民网", url="http://www.people.com.cn/", group=FooterLink.Group.FRIEND)
    after_portal = current_generation()
    make_column()
    assert before < after_portal < current_generation()


def test_saves_of_models_no_app_registered_leave_the_cache_alone():
    before = current_generation()
    get_user_model().objects.create_user("reader", password="a-long-reader-password")
    assert current_generation() == before


def test_the_apps_register_their_models_clock_and_navigation():
    assert portal_cache.is_content_model(Article)
    assert portal_cache.is_content_model(Column)
    assert Article.objects.next_publication_at in portal_cache._publication_clocks
    assert set(portal_cache.chrome_providers()) == {"navigation"}


def test_the_earliest_registered_publication_bounds_cached_values(monkeypatch):
    soon = timezone.now() + timedelta(seconds=20)
    monkeypatch.setattr(
        portal_cache, "_publication_clocks", [lambda: None, lambda: soon + timedelta(hours=1), lambda: soon]
    )
    assert 0 < seconds_until_next_publication(None) <= 20
    assert 0 < seconds_until_next_publication(current_generation()) <= 20


def test_a_value_is_computed_once_per_generation():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached_for_generation("figure", compute) == 1
    assert cached_for_generation("figure", compute) == 1
    make_article()
    assert cached_for_generation("figure", compute) == 2


def test_none_is_never_kept():
    # A made-up article id reads nothing, and must not leave an entry behind.
    calls = []
    assert cached_for_generation("article-row:999999", lambda: calls.append(1)) is None
    assert cached_for_generation("article-row:999999", lambda: calls.append(1)) is None
    assert len(calls) == 2
