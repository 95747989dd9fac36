from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import FooterLink, Page, SiteSettings

admin.site.site_header = _("News portal administration")
admin.site.site_title = _("News portal")
admin.site.index_title = _("Editor's desk")


@admin.register(SiteSettings)
class SiteSettingsAdmin(TabbedTranslationAdmin):
    list_display = ["site_name", "hotline"]

    def has_add_permission(self, request):
        # One row of settings; the demo loader or a migration creates it.
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FooterLink)
class FooterLinkAdmin(TabbedTranslationAdmin):
    list_display = ["title", "group", "url", "position", "is_visible"]
    list_editable = ["position", "is_visible"]
    list_filter = ["group", "is_visible"]


@admin.register(Page)
class PageAdmin(TabbedTranslationAdmin):
    list_display = ["title", "slug", "is_published"]
