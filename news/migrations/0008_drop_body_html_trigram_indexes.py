"""Search reads the plain-text bodies (body_text_*, 0006); the trigram indexes on the HTML bodies serve no query and
only slow every save, so they go. PostgreSQL only, like the indexes themselves."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

SUFFIXES = ("zh_hans", "en", "my")


def _indexes():
    return [GinIndex(fields=[f"body_{s}"], opclasses=["gin_trgm_ops"], name=f"news_body_{s}_trgm") for s in SUFFIXES]


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("news", "Article")
    for index in _indexes():
        schema_editor.remove_index(Article, index)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("news", "Article")
    for index in _indexes():
        schema_editor.add_index(Article, index)


class Migration(migrations.Migration):
    dependencies = [("news", "0007_public_list_indexes_and_availability")]

    operations = [migrations.RunPython(drop_indexes, create_indexes)]
