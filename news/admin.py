from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from . import services
from .forms import ArticleAdminForm, ColumnAdminForm, ImageAdminForm
from .models import Article, ArticleTransition, Column, Image

WORKFLOW_ACTIONS = {
    "submit": (services.article_submit, _("Submit for review")),
    "approve": (services.article_approve, _("Approve")),
    "return": (services.article_return, _("Return to the editor")),
    "publish": (services.article_publish, _("Publish or schedule")),
    "unpublish": (services.article_unpublish, _("Unpublish")),
}
LANGUAGE_LABELS = {"zh-hans": "zh", "en": "en", "my": "my"}
STATUS_LABELS = {"ready": _("ready"), "in_progress": _("in progress"), "missing": _("missing")}


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
    readonly_fields = ["state", "is_approved", "view_count"]
    inlines = [ArticleTransitionInline]
    actions = ["submit_selected", "approve_selected", "publish_selected", "unpublish_selected"]

    class Media:
        css = {"all": ["news/admin.css"]}

    # Roles: Django's permission check for each workflow step, used by actions and buttons alike.
    def has_submit_permission(self, request):
        return request.user.has_perm("news.submit_article")

    def has_review_permission(self, request):
        return request.user.has_perm("news.review_article")

    def has_publish_permission(self, request):
        return request.user.has_perm("news.publish_article")

    def has_change_permission(self, request, obj=None):
        """Editors change drafts; text in review is the reviewers' and chief's, published text the chief's."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or obj.state == Article.State.DRAFT:
            return True
        if obj.state == Article.State.IN_REVIEW:
            return self.has_review_permission(request) or self.has_publish_permission(request)
        return self.has_publish_permission(request)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("published_at")
        return fields

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
                    {"ready": "✓", "in_progress": "…"}.get(status, "✗"),
                )
                for code, status in obj.language_status().items()
            ),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if change:
            # The form checked the version; this conditional update closes the gap between check and save.
            claimed = Article.objects.filter(pk=obj.pk, version=form.cleaned_data.get("expected_version")).update(
                version=F("version") + 1
            )
            if not claimed:
                raise PermissionDenied(gettext("Someone else saved this article while you were editing it."))
            obj.version = form.cleaned_data["expected_version"] + 1
        super().save_model(request, obj, form, change)
        if not change:
            services.record_creation(article=obj, user=request.user)
        for warning in getattr(form, "zawgyi_warnings", []):
            messages.warning(request, warning)

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
        context["workflow_actions"] = [
            (name, label)
            for name, (_service, label) in WORKFLOW_ACTIONS.items()
            if services.can_transition(request.user, name, obj) and (obj is not None or name == "submit")
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


@admin.register(Image)
class ImageAdmin(ZawgyiWarningsMixin, TabbedTranslationAdmin):
    form = ImageAdminForm
    list_display = ["__str__", "credit", "width", "height", "created_at"]
    search_fields = ["caption_zh_hans", "caption_en", "caption_my", "credit"]
