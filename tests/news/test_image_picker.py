"""The body editor's image picker (news/image_picker.py): the library listed and searched in a body's language, a new
picture uploaded through the image admin's checks, and who may do either."""

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.urls import reverse
from PIL import Image as PILImage

from news.models import Image
from news.roles import assign_role
from news.sanitize import sanitize_html
from tests.factories import make_article, make_image
from tests.news.conftest import _user, change_url

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:news_article_images")
UPLOAD_URL = reverse("admin:news_article_image_upload")


def picture(image_format="PNG", name="photo.png"):
    out = BytesIO()
    PILImage.new("RGB", (64, 48), (10, 120, 200)).save(out, format=image_format)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{image_format.lower()}")


def library_image(number, **fields):
    return make_image(
        name=f"library-{number}.png",
        alt_text_zh_hans=f"图{number}",
        alt_text_en=f"Picture {number}",
        alt_text_my=f"ပုံ {number}",
        caption_zh_hans=f"临沧{number}",
        caption_en=f"Lincang {number}",
        **fields,
    )


def stored_files(media_root):
    return sorted(path.name for path in media_root.glob("images/**/*") if path.is_file())


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize("count", [1, 3])
def test_image_list_newest_first_in_the_body_language_under_fixed_queries(
    editor_client, count, django_assert_num_queries
):
    images = [library_image(number) for number in range(count)]
    # Session, user, the user's and the groups' permissions, the images.
    with django_assert_num_queries(5):
        response = editor_client.get(LIST_URL, {"language": "my"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    data = response.json()
    assert [(image["id"], image["alt"], image["caption"]) for image in data["images"]] == [
        (image.pk, f"ပုံ {number}", "") for number, image in reversed(list(enumerate(images)))
    ]
    assert data["more"] is False
    newest = data["images"][0]
    assert newest["src"] == f"/media/{images[-1].file.name}"
    assert newest["thumbnail"].startswith("/media/") and newest["thumbnail"].endswith(".webp")
    assert (newest["width"], newest["height"]) == (40, 30)


def test_image_list_gives_each_language_its_own_words_without_borrowing(editor_client):
    image = library_image(1)
    words = {
        language: editor_client.get(LIST_URL, {"language": language}).json()["images"][0]
        for language in ["zh-hans", "en", "my"]
    }
    assert {language: (item["alt"], item["caption"]) for language, item in words.items()} == {
        "zh-hans": ("图1", "临沧1"),
        "en": ("Picture 1", "Lincang 1"),
        # No Burmese caption in the library: an empty field to write in, never the Chinese one.
        "my": ("ပုံ 1", ""),
    }
    assert words["my"]["src"] == f"/media/{image.file.name}"


def test_image_list_search_matches_words_in_any_language(editor_client):
    first, _second, third = library_image(1), library_image(2), library_image(3, credit="新华社")
    found = {
        query: [item["id"] for item in editor_client.get(LIST_URL, {"language": "en", "q": query}).json()["images"]]
        for query in ["临沧1", "ပုံ 3", "新华社", "library-1", "nothing like it"]
    }
    assert found == {
        "临沧1": [first.pk],
        "ပုံ 3": [third.pk],
        "新华社": [third.pk],
        "library-1": [first.pk],
        "nothing like it": [],
    }


def test_image_list_refuses_an_unknown_language(editor_client):
    response = editor_client.get(LIST_URL, {"language": "fr"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["language"]


def test_image_list_offers_no_path_for_a_file_the_sanitiser_would_drop(editor_client):
    make_image(name="临沧.png", alt_text_en="Han file name")
    item = editor_client.get(LIST_URL, {"language": "en"}).json()["images"][0]
    assert item["src"] is None


def test_image_upload_saves_the_words_in_the_body_language(editor_client, media_root):
    response = editor_client.post(
        UPLOAD_URL,
        {
            "language": "my",
            "file": picture(name="临沧 市场.png"),
            "alt_text_my": "လင်ချန်း ဈေး",
            "caption_my": "လင်ချန်းမြို့ ဈေးကွက်",
            "credit": "Lincang Daily",
        },
    )
    assert response.status_code == 201
    image = Image.objects.get()
    assert (image.alt_text_my, image.caption_my, image.alt_text_zh_hans or "", image.credit) == (
        "လင်ချန်း ဈေး",
        "လင်ချန်းမြို့ ဈေးကွက်",
        "",
        "Lincang Daily",
    )
    data = response.json()
    assert (data["image"]["id"], data["image"]["alt"], data["warnings"]) == (image.pk, "လင်ချန်း ဈေး", [])
    # A name the body keeps, whatever the uploaded file was called.
    assert data["image"]["src"] == f"/media/{image.file.name}"
    assert image.file.name.startswith("images/") and image.file.name.endswith(".png") and image.file.name.isascii()
    figure = f'<figure><img src="{data["image"]["src"]}" alt="လင်ချန်း ဈေး"><figcaption>ဈေး</figcaption></figure>'
    assert sanitize_html(figure) == figure
    assert len(stored_files(media_root)) == 1


def test_image_upload_strips_exif_like_the_image_admin(editor_client):
    exif = PILImage.Exif()
    exif[0x010F] = "SecretCam"
    out = BytesIO()
    PILImage.new("RGB", (64, 48)).save(out, format="JPEG", exif=exif)
    response = editor_client.post(
        UPLOAD_URL,
        {"language": "en", "file": SimpleUploadedFile("a.jpg", out.getvalue(), "image/jpeg"), "alt_text_en": "A"},
    )
    assert response.status_code == 201
    with Image.objects.get().file.open("rb") as handle:
        assert b"SecretCam" not in handle.read()


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"file": picture("BMP", "scan.bmp"), "alt_text_my": "ပုံ"},
            {"file": ["JPEG၊ PNG၊ WebP နှင့် GIF ပုံများကိုသာ လက်ခံပါသည်။"]},
        ),
        (
            {"file": picture(), "alt_text_my": "ပုံ", "caption_my": "ျမန္မာႏိုင္ငံ"},
            {
                "caption_my": [
                    "ဤစာသားသည် ယူနီကုဒ် မဟုတ်ဘဲ ဇော်ဂျီ (Zawgyi) ဖြစ်ပုံရသည် (ဖြစ်နိုင်ခြေ 100%)။ မသိမ်းမီ ယူနီကုဒ်သို့ "
                    "ပြောင်းပါ၊ ဥပမာ ဇော်ဂျီ–ယူနီကုဒ် ပြောင်းစနစ်ဖြင့် ပြောင်းနိုင်သည်။"
                ]
            },
        ),
        (
            {"file": picture(), "alt_text_my": ""},
            {"alt_text_my": ["ပုံကို မမြင်နိုင်သော စာဖတ်သူများအတွက် ပုံကို ဖော်ပြပါ။"]},
        ),
    ],
    ids=["bmp", "zawgyi", "no-alt"],
)
def test_image_upload_refused_in_the_admin_language_and_nothing_saved(editor_client, media_root, fields, errors):
    response = editor_client.post(UPLOAD_URL, {"language": "my", **fields}, HTTP_ACCEPT_LANGUAGE="my")
    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_image_upload_leaves_no_file_when_the_database_refuses_the_row(editor_client, media_root):
    # A real refusal from the database after the file is stored: every insert into the library fails.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE news_image ADD CONSTRAINT picker_test_refuse CHECK (id < 0) NOT VALID")
        else:
            cursor.execute(
                "CREATE TRIGGER picker_test_refuse BEFORE INSERT ON news_image BEGIN SELECT RAISE(ABORT, 'full'); END"
            )
    with pytest.raises(DatabaseError):
        editor_client.post(UPLOAD_URL, {"language": "en", "file": picture(), "alt_text_en": "A picture"})
    assert stored_files(media_root) == []


