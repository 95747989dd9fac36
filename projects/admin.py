from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from . import programme
from .models import Edition, Investor, Region, ReportedFigure, Sector, Session, SignedProject, Theme

# Programme: editions with their themes, sessions and figures inline.


class EditionChildInline:
    """Inline whose session and theme choices stay inside the edition being edited."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("theme", "session"):
            object_id = request.resolver_match.kwargs.get("object_id")
            model = Theme if db_field.name == "theme" else Session
            kwargs["queryset"] = model.objects.filter(edition_id=object_id) if object_id else model.objects.none()
            if db_field.name == "theme":
                kwargs["help_text"] = _("Themes of this edition; save a new theme before choosing it here.")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ThemeInline(TranslationTabularInline):
    model = Theme
    extra = 0
    fields = ["position", "name", "description", "is_illustrative", "is_ready_zh_hans", "is_ready_en", "is_ready_my"]


class SessionInline(EditionChildInline, TranslationStackedInline):
    model = Session
    extra = 0
    fields = [
        ("kind", "theme"),
        ("starts_at", "ends_at"),
        "title",
        "description",
        "venue",
        "organisers",
        ("is_illustrative", "is_published"),
        ("is_ready_zh_hans", "is_ready_en", "is_ready_my"),
    ]
    autocomplete_fields = ["articles"]


class ReportedFigureInline(EditionChildInline, admin.TabularInline):
    model = ReportedFigure
    extra = 0
    fields = [
        "position",
        "metric",
        "value",
        "unit",
        "is_lower_bound",
        "as_of",
        "source_name",
        "source_url",
        "session",
        "region",
    ]


@admin.register(Edition)
class EditionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "starts_on", "ends_on", "is_published"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["programme_check"]
    inlines = [ThemeInline, SessionInline, ReportedFigureInline]
    fieldsets = [
        (_("Programme check"), {"fields": ["programme_check"]}),
        (None, {"fields": ["name", "slogan", "slug", "starts_on", "ends_on", "city", "venue", "hosts", "summary"]}),
        (
            _("Declared structure"),
            {
                "fields": [
                    "declared_main_count",
                    "declared_special_count",
                    "declared_extension_count",
                    "declared_theme_count",
                ]
            },
        ),
        (_("Publication"), {"fields": ["is_published", "is_ready_zh_hans", "is_ready_en", "is_ready_my"]}),
    ]

    @admin.display(description=_("programme check"))
    def programme_check(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Save the edition first; the check compares its sessions with the declared structure.")
        lines = programme.programme_check(obj)
        return format_html(
            '<ul class="programme-check">{}</ul>',
            format_html_join(
                "",
                '<li class="{}">{}{}</li>',
                (
                    ("warning" if warning else "ok", gettext("Warning: ") if warning else "", message)
                    for warning, message in lines
                ),
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            edition = self.get_object(request, object_id)
            if edition is not None:
                for warning, message in programme.programme_check(edition):
                    if warning:
                        self.message_user(request, message, level="warning")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Theme)
class ThemeAdmin(TabbedTranslationAdmin):
    list_display = ["name", "edition", "position", "is_illustrative"]
    list_filter = ["edition", "is_illustrative"]


@admin.register(Session)
class SessionAdmin(TabbedTranslationAdmin):
    list_display = ["title", "edition", "kind", "theme", "starts_at", "is_illustrative", "is_published"]
    list_filter = ["edition", "kind", "is_illustrative", "is_published"]
    search_fields = ["title_zh_hans", "title_en", "title_my"]
    autocomplete_fields = ["articles"]


# Programme ends; the project register follows.


@admin.register(Region)
class RegionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "code", "position"]


@admin.register(Sector)
class SectorAdmin(TabbedTranslationAdmin):
    list_display = ["name", "is_emerging"]


@admin.register(Investor)
class InvestorAdmin(TabbedTranslationAdmin):
    list_display = ["name", "origin"]


@admin.register(SignedProject)
class SignedProjectAdmin(TabbedTranslationAdmin):
    list_display = ["name", "edition", "sector", "region", "amount_yuan", "status", "is_published"]
    list_filter = ["edition", "sector", "region", "status"]


@admin.register(ReportedFigure)
class ReportedFigureAdmin(admin.ModelAdmin):
    list_display = ["metric", "value", "unit", "edition", "as_of", "source_name"]
    list_filter = ["edition", "metric"]
