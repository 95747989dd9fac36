from django.db import migrations

from projects.regions import PREFECTURES


def load_regions(apps, schema_editor):
    Region = apps.get_model("projects", "Region")
    for position, (code, zh, en, my) in enumerate(PREFECTURES):
        Region.objects.update_or_create(
            code=code,
            defaults={
                "name": zh,
                "name_zh_hans": zh,
                "name_en": en,
                "name_my": my,
                "position": position,
                "is_ready_zh_hans": True,
                "is_ready_en": True,
                "is_ready_my": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_register_constraint_origin")]

    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
