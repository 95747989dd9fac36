"""The translation desk: status per language (outdated included), translator roles enforced by the server, the
queue, the source text beside the translation, and the glossary."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from news import services
from news.glossary import glossary_seed, glossary_warnings
from news.models import Article, GlossaryTerm
from news.roles import assign_role
from tests.factories import make_article
from tests.news.conftest import change_url, get_form

pytestmark = pytest.mark.django_db
State = Article.State


@pytest.fixture
def translator_en(db):
    user = get_user_model().objects.create_user(username="translator-en", password="pw-for-tests-only", is_staff=True)
    assign_role(user, "translator_en")
    return user


@pytest.fixture
def translator_my(db):
    user = get_user_model().objects.create_user(username="translator-my", password="pw-for-tests-only", is_staff=True)
    assign_role(user, "translator_my")
    return user


# The outdated rule


def two_paragraphs(first, second):
    return f"<p>{first}</p><p>{second}</p>"


def test_translation_becomes_outdated_when_the_source_title_or_body_changes():
    article = make_article(body_zh_hans=two_paragraphs("第一段", "第二段"))
    services.article_note_translation_changes(article=article, changed_fields=["title_en", "body_en"])
    article.save()
    assert article.language_status() == {"zh-hans": "ready", "en": "ready", "my": "ready"}

    article.body_zh_hans = two_paragraphs("第一段", "第二段改了")
    services.article_note_translation_changes(article=article, changed_fields=["body_zh_hans"])
    article.save()
    assert article.language_status() == {"zh-hans": "ready", "en": "outdated", "my": "outdated"}
    assert [str(change) for change in services.translation_changes_since(article, "en")] == ["第二段<ins>改了</ins>"]

    article.body_en = "<p>Body, translated again</p>"
    services.article_note_translation_changes(article=article, changed_fields=["body_en"])
    assert article.language_status()["en"] == "ready" and article.language_status()["my"] == "outdated"


def test_other_source_fields_do_not_outdate_translations():
    article = make_article()
    services.article_note_translation_changes(article=article, changed_fields=["title_en"])
    article.subtitle_zh_hans = "新的副标题"
    services.article_note_translation_changes(article=article, changed_fields=["subtitle_zh_hans"])
    assert article.language_status()["en"] == "ready"


def test_burmese_first_article_outdates_the_chinese_translation():
    article = make_article(source_language="my")
    services.article_note_translation_changes(article=article, changed_fields=["title_zh_hans"])
    article.title_my = "ခေါင်းစဉ်သစ်"
    services.article_note_translation_changes(article=article, changed_fields=["title_my"])
    assert article.language_status() == {"zh-hans": "outdated", "en": "outdated", "my": "ready"}


def test_editor_changing_the_source_in_the_admin_outdates_translations(client, chief):
    article = make_article(title_zh_hans="原题", state=State.DRAFT, published_at=None)
    client.force_login(chief)
    client.post(change_url(article), {**get_form(client, article), "title_en": "Title translated"})
    client.post(change_url(article), {**get_form(client, article), "title_zh_hans": "改过的标题"})
    article.refresh_from_db()
    assert article.language_status() == {"zh-hans": "ready", "en": "outdated", "my": "outdated"}
    html = client.get(change_url(article)).content.decode()
    assert html.count("<li><del>原</del><ins>改过的标</ins>题</li>") == 2  # English and Burmese: which words changed


# Translator roles, enforced by the server


def test_translator_changes_only_their_language_of_a_published_article(client, translator_en):
    article = make_article(title_zh_hans="中文标题", title_en="Old English", state=State.PUBLISHED)
    client.force_login(translator_en)
    response = client.get(change_url(article))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "title_en" in form.fields and "title_zh_hans" not in form.fields and "title_my" not in form.fields
    assert "_workflow" not in response.content.decode()
    data = {
        **get_form(client, article),
        "title_en": "New English",
        "title_zh_hans": "伪造的中文",
        "title_my": "အတုအယောင်",
        "column": "999",
    }
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    # A published article: the change waits for a chief editor, and holds the English title only.
    assert article.pending_changes == {"title_en": "New English"}
    assert (article.title_en, article.title_zh_hans, article.state) == ("Old English", "中文标题", State.PUBLISHED)


def test_translator_marks_a_translation_ready_and_it_goes_public_when_a_chief_publishes_it(
    client, translator_my, chief
):
    article = make_article(title_my="", body_my="", is_ready_my=False)
    client.force_login(translator_my)
    data = {**get_form(client, article), "title_my": "ဘာသာပြန်", "body_my": "<p>ဘာသာပြန်ထားသည်</p>", "is_ready_my": "on"}
    assert client.post(change_url(article), data).status_code == 302
    assert client.get(f"/my/news/{article.pk}/").status_code == 404
    client.force_login(chief)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "publish_correction"})
    assert client.get(f"/my/news/{article.pk}/").status_code == 200


def test_translator_may_not_restore_a_revision_or_move_the_workflow(client, chief, translator_en):
    from reversion.models import Version

    article = make_article(state=State.IN_REVIEW, published_at=None)
    client.force_login(chief)
    client.post(change_url(article), {**get_form(client, article), "title_en": "Chief's"})
    version = Version.objects.get_for_object(article).first()
    client.force_login(translator_en)
    url = reverse("admin:news_article_revision", args=[article.pk, version.pk])
    assert client.get(url).status_code == 403
    data = {**get_form(client, article), "_workflow": "approve"}
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert (article.state, article.is_approved) == (State.IN_REVIEW, False)


def test_translator_sees_the_source_text_beside_the_translation(client, translator_en):
    article = make_article(title_zh_hans="源标题", body_zh_hans="<p>源正文第一段</p>")
    client.force_login(translator_en)
    html = client.get(change_url(article)).content.decode()
    panel = re.search(r'<div class="source-text" lang="zh-hans">(.*?)</div>', html, re.S).group(1)
    assert "源标题" in panel and "<p>源正文第一段</p>" in panel


# The queue


def test_queue_lists_missing_and_outdated_translations_per_language_newest_first(client, chief):
    untranslated = make_article(title_en="", body_en="", title_my="", body_my="")
    burmese_first = make_article(source_language="my", title_en="", body_en="")
    outdated = make_article()
    services.article_note_translation_changes(article=outdated, changed_fields=["title_en"])
    outdated.title_zh_hans = "新标题"
    services.article_note_translation_changes(article=outdated, changed_fields=["title_zh_hans"])
    outdated.save()
    client.force_login(chief)
    response = client.get(reverse("admin:news_article_translations"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    queues = {
        code: [(article.pk, status) for article, status in rows] for code, _name, rows in response.context["queues"]
    }
    assert queues == {
        "zh-hans": [],
        "en": [(outdated.pk, "outdated"), (burmese_first.pk, "missing"), (untranslated.pk, "missing")],
        "my": [(outdated.pk, "outdated"), (untranslated.pk, "missing")],
    }
    assert "Burmese" in response.content.decode()  # the source language of the Burmese-first story


def test_translator_queue_shows_only_their_language(client, translator_my):
    make_article(title_my="", body_my="")
    client.force_login(translator_my)
    response = client.get(reverse("admin:news_article_translations"))
    assert [code for code, _name, _rows in response.context["queues"]] == ["my"]


# The glossary


@pytest.fixture
def glossary(db):
    glossary_seed()
    return list(GlossaryTerm.objects.all())


def test_glossary_flags_a_wrong_form_in_any_language(glossary):
    values = {"title_zh_hans": "丰源锂能项目投产", "title_my": "အန်နင်း စက်ရုံ"}
    with translation.override("en"):
        assert glossary_warnings(values, "zh-hans", glossary) == [
            "The Simplified Chinese text uses “丰源锂能”: the glossary's term is “丰元锂能”.",
            "The Burmese text uses “အန်နင်း”: the glossary's term is “အန်းနင်း”.",
        ]
    with translation.override("zh-hans"):
        assert (
            glossary_warnings(values, "zh-hans", glossary)[0]
            == "简体中文文本使用了“丰源锂能”，术语表规定的是“丰元锂能”。"
        )


def test_glossary_flags_a_translation_that_does_not_use_the_agreed_term(glossary):
    values = {
        "body_zh_hans": "<p>杉杉科技在安宁的基地投产。</p>",
        "body_en": "<p>The Shan Shan plant in An Ning opened.</p>",
    }
    with translation.override("en"):
        warnings = glossary_warnings(values, "zh-hans", glossary)
    assert warnings == [
        "The source text uses “安宁”, but the English translation does not use the agreed term “Anning”.",
        "The source text uses “杉杉科技”, but the English translation does not use the agreed term “Shanshan Technology”.",
    ]
    values["body_en"] = "<p>The Shanshan Technology plant in Anning opened.</p>"
    assert glossary_warnings(values, "zh-hans", glossary) == []


def test_translator_sees_glossary_warnings_when_saving(client, translator_en, glossary):
    article = make_article(title_zh_hans="昆明的对接活动", title_en="Matchmaking in the capital")
    client.force_login(translator_en)
    response = client.post(change_url(article), {**get_form(client, article), "title_en": "Matchmaking opens"})
    assert response.status_code == 302
    warnings = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("“Kunming”" in warning for warning in warnings)


def test_glossary_catches_the_demo_inconsistencies(demo):
    glossary = list(GlossaryTerm.objects.all())
    found = " ".join(
        warning
        for article in Article.objects.all()
        for warning in glossary_warnings(vars(article), article.source_language, glossary)
    )
    for wrong in ["丰源", "区域协调 开放发展 合作共赢", "အန်နင်း", "ယုစီ"]:
        assert f"“{wrong}" in found
