"""The newsroom's three roles as groups, with the permissions each one needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Editor": ["view_article", "add_article", "change_article", "submit_article", "view_column", "view_image",
               "add_image", "change_image"],
    "Reviewer": ["view_article", "change_article", "review_article", "view_column", "view_image", "change_image"],
    "Chief editor": ["view_article", "add_article", "change_article", "delete_article", "submit_article",
                     "review_article", "publish_article", "view_column", "add_column", "change_column",
                     "view_image", "add_image", "change_image", "delete_image"],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="news", codename__in=codenames))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_workflow_history_and_locking"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
