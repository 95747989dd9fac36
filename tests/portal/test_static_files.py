"""The production static pipeline (portal/storage.py): our CSS minified, fingerprinted and compressed."""

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "static-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return static_root


def test_the_stylesheet_is_minified_and_named_after_its_content(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    served = collected / manifest["css/portal.css"]
    source = (ROOT / "static" / "css" / "portal.css").read_bytes()
    css = served.read_bytes()
    assert len(css) < 0.85 * len(source)
    assert b"/*" not in css and b"\n  " not in css
    digest = re.search(r"\.([0-9a-f]{12})\.css$", served.name).group(1)
    assert hashlib.md5(css, usedforsecurity=False).hexdigest()[:12] == digest
    assert (collected / f"{manifest['css/portal.css']}.gz").exists()


def test_every_url_in_the_stylesheet_points_at_a_collected_file(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    served = collected / manifest["css/portal.css"]
    urls = re.findall(r"url\(['\"]?([^)'\"]+)['\"]?\)", served.read_text())
    assert urls, "the stylesheet loads the Burmese font"
    for url in urls:
        if url.startswith("data:"):
            continue
        target = (served.parent / url.split("#")[0].split("?")[0]).resolve()
        assert target.exists(), url
        assert re.search(r"\.[0-9a-f]{12}\.", target.name), f"{url} is not fingerprinted"


def test_third_party_css_is_left_as_its_authors_made_it(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    admin = collected / manifest["admin/css/base.css"]
    assert b"/*" in admin.read_bytes()


def test_the_burmese_font_is_a_subset_loaded_only_for_burmese_text():
    font = ROOT / "static" / "fonts" / "NotoSansMyanmar-Regular.woff2"
    assert font.stat().st_size < 64 * 1024
    css = (ROOT / "static" / "css" / "portal.css").read_text()
    face = css[css.index("@font-face") : css.index("}", css.index("@font-face"))]
    assert "unicode-range: U+1000-109F" in face and "font-display: swap" in face
