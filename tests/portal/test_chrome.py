import gzip

import pytest
from django.contrib.staticfiles import finders

from tests.html import tags

EXTERNAL = ("http://", "https://", "//")


def loaded_resources(html):
    """Everything a browser loads by itself: stylesheets, icons, scripts, images (every public page is checked for
    other hosts in the walk of tests/portal/test_sweep.py)."""
    resources = [link["href"] for link in tags(html, "link") if link.get("rel") in {"stylesheet", "icon", "preload"}]
    resources += [script["src"] for script in tags(html, "script") if "src" in script]
    resources += [image["src"] for image in tags(html, "img") if "src" in image]
    resources += [source["srcset"] for source in tags(html, "source") if "srcset" in source]
    return resources


def test_admin_loads_nothing_from_another_host_and_self_hosts_jquery_ui(admin_client, demo):
    from news.models import Article

    article = Article.objects.first()
    html = admin_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    scripts = [script["src"] for script in tags(html, "script") if "src" in script]
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in scripts
    assert [resource for resource in loaded_resources(html) if resource.startswith(EXTERNAL)] == []
    assert "googleapis" not in html


def test_admin_speaks_chinese_by_default(client, db):
    html = client.get("/admin/login/").content.decode()
    assert "登录" in html


@pytest.mark.parametrize(
    ("language", "breadcrumb", "home"),
    [("zh-hans", "您的位置是", "首页"), ("en", "You are here:", "Home"), ("my", "သင်၏ တည်နေရာ-", "ပင်မ")],
)
def test_breadcrumb_reads_like_the_source_portal(client, demo, language, breadcrumb, home):
    html = client.get(f"/{language}/pages/about/").content.decode()
    assert f'<span class="breadcrumb-label">{breadcrumb}</span>' in html
    assert f">{home}</a>" in html


def test_footer_shows_links_licences_host_and_hotline(client, demo):
    html = client.get("/zh-hans/").content.decode()
    for words in [
        "关于我们",
        "广告服务",
        "编辑部邮箱",
        "网站声明",
        "联系我们",
        "人民网",
        "滇ICP备",
        "主办",
        "新闻热线",
    ]:
        assert words in html, words


def test_chrome_is_editable_in_the_admin(admin_client, client, demo):
    from portal.models import SiteSettings

    site = SiteSettings.objects.get()
    data = {
        field.name: getattr(site, field.name)
        for field in SiteSettings._meta.fields
        if field.name != "id" and getattr(site, field.name) is not None
    }
    data["site_name_zh_hans"] = "新的站名"
    response = admin_client.post(f"/admin/portal/sitesettings/{site.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "新的站名" in client.get("/zh-hans/").content.decode()


def test_home_page_weighs_under_150_kb_compressed(client, demo):
    for language in ["zh-hans", "en", "my"]:
        html = client.get(f"/{language}/").content
        total = len(gzip.compress(html))
        for resource in loaded_resources(html.decode()):
            if resource.startswith("/static/"):
                path = finders.find(resource.removeprefix("/static/"))
                with open(path, "rb") as handle:
                    total += len(gzip.compress(handle.read()))
        if language == "my":
            with open(finders.find("fonts/NotoSansMyanmar-Regular.woff2"), "rb") as handle:
                total += len(handle.read())
        assert total < 150 * 1024, (language, total)


def test_the_navigation_follows_a_column_change_at_once(client, db):
    from tests.factories import make_column

    column = make_column(name_zh_hans="本地新闻", is_in_navigation=True)
    assert "本地新闻" in client.get("/zh-hans/").content.decode()
    # Cached with everything else per content generation: no key nor signal of its own to forget.
    column.name_zh_hans = "临沧要闻"
    column.save()
    html = client.get("/zh-hans/").content.decode()
    assert "临沧要闻" in html and "本地新闻" not in html
