from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from portal.cache import cached_for_generation

from . import services
from .models import Article, Column
from .pagination import NewestFirstPaginator
from .view_counts import record_view, shown_views


class ColumnDetailView(ListView):
    template_name = "news/column_detail.html"
    paginate_by = 20
    context_object_name = "articles"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ("page",)

    def get_queryset(self):
        self.column = get_object_or_404(Column, slug=self.kwargs["slug"])
        return Article.objects.published().filter(column=self.column).with_card(excerpt=True).newest_first()

    def get_paginator(self, queryset, per_page, **kwargs):
        return NewestFirstPaginator(queryset, per_page, cache_key=f"column:{self.column.pk}:{get_language()}", **kwargs)

    def get_context_data(self, **kwargs):
        # Cards with their column and an excerpt, as search shows them (the home page's cards are shorter).
        context = super().get_context_data(
            column=self.column, crumbs=[{"name": self.column.name}], card_details=True, **kwargs
        )
        # The page's <head> is kept rendered per column and page (base.html).
        context["head_key"] = f"column:{self.column.pk}:{context['page_obj'].number}"
        return context


class ArticleDetailView(DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ()

    def get_queryset(self):
        return Article.objects.published().with_page()

    def get_object(self, queryset=None):
        # The public row is kept like the page's fragments, until content changes; the view count comes from the
        # counter (view_counts.shown_views), not from this row.
        pk = self.kwargs["pk"]
        article = cached_for_generation(
            f"article-row:{get_language()}:{pk}", lambda: self.get_queryset().filter(pk=pk).first()
        )
        if article is None:
            raise Http404
        return article

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_view(request, self.object.pk)
        # The anonymous page cache calls this again for each reader it serves without this view.
        response.on_cache_hit = [(record_view, self.object.pk)]
        return response

    def get_context_data(self, **kwargs):
        article = self.object
        crumbs = [{"name": article.column.name, "url": article.column.get_absolute_url()}, {"name": article.title}]
        # Lazy: read only when the page's cached fragments are out of date.
        return super().get_context_data(
            available_languages=article.public_languages(),
            crumbs=crumbs,
            links=SimpleLazyObject(article.page_links),
            views=shown_views(article),
            head_key=f"article:{article.pk}",
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, DetailView):
    """Any article in any language and state, for the people who may change it; never cached, never counted."""

    template_name = "news/article_detail.html"
    context_object_name = "article"
    permission_required = "news.change_article"
    raise_exception = True

    def handle_no_permission(self):
        # Nobody else learns that the article exists.
        raise Http404

    def get_queryset(self):
        return Article.objects.select_related("column", "cover")

    def get_object(self, queryset=None):
        # The article as it will read once its waiting changes are published.
        return services.with_pending_changes(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        article = self.object
        crumbs = [{"name": article.column.name, "url": article.column.get_absolute_url()}, {"name": article.title}]
        return super().get_context_data(
            is_preview=True,
            crumbs=crumbs,
            links=article.page_links(),
            views=article.view_count,
            **kwargs,
        )
