import json

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin
from reversion.models import Version

from portal.models import field_suffix

from . import image_picker, services
from .diffs import changed_paragraphs, inline_diff
from .forms import ArticleAdminForm, ColumnAdminForm, ImageAdminForm, RestoreForm
from .glossary import glossary_warnings, language_name
from .models import Article, ArticleTransition, ArticleViews, Column, GlossaryTerm, Image
from .sanitize import sanitize_html

WORKFLOW_ACTIONS = {
    "submit": (services.article_submit, _("Submit for review")),
    "approve": (services.article_approve, _("Approve")),
    "return": (services.article_return, _("Return to the editor")),
    "publish": (services.article_publish, _("Publish or schedule")),
    "unpublish": (services.article_unpublish, _("Unpublish")),
    "publish_correction": (services.article_publish_correction, _("Save and publish the changes")),
    "discard_correction": (services.article_discard_correction, _("Discard the waiting changes")),
}
LANGUAGE_LABELS = {"zh-hans": "zh", "en": "en", "my": "my"}
# Saved when a correction is held: every stored column but the update time (generated columns are never written).
CONCRETE_FIELDS = [
    field.attname
    for field in Article._meta.concrete_fields
    if not field.primary_key and not getattr(field, "generated", False)
]
STATUS_LABELS = {
    "ready": _("ready"),
    "in_progress": _("in progress"),
    "missing": _("missing"),
    "outdated": _("outdated"),
}


class ZawgyiWarningsMixin:
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in getattr(form, "zawgyi_warnings", []):
            messages.warning(request, warning)


@admin.register(Column)
class ColumnAdmin(ZawgyiWarningsMixin, TabbedTranslationAdmin):
    form = ColumnAdminForm
    list_display = ["name", "slug", "parent", "position", "is_in_navigation"]
    prepopulated_fields = {"slug": ["name_en"]}


