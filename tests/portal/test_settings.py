"""Settings built from environment variables, read in a fresh process as a server would read them."""

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

from django.conf import settings

from tests.portal.test_deploy import PRODUCTION

# Prints what a server process would use; S3 URLs are computed locally by boto3, without any network access.
REPORT = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
media = storages["default"]
print(json.dumps({
    "databases": {alias: {"HOST": db["HOST"], "NAME": db["NAME"], "MIRROR": db.get("TEST", {}).get("MIRROR")}
                  for alias, db in settings.DATABASES.items()},
    "routers": settings.DATABASE_ROUTERS,
    "media_class": f"{type(media).__module__}.{type(media).__name__}",
    "static_class": type(storages["staticfiles"]).__name__,
    "bucket": getattr(media, "bucket_name", None),
    "endpoint": getattr(media, "endpoint_url", None),
    "region": getattr(media, "region_name", None),
    "access_key": getattr(media, "access_key", None),
    "querystring_auth": getattr(media, "querystring_auth", None),
    "file_overwrite": getattr(media, "file_overwrite", None),
    "url": media.url("images/2026/05/cover.png"),
    "img_src": settings.SECURE_CSP["img-src"],
}))
"""
S3_MINIO = {
    "DJANGO_S3_BUCKET": "portal-media",
    "DJANGO_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "DJANGO_S3_REGION": "us-east-1",
    "DJANGO_S3_ACCESS_KEY_ID": "portal",
    "DJANGO_S3_SECRET_ACCESS_KEY": "a-secret-key",
}


def configured(env):
    """What a process started with `env` (on top of production values) makes of its settings."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_S3_", "DATABASE_REPLICA_")) and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    result = subprocess.run(
        [sys.executable, "-c", REPORT],
        cwd=settings.BASE_DIR,
        env={**inherited, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_without_replicas_or_bucket_one_database_and_the_local_folder():
    report = configured({})
    assert list(report["databases"]) == ["default"]
    assert report["routers"] == []
    assert report["media_class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert report["url"] == "/media/images/2026/05/cover.png"
    assert report["static_class"] == "PortalStaticFilesStorage"  # whitenoise's, with our CSS minified


def test_replica_urls_add_replicas_behind_the_router():
    report = configured(
        {
            "DATABASE_URL": "postgres://portal@primary.internal:5432/portal",
            "DATABASE_REPLICA_URLS": "postgres://portal@replica-a.internal:5432/portal, "
            "postgres://portal@replica-b.internal:5432/portal",
        }
    )
    assert report["databases"] == {
        "default": {"HOST": "primary.internal", "NAME": "portal", "MIRROR": None},
        "replica_1": {"HOST": "replica-a.internal", "NAME": "portal", "MIRROR": "default"},
        "replica_2": {"HOST": "replica-b.internal", "NAME": "portal", "MIRROR": "default"},
    }
    assert report["routers"] == ["portal.db_router.PrimaryReplicaRouter"]


def test_a_bucket_moves_media_to_s3_compatible_storage():
    report = configured(S3_MINIO)
    assert report["media_class"] == "storages.backends.s3.S3Storage"
    assert (report["bucket"], report["endpoint"], report["region"]) == (
        "portal-media",
        "http://127.0.0.1:9000",
        "us-east-1",
    )
    assert report["access_key"] == "portal"
    # Public, stable URLs, and no upload silently replaces another one.
    assert report["querystring_auth"] is False
    assert report["file_overwrite"] is False
    assert report["url"] == "http://127.0.0.1:9000/portal-media/images/2026/05/cover.png"
    # Static files stay with whitenoise.
    assert report["static_class"] == "PortalStaticFilesStorage"  # whitenoise's, with our CSS minified


def test_the_csp_lets_pages_show_images_from_wherever_media_urls_point():
    for env in (
        S3_MINIO,
        {**S3_MINIO, "DJANGO_S3_CUSTOM_DOMAIN": "media.example.org"},
        {"DJANGO_S3_BUCKET": "portal-media", "DJANGO_S3_REGION": "ap-east-1"},
    ):
        report = configured(env)
        assert origin(report["url"]) in report["img_src"], env
    custom = configured({**S3_MINIO, "DJANGO_S3_CUSTOM_DOMAIN": "news.example.org/media"})
    assert custom["url"] == "https://news.example.org/media/images/2026/05/cover.png"


def test_check_deploy_is_clean_with_replicas_and_a_bucket(tmp_path):
    env = {
        **PRODUCTION,
        **S3_MINIO,
        # As in test_deploy.py: the model checks open the primary (never a replica), which need not exist here.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        "DATABASE_REPLICA_URLS": "postgres://portal@replica-a.internal:5432/portal",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
