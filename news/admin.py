from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Article, Column, Image


@admin.register(Column)
class ColumnAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "parent", "position", "is_in_navigation"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = ["title", "column", "state", "published_at", "view_count"]
    list_filter = ["state", "column"]
    search_fields = ["title_zh_hans", "title_en", "title_my"]
    date_hierarchy = "published_at"


@admin.register(Image)
class ImageAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "credit", "width", "height", "created_at"]
