from django.db import models
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import TranslatedContent, TranslatedQuerySet


class ColumnQuerySet(models.QuerySet):
    def in_navigation(self):
        """Top-level columns shown in the header navigation, in order."""
        return self.filter(is_in_navigation=True, parent__isnull=True).order_by("position", "pk")


class Column(models.Model):
    """A column (栏目) of the portal: headlines, local news, special topics."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent column"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_in_navigation = models.BooleanField(_("shown in navigation"), default=True)

    objects = ColumnQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:column-detail", kwargs={"slug": self.slug})


class Image(models.Model):
    """One picture of the image library, with its words in every language."""

    file = models.ImageField(_("file"), upload_to="images/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt_text = models.CharField(_("alternative text"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.caption or self.file.name


class ArticleQuerySet(TranslatedQuerySet):
    def published(self, language=None):
        """The one definition of public articles.

        Published state, a publication time that has come (so scheduled
        articles appear on time with no cron job), and available in `language`
        (the active language by default).
        """
        return self.filter(Q(state=Article.State.PUBLISHED) & Q(published_at__lte=timezone.now())).available_in(
            language
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def next_publication_at(self):
        """When the next scheduled article goes public, or None."""
        scheduled = self.filter(state=Article.State.PUBLISHED, published_at__gt=timezone.now())
        return scheduled.aggregate(next_at=Min("published_at"))["next_at"]


class Article(TranslatedContent):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    required_translations = ("title", "body")

    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    author = models.CharField(_("author"), max_length=100, blank=True)
    responsible_editor = models.CharField(_("responsible editor"), max_length=100, blank=True)
    column = models.ForeignKey(Column, verbose_name=_("column"), on_delete=models.PROTECT, related_name="articles")
    cover = models.ForeignKey(
        Image, verbose_name=_("cover image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    related_articles = models.ManyToManyField("self", verbose_name=_("related articles"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:article-detail", kwargs={"pk": self.pk})
