"""Burmese is stored as Unicode: Zawgyi is refused above 0.95, warned about between 0.05 and 0.95."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from news.models import Article, Column, Image
from news.zawgyi import zawgyi_probability
from tests.factories import make_article
from tests.news.conftest import change_url, get_form
from tests.news.test_images import picture_bytes

pytestmark = pytest.mark.django_db

# "Myanmar country", "Yangon city", "Good morning": real Zawgyi-encoded strings, as typed on Zawgyi keyboards.
ZAWGYI = ["ျမန္မာႏိုင္ငံ", "ရန္ကုန္ၿမိဳ႕", "မဂၤလာနံနက္ခင္းပါ", "<p>သတင္းေထာက္မ်ား ေျပာၾကားသည္။</p>"]
UNICODE = ["မြန်မာနိုင်ငံ", "ရန်ကုန်မြို့", "<p>သတင်းထောက်များ ပြောကြားသည်။</p>", "ကူမင်းတွင် စတင်"]
# Too short to tell: the detector hesitates.
AMBIGUOUS = ["ကာ", "သူ"]


@pytest.mark.parametrize("text", ZAWGYI)
def test_detector_is_sure_about_zawgyi(text):
    assert zawgyi_probability(text) > 0.95


@pytest.mark.parametrize("text", UNICODE)
def test_detector_is_sure_about_unicode(text):
    assert zawgyi_probability(text) < 0.05


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_detector_hesitates_on_short_text(text):
    assert 0.05 < zawgyi_probability(text) < 0.95


def post(client, user, article, **fields):
    client.force_login(user)
    return client.post(change_url(article), {**get_form(client, article), **fields})


@pytest.mark.parametrize("field", ["title_my", "body_my", "summary_my", "source_my"])
@pytest.mark.parametrize("text", ZAWGYI[:2])
def test_zawgyi_is_refused_with_clear_message(client, editor, field, text):
    article = make_article(state=Article.State.DRAFT, title_my="မူလ ခေါင်းစဉ်")
    response = post(client, editor, article, **{field: text})
    assert response.status_code == 200
    assert "Zawgyi" in str(response.context["adminform"].form.errors[field])
    article.refresh_from_db()
    assert getattr(article, field) != text and article.title_my == "မူလ ခေါင်းစဉ်"


def test_unicode_burmese_is_saved_without_warning(client, editor):
    article = make_article(state=Article.State.DRAFT)
    response = post(client, editor, article, title_my=UNICODE[0], body_my=UNICODE[2])
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_my, article.body_my) == (UNICODE[0], UNICODE[2])
    assert [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"] == []


def test_ambiguous_burmese_is_saved_with_warning(client, editor):
    article = make_article(state=Article.State.DRAFT)
    response = post(client, editor, article, subtitle_my=AMBIGUOUS[0])
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.subtitle_my == AMBIGUOUS[0]
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1 and "Zawgyi" in warnings[0]


def test_chinese_and_english_fields_are_not_checked(client, editor):
    # Text that would be refused in a Burmese field (a Chinese or English page may quote Zawgyi as it was typed).
    article = make_article(state=Article.State.DRAFT)
    response = post(client, editor, article, title_en=f"Myanmar ({ZAWGYI[0]})", title_zh_hans=f"缅甸（{ZAWGYI[0]}）")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_en, article.title_zh_hans) == (f"Myanmar ({ZAWGYI[0]})", f"缅甸（{ZAWGYI[0]}）")
    assert [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"] == []


def test_zawgyi_column_name_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:news_column_add"),
        {"name_zh_hans": "缅语", "name_en": "Burmese", "name_my": ZAWGYI[0], "slug": "burmese-z", "position": "0"},
    )
    assert response.status_code == 200
    assert "Zawgyi" in str(response.context["adminform"].form.errors["name_my"])
    assert not Column.objects.filter(slug="burmese-z").exists()


def test_zawgyi_image_caption_is_refused(admin_client):
    from django.urls import reverse

    response = admin_client.post(
        reverse("admin:news_image_add"),
        {"file": SimpleUploadedFile("a.png", picture_bytes("PNG"), "image/png"), "caption_my": ZAWGYI[1]},
    )
    assert response.status_code == 200
    assert "Zawgyi" in str(response.context["adminform"].form.errors["caption_my"])
    assert not Image.objects.exists()
