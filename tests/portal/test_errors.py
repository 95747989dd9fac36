import pytest
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def broken_view(request):
    raise RuntimeError("a bug the reader must never see")


urlpatterns = [*portal_urlpatterns, path("broken/", broken_view)]


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "页面不存在"), ("en", "Page not found"), ("my", "စာမျက်နှာ မတွေ့ပါ")]
)
def test_404_page_is_localized(client, demo, language, words):
    response = client.get(f"/{language}/news/999999/")
    assert response.status_code == 404
    assert words in response.content.decode()


@pytest.mark.urls("tests.portal.test_errors")
@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "服务器错误"), ("en", "Server error"), ("my", "ဆာဗာ အမှား")]
)
def test_500_page_is_localized_without_traceback(client, db, language, words):
    client.raise_request_exception = False
    response = client.get("/broken/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 500
    assert words in html
    assert "Traceback" not in html and "RuntimeError" not in html
