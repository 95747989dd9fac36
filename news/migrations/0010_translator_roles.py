"""The translator roles as groups (one language's texts of any article), and the glossary for every role."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Translator (Chinese)": ["view_article", "change_article", "translate_zh_hans", "view_column", "view_image",
                             "view_glossaryterm"],
    "Translator (English)": ["view_article", "change_article", "translate_en", "view_column", "view_image",
                             "view_glossaryterm"],
    "Translator (Burmese)": ["view_article", "change_article", "translate_my", "view_column", "view_image",
                             "view_glossaryterm"],
}
GLOSSARY = {
    "Editor": ["view_glossaryterm", "add_glossaryterm", "change_glossaryterm"],
    "Reviewer": ["view_glossaryterm", "add_glossaryterm", "change_glossaryterm"],
    "Chief editor": ["view_glossaryterm", "add_glossaryterm", "change_glossaryterm", "delete_glossaryterm"],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [*ROLES.items(), *GLOSSARY.items()]:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="news", codename__in=codenames))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("news", "0009_translation_desk")]

    operations = [migrations.RunPython(create_roles, remove_roles)]
