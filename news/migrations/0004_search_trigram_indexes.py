"""Trigram GIN indexes for search, one per language column, on PostgreSQL only.

They are added outside the model state (RunPython) because SQLite cannot build
GIN indexes; there search falls back to a plain scan, which is correct, only slower.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

COLUMNS = [f"{field}_{suffix}" for field in ("title", "body") for suffix in ("zh_hans", "en", "my")]


def _indexes():
    return [GinIndex(fields=[column], opclasses=["gin_trgm_ops"], name=f"news_{column}_trgm") for column in COLUMNS]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("news", "Article")
    for index in _indexes():
        schema_editor.add_index(Article, index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("news", "Article")
    for index in _indexes():
        schema_editor.remove_index(Article, index)


class Migration(migrations.Migration):
    dependencies = [("news", "0003_roles")]

    operations = [TrigramExtension(), migrations.RunPython(create_indexes, drop_indexes)]
