import base64
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from . import programme
from .models import (
    Edition,
    Investor,
    ProjectStatusChange,
    Region,
    ReportedFigure,
    Sector,
    Session,
    SignedProject,
    Theme,
)
from .services import UNITS, ImportFileError, projects_import, signed_project_record_status

IMPORT_SALT = "projects.import"

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
    search_fields = ["name_zh_hans", "name_en", "name_my"]


# --- Project register (issue 5) -------------------------------------------------------------------


class SignedProjectAdminForm(forms.ModelForm):
    """The amount is typed with its unit, because 亿/万 slips are the classic error of project registers.

    Built for SignedProjectAdmin, which supplies the model and leaves `amount_yuan` out.
    """

    amount_value = forms.DecimalField(
        label=_("amount"), required=False, min_value=Decimal("0.01"), max_digits=20, decimal_places=6
    )
    amount_unit = forms.ChoiceField(
        label=_("amount unit"), required=False, choices=[("", "---------")] + [(unit, unit) for unit in UNITS]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        amount = self.instance.amount_yuan
        if amount is not None and not self.is_bound:
            unit = "亿元" if amount >= UNITS["亿元"] else "万元" if amount >= UNITS["万元"] else "元"
            self.initial["amount_value"] = (amount / UNITS[unit]).normalize()
            self.initial["amount_unit"] = unit
        self.fields["amount_value"].help_text = _("Leave empty when the amount was not disclosed.")

    def clean(self):
        cleaned = super().clean()
        value, unit = cleaned.get("amount_value"), cleaned.get("amount_unit")
        if value is not None and not unit:
            self.add_error("amount_unit", _("Give the unit of the amount: 元, 万元 or 亿元."))
        elif value is not None:
            amount = (value * UNITS[unit]).quantize(Decimal("0.01"))
            if amount >= Decimal(10) ** 16:
                self.add_error("amount_value", _("The amount must be positive and below 10 quadrillion yuan."))
            self.instance.amount_yuan = amount
        else:
            self.instance.amount_yuan = None
        return cleaned


class ProjectStatusChangeInline(admin.TabularInline):
    model = ProjectStatusChange
    extra = 0


class ImportForm(forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("CSV (UTF-8 or GB18030) or XLSX; see the import format."))


@admin.register(SignedProject)
class SignedProjectAdmin(TabbedTranslationAdmin):
    form = SignedProjectAdminForm
    exclude = ["amount_yuan"]
    list_display = ["name", "edition", "sector", "region", "amount_yuan", "status", "is_illustrative", "is_published"]
    list_filter = ["edition", "sector", "region", "status", "is_illustrative", "is_published"]
    list_select_related = ["edition", "sector", "region"]
    search_fields = ["name_zh_hans", "name_en", "name_my"]
    autocomplete_fields = ["investor"]
    raw_id_fields = ["source_article"]
    filter_horizontal = ["articles"]
    inlines = [ProjectStatusChangeInline]
    change_list_template = "admin/projects/signedproject/change_list.html"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inline, so that a status change the editor dated there is the one kept.
        if "status" in form.changed_data:
            signed_project_record_status(project=form.instance)

    def get_urls(self):
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="projects_signedproject_import",
            )
        ]
        return custom + super().get_urls()

    def import_view(self, request):
        """Upload, preview (a dry run) and confirm: the file travels signed between the two steps."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Import projects")}
        form = ImportForm()
        if request.method == "POST" and "payload" in request.POST:
            try:
                payload = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=3600)
            except signing.BadSignature:
                messages.error(request, _("The preview has expired; upload the file again."))
                return redirect("admin:projects_signedproject_import")
            result = projects_import(data=base64.b64decode(payload["data"]), filename=payload["name"], dry_run=False)
            if result.ok:
                messages.success(
                    request,
                    _("Imported: %(created)s created, %(updated)s updated.")
                    % {"created": len(result.created), "updated": len(result.updated)},
                )
                return redirect("admin:projects_signedproject_changelist")
            context["result"] = result
        elif request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read()
                try:
                    result = projects_import(data=data, filename=upload.name, dry_run=True)
                except ImportFileError as error:
                    form.add_error("file", str(error))
                else:
                    context["result"] = result
                    if result.ok:
                        context["payload"] = signing.dumps(
                            {"name": upload.name, "data": base64.b64encode(data).decode()},
                            salt=IMPORT_SALT,
                            compress=True,
                        )
        context["form"] = form
        return TemplateResponse(request, "admin/projects/signedproject/import.html", context)


@admin.register(ReportedFigure)
class ReportedFigureAdmin(admin.ModelAdmin):
    list_display = ["metric", "value", "unit", "edition", "as_of", "source_name"]
    list_filter = ["edition", "metric"]
