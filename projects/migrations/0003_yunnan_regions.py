from django.db import migrations

from projects.regions import load_prefectures


def load_regions(apps, schema_editor):
    load_prefectures(apps.get_model("projects", "Region"))


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_register_constraint_origin")]

    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
