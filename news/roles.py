"""The newsroom's roles, as Django groups. The groups themselves come from a data migration."""

from django.contrib.auth.models import Group

ROLE_GROUPS = {
    "editor": "Editor",
    "reviewer": "Reviewer",
    "chief_editor": "Chief editor",
}


def assign_role(user, role):
    group, _created = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    user.groups.add(group)
