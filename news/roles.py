"""The newsroom's roles, as Django groups. The groups themselves come from a data migration (0003_roles)."""

from django.contrib.auth.models import Group, Permission

ROLE_GROUPS = {
    "editor": "Editor",
    "reviewer": "Reviewer",
    "chief_editor": "Chief editor",
    "translator_zh_hans": "Translator (Chinese)",
    "translator_en": "Translator (English)",
    "translator_my": "Translator (Burmese)",
}

# Kept equal to the data migration's copy; assign_role re-applies them so a flushed test database still works.
ROLE_PERMISSIONS = {
    "editor": [
        "view_article",
        "add_article",
        "change_article",
        "submit_article",
        "view_column",
        "view_image",
        "add_image",
        "change_image",
        "view_glossaryterm",
        "add_glossaryterm",
        "change_glossaryterm",
    ],
    "reviewer": [
        "view_article",
        "change_article",
        "review_article",
        "view_column",
        "view_image",
        "change_image",
        "view_glossaryterm",
        "add_glossaryterm",
        "change_glossaryterm",
    ],
    "chief_editor": [
        "view_article",
        "add_article",
        "change_article",
        "delete_article",
        "submit_article",
        "review_article",
        "publish_article",
        "view_column",
        "add_column",
        "change_column",
        "view_image",
        "add_image",
        "change_image",
        "delete_image",
        "view_glossaryterm",
        "add_glossaryterm",
        "change_glossaryterm",
        "delete_glossaryterm",
    ],
    # Translators change one language's texts of any article, in any state (services.editable_fields).
    "translator_zh_hans": [
        "view_article",
        "change_article",
        "translate_zh_hans",
        "view_column",
        "view_image",
        "view_glossaryterm",
    ],
    "translator_en": [
        "view_article",
        "change_article",
        "translate_en",
        "view_column",
        "view_image",
        "view_glossaryterm",
    ],
    "translator_my": [
        "view_article",
        "change_article",
        "translate_my",
        "view_column",
        "view_image",
        "view_glossaryterm",
    ],
}


def assign_role(user, role):
    group, _created = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="news", codename__in=ROLE_PERMISSIONS[role])
    )
    user.groups.add(group)