def test_image_picker_is_a_404_for_anyone_not_staff(client, django_user_model):
    library_image(1)
    anonymous = [client.get(LIST_URL, {"language": "en"}).status_code, client.post(UPLOAD_URL).status_code]
    reader = django_user_model.objects.create_user(username="reader", password="pw-for-tests-only")
    # Even with the permissions: the admin is for staff only.
    assign_role(reader, "editor")
    client.force_login(reader)
    logged_in = [client.get(LIST_URL, {"language": "en"}).status_code, client.post(UPLOAD_URL).status_code]
    assert (anonymous, logged_in) == ([404, 404], [404, 404])


def test_image_picker_refuses_staff_without_the_permission(client):
    library_image(1)
    staff = get_user_model().objects.create_user(username="staff", password="pw-for-tests-only", is_staff=True)
    client.force_login(staff)
    assert client.get(LIST_URL, {"language": "en"}).status_code == 403
    # A Burmese translator may pick from the library but not add to it.
    client.force_login(_user("translator", "translator_my"))
    assert client.get(LIST_URL, {"language": "my"}).status_code == 200
    response = client.post(UPLOAD_URL, {"language": "my", "file": picture(), "alt_text_my": "ပုံ"})
    assert (response.status_code, Image.objects.count()) == (403, 1)


def test_change_form_carries_the_picker_and_its_script(client, editor):
    article = make_article(state="draft", created_by=editor)
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    assert html.count('<template id="image-picker"') == 1
    assert 'class="image-picker-upload-form"' in html
    assert "news/image-picker.js" in html and "news/image-picker.css" in html
    client.force_login(_user("translator", "translator_my"))
    html = client.get(change_url(article)).content.decode()
    assert html.count('<template id="image-picker"') == 1
    assert 'class="image-picker-upload-form"' not in html