class ArticleTransitionInline(admin.TabularInline):
    model = ArticleTransition
    extra = 0
    can_delete = False
    fields = ["created_at", "user", "from_state", "to_state", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("workflow history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(VersionAdmin, TabbedTranslationAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/news/article/change_form.html"
    list_display = ["title", "state_label", "language_board", "column", "published_at", "view_count"]
    list_filter = ["state", "column", "is_ready_zh_hans", "is_ready_en", "is_ready_my", "is_approved"]
    search_fields = ["title_zh_hans", "title_en", "title_my"]
    date_hierarchy = "published_at"
    list_select_related = ["column"]
    autocomplete_fields = ["related_articles"]
    raw_id_fields = ["cover"]
    # The state is shown once, as state_label says it ("Scheduled" included), never edited in the form.
    exclude = ["state"]
    readonly_fields = ["state_label", "is_approved", "view_count"]
    inlines = [ArticleTransitionInline]
    actions = ["submit_selected", "approve_selected", "publish_selected", "unpublish_selected"]

    class Media:
        css = {"all": ["news/admin.css", "news/image-picker.css"]}
        js = ["news/admin-tabs.js", "news/image-picker.js"]

    # Roles: Django's permission check for each workflow step, used by actions and buttons alike.
    def has_submit_permission(self, request):
        return request.user.has_perm("news.submit_article")

    def has_review_permission(self, request):
        return request.user.has_perm("news.review_article")

    def has_publish_permission(self, request):
        return request.user.has_perm("news.publish_article")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # Editors by the state rule; translators, in any state, for their languages' fields only.
        return services.can_edit(request.user, obj) or services.editable_fields(request.user, obj) != []

    # A deleted article would come back in its old state, published perhaps: only a chief editor may recover one.
    def recoverlist_view(self, request, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    TRANSLATION_PANEL = ["pending_correction", "translation_status", "source_text"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("published_at")
        if obj is not None:
            fields += self.TRANSLATION_PANEL
        allowed = services.editable_fields(request.user, obj) if obj is not None else None
        if allowed is not None:
            # A translator's form holds their languages' fields only: whatever else a POST carries is ignored.
            originals = set(self.trans_opts.all_fields)
            editable = [field.name for field in Article._meta.fields if field.editable] + ["related_articles"]
            fields += [
                self.shown_as(name, allowed)
                for name in editable
                if name not in allowed and name not in originals and name not in fields and name != "state"
            ]
        return fields

    def shown_as(self, name, allowed):
        # Bodies that cannot be changed are shown as readers will see them, not as their HTML source.
        if name.startswith("body_") and (allowed is None or name not in allowed):
            return f"rendered_{name}"
        return name

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        allowed = [] if not self.has_change_permission(request, obj) else services.editable_fields(request.user, obj)
        fieldsets = [
            (
                name,
                {
                    **options,
                    "fields": [
                        self.shown_as(field, allowed) if allowed is not None else field
                        for field in options["fields"]
                        if field not in self.TRANSLATION_PANEL
                    ],
                },
            )
            for name, options in fieldsets
        ]
        panel = (_("Translation"), {"fields": self.TRANSLATION_PANEL, "classes": ["translation-panel"]})
        return [panel, *fieldsets]

    def get_form(self, request, obj=None, **kwargs):
        if kwargs.get("fields"):
            # The rendered bodies and the translation panel are displays, not form fields.
            kwargs["fields"] = [
                name
                for name in kwargs["fields"]
                if not name.startswith("rendered_body_") and name not in self.TRANSLATION_PANEL
            ]
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=_("changes waiting for publication"))
    def pending_correction(self, obj):
        live = getattr(obj, "live_values", {})
        if not live:
            return gettext("None: readers see what this form shows.")
        rows = [
            (
                capfirst(str(Article._meta.get_field(name).verbose_name)),
                field_diff(Article._meta.get_field(name), old, getattr(obj, name)),
            )
            for name, old in live.items()
        ]
        return format_html(
            '<div class="pending-correction"><p>{}</p><dl>{}</dl></div>',
            gettext("Readers still see the live version. Waiting since %(time)s, compared with what is live:")
            % {"time": date_format(timezone.localtime(obj.pending_changed_at), "DATETIME_FORMAT")},
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows),
        )

    @admin.display(description=_("translations"))
    def translation_status(self, obj):
        rows = []
        for code, status in obj.language_status().items():
            source = code == obj.source_language
            label = gettext("source text") if source else STATUS_LABELS[status]
            changes = [] if source or status != "outdated" else services.translation_changes_since(obj, code)
            rows.append(
                format_html(
                    '<li><span class="lang-status lang-status-{}">{} · {}</span>{}</li>',
                    "ready" if source else status,
                    LANGUAGE_LABELS[code],
                    label,
                    format_html(
                        '<div class="changed-since"><p>{}</p><ol>{}</ol></div>',
                        gettext("Changed in the source text since this translation was saved:"),
                        format_html_join("", "<li>{}</li>", ((change,) for change in changes)),
                    )
                    if changes
                    else "",
                )
            )
        return format_html(
            '<ul class="translation-status">{}</ul>', format_html_join("", "{}", ((row,) for row in rows))
        )

    @admin.display(description=_("source text"))
    def source_text(self, obj):
        suffix = field_suffix(obj.source_language)
        return format_html(
            '<div class="source-text" lang="{}"><p class="source-title">{}</p>{}</div>',
            obj.source_language,
            getattr(obj, f"title_{suffix}") or "",
            mark_safe(sanitize_html(getattr(obj, f"body_{suffix}") or "")),  # noqa: S308 -- sanitised to the allowlist
        )

    def view_on_site(self, obj):
        # A draft, or a language not yet public, has no public page: editors go to its preview instead.
        if Article.objects.published().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return reverse("news:article-preview", kwargs={"pk": obj.pk})

    def get_queryset(self, request):
        return super().get_queryset(request).with_view_count()

    @admin.display(description=_("views"), ordering="view_count")
    def view_count(self, obj):
        if hasattr(obj, "view_count"):
            return obj.view_count
        # An article not read through get_queryset: an old revision shown for recovery, a new one.
        return ArticleViews.objects.filter(article_id=obj.pk).values_list("count", flat=True).first() or 0

    @admin.display(description=_("state"), ordering="state")
    def state_label(self, obj):
        if obj.is_scheduled:
            return format_html('<span class="state state-scheduled">{}</span>', gettext("Scheduled"))
        return format_html('<span class="state state-{}">{}</span>', obj.state, obj.get_state_display())

    @admin.display(description=_("languages"))
    def language_board(self, obj):
        return format_html_join(
            " ",
            '<span class="lang-status lang-status-{}" title="{}">{} {}</span>',
            (
                (
                    status,
                    STATUS_LABELS[status],
                    LANGUAGE_LABELS[code],
                    {"ready": "✓", "in_progress": "…", "outdated": "!"}.get(status, "✗"),
                )
                for code, status in obj.language_status().items()
            ),
        )

    def get_object(self, request, object_id, from_field=None):
        # Editors work on a published article's waiting changes, not on what readers see.
        article = super().get_object(request, object_id, from_field)
        return services.with_pending_changes(article) if article is not None else None

    def save_model(self, request, obj, form, change):
        warnings = [*getattr(form, "zawgyi_warnings", []), *glossary_warnings(vars(obj), obj.source_language)]
        if change:
            # The form claimed this version and holds the row's lock until the save commits.
            obj.version = form.next_version
        else:
            obj.created_by = request.user
        if change and services.is_live(obj.pk):
            # Readers keep the live text until a chief editor publishes the changes; nothing they see changed, so
            # neither does the row's update time (feeds, sitemaps).
            services.article_hold_correction(article=obj, changed_fields=form.changed_data)
            obj.save(update_fields=[name for name in CONCRETE_FIELDS if name != "updated_at"])
        else:
            obj.pending_changes, obj.pending_changed_at = {}, None
            services.article_note_translation_changes(article=obj, changed_fields=form.changed_data)
            super().save_model(request, obj, form, change)
        if not change:
            services.record_creation(article=obj, user=request.user)
        for warning in warnings:
            messages.warning(request, warning)

    # Revisions: the article alone is versioned, and restoring one brings back its texts through the rules. Their
    # comments are stored as data (Django's change messages, workflow steps, restores) and worded when shown, so the
    # history reads in the language of whoever opens it.

    object_history_template = "admin/news/article/object_history.html"

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message or "[]")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message or "[]")
        return entry

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        for action in getattr(response, "context_data", {}).get("action_list", []):
            action["comment"] = describe_revision(action["revision"].comment)
        return response

    def _reversion_autoregister(self, model, follow):
        # Not the workflow history (the inline): it is append-only and must never be reverted with a revision.
        if model is Article:
            super()._reversion_autoregister(model, ())

    def get_urls(self):
        queue = path(
            "translations/", self.admin_site.admin_view(self.translation_queue_view), name="news_article_translations"
        )
        # The body editors' image picker (news/image_picker.py), answering JSON to static/news/image-picker.js.
        picker = [
            path("images/", never_cache(image_picker.image_list), name="news_article_images"),
            path("images/upload/", never_cache(image_picker.image_upload), name="news_article_image_upload"),
        ]
        return [queue, *picker, *super().get_urls()]

    def translation_queue_view(self, request):
        """Per language, the articles whose translation is missing or outdated, newest first."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        mine = services.translator_languages(request.user)
        languages = [code for code, _name in settings.LANGUAGES if not mine or code in mine]
        queues = []
        for code in languages:
            articles = Article.objects.needing_translation(code).select_related("column")[:50]
            rows = [(article, STATUS_LABELS[article.language_status()[code]]) for article in articles]
            queues.append((code, language_name(code), rows))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Translation queue"),
            "queues": queues,
            "languages": dict(settings.LANGUAGES),
        }
        return TemplateResponse(request, "admin/news/article/translation_queue.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """What restoring this revision would change, per field and language; restored on confirmation."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
        if not services.can_edit(request.user, article):
            raise PermissionDenied
        form = RestoreForm(request.POST or None, initial={"expected_version": article.version})
        if request.method == "POST" and form.is_valid():
            try:
                services.article_restore(
                    article=article,
                    version=version,
                    user=request.user,
                    expected_version=form.cleaned_data["expected_version"],
                )
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
                return HttpResponseRedirect(request.path)
            messages.success(request, gettext("The earlier text of “%(title)s” is back.") % {"title": article})
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "version": version,
            "form": form,
            "changes": self.restore_changes(article, version),
            "title": gettext("Restore an earlier version of “%(title)s”") % {"title": article},
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/news/article/restore_confirm.html", context)

    def restore_changes(self, article, version):
        changes = services.article_revision_changes(article=article, version=version)
        return [{"label": field.verbose_name, "diff": field_diff(field, old, new)} for field, old, new in changes]

    def _run_workflow(self, request, obj):
        action = request.POST.get("_workflow")
        if action not in WORKFLOW_ACTIONS:
            return False
        service, _label = WORKFLOW_ACTIONS[action]
        try:
            service(article=obj, user=request.user, comment=request.POST.get("workflow_comment", ""))
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error) or gettext("Not allowed.")])))
        else:
            messages.success(request, gettext("“%(title)s”: done.") % {"title": obj})
        return True

    def response_change(self, request, obj):
        if self._run_workflow(request, obj):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if self._run_workflow(request, obj):
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["preview_url"] = reverse("news:article-preview", kwargs={"pk": obj.pk}) if obj else None
        context["workflow_actions"] = [
            (name, label)
            for name, (_service, label) in WORKFLOW_ACTIONS.items()
            if services.can_transition(request.user, name, obj)
            and (obj is not None or name == "submit")
            and (name != "discard_correction" or obj.pending_changes)
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _bulk(self, request, queryset, service):
        done = 0
        for article in queryset:
            try:
                service(article=article, user=request.user, comment=gettext("Bulk action"))
                done += 1
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, f"{article}: {' '.join(getattr(error, 'messages', [str(error)]))}")
        if done:
            messages.success(request, gettext("%(count)d articles changed.") % {"count": done})

    @admin.action(description=_("Submit the selected articles for review"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_submit)

    @admin.action(description=_("Approve the selected articles"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_approve)

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_publish)

    @admin.action(description=_("Unpublish the selected articles"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_unpublish)


def field_diff(field, old, new):
    """What changed in one field, for editors: bodies paragraph by paragraph, related rows by their names."""
    if field.is_relation:
        related = field.related_model._default_manager
        return inline_diff(related.filter(pk=old).first() or "", related.filter(pk=new).first() or "")
    if field.name.startswith("body_"):
        return format_html_join("", "<p>{}</p>", ((part,) for part in changed_paragraphs(old, new)))
    return inline_diff(old, new)


def rendered_body(code):
    name = f"body_{field_suffix(code)}"

    @admin.display(description=Article._meta.get_field(name).verbose_name)
    def display(self, obj):
        return mark_safe(sanitize_html(getattr(obj, name)))  # noqa: S308 -- sanitised to the allowlist

    return display


for _code, _name in settings.LANGUAGES:
    setattr(ArticleAdmin, f"rendered_body_{field_suffix(_code)}", rendered_body(_code))


def describe_revision(comment):
    """A revision's stored comment in the active language: field names, workflow steps and restores translated."""
    try:
        parts = json.loads(comment)
    except ValueError:
        return comment  # written before comments were stored as data
    if not isinstance(parts, list):
        return comment
    with override(None):
        english = {capfirst(str(field.verbose_name)): field for field in Article._meta.fields}
    sentences = []
    for part in parts:
        if "workflow" in part:
            step = part["workflow"]
            label = WORKFLOW_ACTIONS.get(step.get("action"), (None, step.get("action")))[1]
            sentences.append(f"{label}: {step['comment']}" if step.get("comment") else str(label))
        elif "restored" in part:
            saved_at = parse_datetime(part["restored"].get("saved_at", ""))
            when = date_format(timezone.localtime(saved_at), "DATETIME_FORMAT") if saved_at else ""
            sentences.append(gettext("Restored the text of %(date)s") % {"date": when})
        elif "changed" in part:
            names = part["changed"].get("fields", [])
            labels = [capfirst(str(english[name].verbose_name)) if name in english else name for name in names]
            sentences.append(gettext("Changed %(fields)s.") % {"fields": get_text_list(labels, gettext("and"))})
        elif "added" in part:
            sentences.append(gettext("Added."))
    return " ".join(sentences) or gettext("Saved.")


@admin.register(Image)
class ImageAdmin(ZawgyiWarningsMixin, TabbedTranslationAdmin):
    form = ImageAdminForm
    list_display = ["__str__", "credit", "width", "height", "created_at"]
    search_fields = ["caption_zh_hans", "caption_en", "caption_my", "credit"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(TabbedTranslationAdmin):
    list_display = ["term_zh_hans", "term_en", "term_my", "variants"]
    search_fields = ["term_zh_hans", "term_en", "term_my", "variants"]
