"""The `demo` fixture (tests/conftest.py, tests/snapshot.py): the session's copy of `load_demo`, put back per test.

The tests of this module run in order: a test with the demo, then tests without it that must not see it.
"""

from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from news.models import Article, Image
from projects.models import Region, SignedProject
from tests.factories import make_article, make_project
from tests.snapshot import Snapshot


def row_counts():
    counts = {}
    with connection.cursor() as cursor:
        for table in Snapshot("unused__").tables():
            if table != "sqlite_sequence":
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
    return counts


def test_demo_holds_what_a_fresh_load_demo_writes(demo, media_root):
    with_demo = row_counts()
    assert with_demo["news_article"] > 0 and with_demo["projects_signedproject"] > 300
    # The pictures are in this test's own media folder.
    assert [image.file.storage.exists(image.file.name) for image in Image.objects.all()] == [True] * 3
    assert all(str(image.file.path).startswith(str(media_root)) for image in Image.objects.all())
    Snapshot("empty__").restore()  # the database as migrations left it, copied by the session's `demo_snapshot`
    assert row_counts()["news_article"] == 0
    call_command("load_demo", stdout=StringIO())
    assert row_counts() == with_demo


def test_rows_added_on_top_of_the_demo_get_new_keys(demo):
    # PostgreSQL's sequences are moved past the copied keys, SQLite's follow the rows.
    highest = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert make_article().pk > highest
    assert make_project().pk > SignedProject.objects.exclude(name_en__startswith="Project ").order_by("-pk")[0].pk


def test_admin_client_user_survives_the_demo(admin_client, demo):
    # `demo` replaces every table's rows, so it is set up before the test's other fixtures (tests/conftest.py).
    assert admin_client.get("/admin/").status_code == 200
    assert get_user_model().objects.filter(username="admin").exists()


def test_without_demo_the_database_is_as_migrations_left_it(db):
    assert (Article.objects.count(), SignedProject.objects.count(), get_user_model().objects.count()) == (0, 0, 0)
    # What data migrations put in stays.
    assert Region.objects.filter(code="5309").exists()
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editor", "Reviewer", "Chief editor"}
