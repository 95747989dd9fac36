from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import Article, Column


class ColumnDetailView(ListView):
    template_name = "news/column_detail.html"
    paginate_by = 20
    context_object_name = "articles"

    def get_queryset(self):
        self.column = get_object_or_404(Column, slug=self.kwargs["slug"])
        return Article.objects.published().filter(column=self.column).newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(column=self.column, crumbs=[{"name": self.column.name}], **kwargs)


class ArticleDetailView(DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("column")

    def get_context_data(self, **kwargs):
        article = self.object
        crumbs = [{"name": article.column.name, "url": article.column.get_absolute_url()}, {"name": article.title}]
        return super().get_context_data(available_languages=article.available_languages, crumbs=crumbs, **kwargs)
