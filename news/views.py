from functools import partial

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from portal.stored_pages import release

from . import pages, services
from .models import Article, ArticleCard
from .pagination import NewestFirstPaginator
from .qr_codes import qr_code_svg
from .queries import article_links
from .view_counts import record_and_show, record_view


class ColumnDetailView(View):
    """A page of a column's public articles, newest first: its rows with their stored cards (one query) filled into
    the column's kept frame (news/pages.py)."""

    paginate_by = 20
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ("page",)

    @staticmethod
    def cache_when_read_again(request):
        # Past the first, a column's pages are read once in a while (crawlers, the archive): kept in the page cache
        # only when read again, like articles, so that such a read costs no lookup and no write.
        return request.GET.get("page", "1") != "1"

    def get(self, request, slug):
        frame = pages.column_frame(request, slug)
        if frame is None:
            raise Http404
        language = get_language()
        paginator = NewestFirstPaginator(
            lambda: Article.objects.published().in_column(slug).newest_first(),
            self.paginate_by,
            cache_key=f"column:{slug}:{language}",
            read_rows=partial(ArticleCard.objects.column_page, slug, language, release()),
        )
        number = request.GET.get("page") or 1
        try:
            page = paginator.page(paginator.num_pages if number == "last" else number)
        except InvalidPage as error:
            raise Http404 from error
        return HttpResponse(pages.column_page(request, frame, page))


class ArticleDetailView(View):
    """A public article: its stored page (news/pages.py), rendered and stored first if there is none."""

    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ()
    # Most articles are read once in a while (by crawlers, from old links): the page cache keeps one only when it is
    # read again, instead of writing every page to the cache for nobody.
    cache_when_read_again = True

    def get(self, request, pk):
        stored = pages.stored_page(request, pk)
        if stored is None:
            article = Article.objects.published().with_page().with_view_count().filter(pk=pk).first()
            if article is None:
                raise Http404
            html, view_count = pages.store(request, article), article.view_count
        else:
            html, view_count = stored
        response = HttpResponse(pages.serve(request, html, record_and_show(request, pk, view_count)))
        # The anonymous page cache calls this again for each reader it serves without this view.
        response.on_cache_hit = [(record_view, pk)]
        return response


class ArticleQrCodeView(View):
    """The QR code of a public article's address, as an SVG image.

    Drawing it costs more than the rest of the page (segno, about 10 ms), so the page links it instead of holding it:
    browsers fetch it once and keep it, crawlers do not fetch it.
    """

    cached_query_params = ()
    cache_when_read_again = True

    def get(self, request, pk):
        if not Article.objects.published().filter(pk=pk).exists():
            raise Http404
        page_url = request.build_absolute_uri(reverse("news:article-detail", kwargs={"pk": pk}))
        response = HttpResponse(qr_code_svg(page_url), content_type="image/svg+xml")
        patch_cache_control(response, public=True, max_age=86400)
        return response


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
        return Article.objects.select_related("column", "cover").with_view_count()

    def get_object(self, queryset=None):
        # The article as it will read once its waiting changes are published.
        return services.with_pending_changes(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        article = self.object
        crumbs = [{"name": article.column.name, "url": article.column.get_absolute_url()}, {"name": article.title}]
        return super().get_context_data(
            is_preview=True,
            crumbs=crumbs,
            links=article_links([article])[article.pk],
            views=article.view_count,
            **kwargs,
        )
