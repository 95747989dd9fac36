from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Edition, Investor, Region, ReportedFigure, Sector, Session, SignedProject, Theme


@admin.register(Edition)
class EditionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "starts_on", "ends_on", "is_published"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Theme)
class ThemeAdmin(TabbedTranslationAdmin):
    list_display = ["name", "edition", "position"]


@admin.register(Session)
class SessionAdmin(TabbedTranslationAdmin):
    list_display = ["title", "edition", "kind", "theme", "starts_at", "is_published"]
    list_filter = ["edition", "kind"]


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
