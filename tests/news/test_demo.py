"""The demo newsroom: loads twice without duplicates and shows the workflow to editors."""

import pytest
from django.core.management import call_command
from django.utils import translation

from news.models import Article, Column, Image

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_without_duplicates(demo):
    counts = (Column.objects.count(), Article.objects.count(), Image.objects.count())
    scheduled_at = Article.objects.scheduled().get().published_at
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (Column.objects.count(), Article.objects.count(), Image.objects.count()) == counts
    assert Article.objects.scheduled().get().published_at == scheduled_at


def test_demo_has_columns_draft_scheduled_and_pictures(demo):
    assert set(Column.objects.values_list("slug", flat=True)) >= {"headlines", "local", "matchmaking", "burmese"}
    assert Column.objects.get(slug="burmese").name_zh_hans == "缅语专栏"
    assert Article.objects.filter(state=Article.State.DRAFT).count() == 1
    assert Article.objects.scheduled().count() == 1
    assert all(image.file.storage.exists(image.file.name) and image.width == 1600 for image in Image.objects.all())
    assert all("插图" in image.caption_zh_hans or "示意图" in image.caption_zh_hans for image in Image.objects.all())


@pytest.mark.parametrize("language", ["zh-hans", "en", "my"])
def test_demo_stories_readable_in_every_language(client, demo, language):
    published = Article.objects.published(language)
    assert published.count() == 7
    assert published.filter(column__slug="burmese").exists()
    with translation.override(language):
        response = client.get(published.get(title_en__startswith="National industrial").get_absolute_url())
    assert response.status_code == 200
    assert {"zh-hans": "382", "en": "382", "my": "၃၈၂"}[language] in response.content.decode()


def test_article_url_stays_when_title_changes(demo):
    article = Article.objects.published().first()
    url = article.get_absolute_url()
    article.title_zh_hans = "新标题"
    article.save()
    assert article.get_absolute_url() == url


def test_demo_has_a_login_for_every_newsroom_role(db, settings):
    from django.contrib.auth import get_user_model

    from news.demo import load_demo_users
    from portal.demo import DEMO_PASSWORD

    settings.DEBUG = True
    logins = dict(load_demo_users())
    assert sorted(logins) == [
        "chief",
        "editor",
        "reviewer",
        "translator-en",
        "translator-my",
        "translator-zh_hans",
    ]
    translator = get_user_model().objects.get(username="translator-my")
    assert translator.check_password(DEMO_PASSWORD) and logins["translator-my"] == DEMO_PASSWORD
    assert translator.has_perm("news.translate_my") and not translator.has_perm("news.translate_en")
