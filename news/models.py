import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from weakref import WeakKeyDictionary

from django.conf import settings
from django.core.files.images import get_image_dimensions
from django.db import connections, models
from django.db.models import BooleanField, Count, F, Min, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, StrIndex, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.models import LANGUAGE_CODES, TranslatedContent, TranslatedQuerySet, availability_field, field_suffix

from .grams import answers as grams_answer
from .grams import grams

# The slice of a body a card's excerpt is cut from (news/templatetags/news.py `excerpt`: 120 characters, a third of
# them before the word searched for): wider on both sides, so that the cut falls where it would in the whole text.
EXCERPT_LEAD = 60
EXCERPT_SLICE = 300

# Columns with a place of their own on the home page.
HEADLINES_SLUG = "headlines"
SPECIAL_TOPIC_SLUG = "matchmaking"


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

    def save(self, *args, **kwargs):
        # Django leaves the dimension fields empty when the file arrives through FieldFile.save(..., save=False).
        if self.file and not (self.width and self.height):
            self.width, self.height = get_image_dimensions(self.file) or (0, 0)
        super().save(*args, **kwargs)


def older_than(published_at, pk):
    """Rows published before (`published_at`, `pk`) in newest-first order; values or OuterRefs.

    The redundant first bound lets the database walk the (published_at, id) index instead of filtering an OR.
    """
    return Q(published_at__lte=published_at) & (
        Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk)
    )


def newer_than(published_at, pk):
    return Q(published_at__gte=published_at) & (
        Q(published_at__gt=published_at) | Q(published_at=published_at, pk__gt=pk)
    )


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

    def in_column(self, slug):
        """Rows of the column with this slug. The column's id is looked up inside the query rather than joined, so the
        database walks the (column, published_at) index instead of scanning every article for the column."""
        return self.filter(column=Subquery(Column.objects.filter(slug=slug).order_by().values("pk")[:1]))

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def before(self, article):
        """Rows that come after `article` in newest-first order, the closest first."""
        return self.filter(older_than(article.published_at, article.pk)).newest_first()

    def after(self, article):
        """Rows that come before `article` in newest-first order, the closest first."""
        return self.filter(newer_than(article.published_at, article.pk)).order_by("published_at", "pk")

    def next_publication_at(self):
        """When the next scheduled article goes public, or None."""
        return self.scheduled().aggregate(next_at=Min("published_at"))["next_at"]

    def scheduled(self):
        """Published by an editor but waiting for their time to come."""
        return self.filter(state=Article.State.PUBLISHED, published_at__gt=timezone.now())

    def with_card(self, excerpt=False, around=""):
        """What a list card shows and nothing more, in the active language: title, summary, time, column, cover.
        A narrow row: the translated models have about 60 columns, and building 20 full rows cost more than the
        page's template. With `excerpt`, `excerpt_text` holds a slice of the plain-text body: its start, or the
        text around the first `around` (search); the `excerpt` filter cuts it to length."""
        suffix = field_suffix(get_language())
        cards = self.select_related("column", "cover").only(
            f"title_{suffix}",
            f"summary_{suffix}",
            "published_at",
            "column__slug",
            f"column__name_{suffix}",
            "cover__file",
            "cover__width",
            "cover__height",
            f"cover__alt_text_{suffix}",
            "version",  # a stored card is matched to it
        )
        if not excerpt:
            return cards
        body = F(f"body_text_{suffix}")
        start = Greatest(StrIndex(body, Value(around)) - EXCERPT_LEAD, 1) if around else Value(1)
        return cards.annotate(excerpt_text=Substr(body, start, EXCERPT_SLICE))

    def with_page(self):
        """What the article page reads with the row: column and cover; of the bodies only the active language's
        HTML (the plain-text copies and the other languages stay in the database)."""
        shown = f"body_{field_suffix(get_language())}"
        return self.select_related("column", "cover").defer(*(name for name in Article.BODY_FIELDS if name != shown))

    def with_view_count(self):
        """Each row's `view_count`: its views as the last flush wrote them (news/view_counts.py), 0 before any."""
        return self.annotate(view_count=Coalesce("views__count", 0))

    def latest_by_column(self, count=5):
        """The newest `count` rows of every column that has any, as (column, rows) in column order.

        Two queries that walk the (column, published_at) index: each column's cut-off time (its `count`-th newest
        row), then the rows at or after the cut-offs. Ranking every row with a window function reads them all.
        """
        in_column = self.filter(column=OuterRef("pk")).newest_first().values("published_at")
        columns = [
            column
            for column in Column.objects.annotate(
                newest=Subquery(in_column[:1]), cutoff=Subquery(in_column[count - 1 : count])
            ).order_by("position", "pk")
            if column.newest
        ]
        # Matches no row: the second query runs even when no column has rows, so the page's query count is fixed.
        condition = Q(pk__isnull=True)
        for column in columns:
            bound = Q(published_at__gte=column.cutoff) if column.cutoff else Q()
            condition |= Q(column_id=column.pk) & bound
        rows = self.filter(condition).newest_first()
        by_column = {column.pk: [] for column in columns}
        for article in rows:
            by_column[article.column_id].append(article)
        # Ties at a cut-off time can bring a few more rows than asked for.
        return [(column, by_column[column.pk][:count]) for column in columns]

    def front_page(self, count=5):
        """The home page's news: the headlines, the special topic (four) and every other column, from the same two
        queries of `latest_by_column`."""
        sections = {"headlines": [], "special_topic": [], "columns": []}
        for column, rows in self.latest_by_column(count):
            if column.slug == HEADLINES_SLUG:
                sections["headlines"] = rows
            elif column.slug == SPECIAL_TOPIC_SLUG:
                sections["special_topic"] = rows[:4]
            else:
                sections["columns"].append((column, rows))
        return sections

    def needing_translation(self, language):
        """Rows whose translation into `language` is missing, unfinished or older than their source text, newest
        first; never rows written in `language`, nor unpublished ones."""
        suffix = field_suffix(language)
        unavailable = Q(**{f"is_available_{suffix}": False}) | Q(**{f"is_available_{suffix}__isnull": True})
        return (
            self.exclude(source_language=language)
            .exclude(state=Article.State.UNPUBLISHED)
            .filter(unavailable | Q(**{f"is_outdated_{suffix}": True}))
            .order_by("-created_at", "-pk")
        )

    def most_read(self):
        """Rows read at least once, the most read first: walks the views index (ArticleViews) from the top."""
        return self.filter(views__count__gt=0).order_by("-views__count", "-published_at", "-pk")

    def search(self, query, language=None):
        """Rows whose title or body contains `query` in `language`.

        `contains` (a case-sensitive LIKE) because PostgreSQL's trigram GIN indexes serve it and the Chinese and
        Burmese scripts have no case. On PostgreSQL a query of one or two characters, which no trigram covers, is
        looked up in the grams index instead (news/grams.py): the same rows, without reading every body.
        """
        suffix = field_suffix(language or get_language())
        in_title_or_body = Q(**{f"title_{suffix}__contains": query}) | Q(**{f"body_text_{suffix}__contains": query})
        contains = self.filter(in_title_or_body)
        if connections[self.db].vendor == "postgresql" and grams_answer(query):
            # The grams say the same, but they let the planner tell a common word from a rare one, and the index
            # serves a rare one. The LIKE above stays, checked first: it rejects a row read newest first for a
            # common word at a fraction of the cost of splitting its grams. The expression is the index's of
            # migration 0014, word for word, or PostgreSQL does not use it.
            return contains.filter(
                RawSQL(f"string_to_array(search_grams_{suffix}, ' ') @> ARRAY[%s]", (query,), BooleanField())  # noqa: S611
            )
        return contains

    def search_hits(self, query, language, start, count):
        """[SearchHit] of the rows `published(language).search(query, language).newest_first()` lists, from `start`,
        at most `count`, with the slice of the body around the first match that `with_card(excerpt=True)` cuts.

        Every search a reader asks runs this, so, as `ArticlePageQuerySet.servable`, it is SQL written once per
        language and kind of query rather than a QuerySet compiled per request (compiling cost more than running it
        for most words); a test holds its rows equal to the QuerySet's on both databases.
        """
        if language not in LANGUAGE_CODES:
            return []
        connection = connections[self.db]
        postgresql = connection.vendor == "postgresql"
        by_grams = postgresql and bool(grams_answer(query))

        def write(quote):
            title, body, grams_column, name = (
                quote(f"{field}_{field_suffix(language)}") for field in ("title", "body_text", "search_grams", "name")
            )
            position, greatest = ("STRPOS", "GREATEST") if postgresql else ("INSTR", "MAX")
            # PostgreSQL's LIKE escapes with a backslash already; writing ESCAPE would hide the pattern from the
            # trigram indexes' planning. SQLite has no escape character unless told, as Django's `contains` tells it.
            like = "LIKE %s" if postgresql else "LIKE %s ESCAPE '\\'"
            return (
                f"SELECT article.id, article.{title}, article.published_at, COALESCE(col.{name}, ''), "  # noqa: S608
                f"SUBSTR(article.{body}, {greatest}({position}(article.{body}, %s) - {EXCERPT_LEAD}, 1), "
                f"{EXCERPT_SLICE}) FROM {quote(Article._meta.db_table)} article "
                f"JOIN {quote(Column._meta.db_table)} col ON col.id = article.column_id "
                f"WHERE {public_article_sql(quote, language)} "
                f"AND (article.{title} {like} OR article.{body} {like}) "
                # The grams index's expression, word for word (ArticleQuerySet.search says why).
                + (f"AND string_to_array(article.{grams_column}, ' ') @> ARRAY[%s] " if by_grams else "")
                + "ORDER BY article.published_at DESC, article.id DESC LIMIT %s OFFSET %s"
            )

        sql = statement("search_hits", connection, (language, by_grams), write)
        pattern = f"%{connection.ops.prep_for_like_query(query)}%"
        words = [pattern, pattern, *([query] if by_grams else [])]
        with connection.cursor() as cursor:
            cursor.execute(sql, [query, *public_article_params(connection), *words, count, start])
            rows = cursor.fetchall()
        convert = getattr(connection.ops, "convert_datetimefield_value", None)  # SQLite's: aware, as the ORM's
        return [
            SearchHit(pk, title, convert(at, None, connection) if convert else at, column_name, excerpt_text or "")
            for pk, title, at, column_name, excerpt_text in rows
        ]

    def search_counts(self, query, languages):
        """{language: how many published rows `query` finds in that language}, for each of `languages`, in one
        query (the search page offers them when the reader's language finds nothing)."""
        found = {
            field_suffix(code): Count("pk", filter=Q(pk__in=self.published(code).search(query, code).values("pk")))
            for code in languages
        }
        counts = Article.objects.aggregate(**found)
        return {code: counts[field_suffix(code)] for code in languages}


@dataclass(frozen=True)
class SearchHit:
    """A search result as the results list shows it (`ArticleQuerySet.search_hits`)."""

    pk: int
    title: str
    published_at: datetime
    column_name: str
    excerpt_text: str

    def get_absolute_url(self):
        return reverse("news:article-detail", kwargs={"pk": self.pk})


# The hottest reads (a search, a column page, a stored article page) are SQL written once per process, language and
# database rather than QuerySets compiled per request: compiling one cost more than running it. Each is held equal to
# the QuerySet it stands for by a test.

# (name, database vendor, key) -> SQL
_statements = {}


def statement(name, connection, key, write):
    """The SQL of the statement `name` for `connection`'s database and `key` (its language…): `write(quote)` the first
    time. What `write` puts in the SQL are table and column names from the models and the fixed list of languages;
    values are parameters."""
    sql = _statements.get((name, connection.vendor, key))
    if sql is None:
        sql = _statements[name, connection.vendor, key] = write(connection.ops.quote_name)
    return sql


# psycopg2 connection -> names of the statements prepared on it. PostgreSQL keeps a prepared statement for the
# session, whatever becomes of the transaction it was prepared in.
_prepared = WeakKeyDictionary()


def execute_prepared(cursor, name, key, write, params):
    """Run the statement `name` (`statement()`) with `params` on `cursor`; on PostgreSQL as a statement prepared once
    per connection (settings.DATABASE_PREPARED_STATEMENTS).

    For these lookups by key PostgreSQL spent longer planning the statement than running it; a prepared one is
    planned once per connection. The PREPARE goes through the driver's own cursor, out of Django's query log: it is
    part of setting up the connection, as Django's own session settings are, not of the request that happens to be
    the connection's first."""
    connection = cursor.db
    sql = statement(name, connection, key, write)
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        cursor.execute(sql, params)
        return
    handle = _prepared_name(name, key)
    if handle not in _prepared.get(connection.connection, ()):
        numbers = iter(range(1, len(params) + 1))
        # Django's error classes, as for any query: a connection lost here is a database outage (portal/outage.py).
        with connection.wrap_database_errors, connection.connection.cursor() as setup:
            setup.execute(f"PREPARE {handle} AS {re.sub('%s', lambda _: f'${next(numbers)}', sql)}")
        _prepared.setdefault(connection.connection, set()).add(handle)
    cursor.execute(f"EXECUTE {handle}({', '.join(['%s'] * len(params))})", params)


@cache
def _prepared_name(name, key):
    # A key is a language code or a tuple of codes and flags: an SQL name of letters, digits and underscores.
    suffix = "_".join(map(str, key if isinstance(key, tuple) else (key,)))
    return re.sub(r"\W", "_", f"portal_{name}_{suffix}").lower()


def public_article_sql(quote, language):
    """`ArticleQuerySet.published(language)` as SQL over the table alias `article`; its parameters are
    `public_article_params()`."""
    available = quote(f"is_available_{field_suffix(language)}")
    return f"article.state = %s AND article.published_at <= %s AND article.{available}"


def public_article_params(connection):
    return [Article.State.PUBLISHED, connection.ops.adapt_datetimefield_value(timezone.now())]


class Article(TranslatedContent):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    required_translations = ("title", "body")
    stores_availability = True

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
    related_articles = models.ManyToManyField(
        "self",
        verbose_name=_("related articles"),
        blank=True,
        help_text=_("Shown under the article, in each language where they are published."),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Empty means “now” when published; a future time schedules the article."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The body as plain text per language, for search: the HTML's tags and attributes must not match.
    body_text_zh_hans = models.TextField(_("body text (Chinese)"), blank=True, default="", editable=False)
    body_text_en = models.TextField(_("body text (English)"), blank=True, default="", editable=False)
    body_text_my = models.TextField(_("body text (Burmese)"), blank=True, default="", editable=False)
    # The characters and pairs of the title and body text per language, for searches of one or two characters
    # (news/grams.py).
    search_grams_zh_hans = models.TextField(_("search grams (Chinese)"), blank=True, default="", editable=False)
    search_grams_en = models.TextField(_("search grams (English)"), blank=True, default="", editable=False)
    search_grams_my = models.TextField(_("search grams (Burmese)"), blank=True, default="", editable=False)
    is_approved = models.BooleanField(_("approved by a reviewer"), default=False, editable=False)
    # Optimistic locking: every save bumps it; a form saved from an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    # The translation desk. The language the story was written in first; per other language, whether its
    # translation is older than the source text's last change, and the source text it was made from (to show which
    # paragraphs changed since).
    source_language = models.CharField(
        _("written first in"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_outdated_zh_hans = models.BooleanField(_("Chinese translation outdated"), default=False, editable=False)
    is_outdated_en = models.BooleanField(_("English translation outdated"), default=False, editable=False)
    is_outdated_my = models.BooleanField(_("Burmese translation outdated"), default=False, editable=False)
    translated_from = models.JSONField(_("source text of each translation"), default=dict, blank=True, editable=False)

    # Corrections: changes to a published article wait here until a chief editor publishes them; the row stays
    # what readers see. A published correction may carry a public note, dated.
    pending_changes = models.JSONField(_("changes waiting for publication"), default=dict, blank=True, editable=False)
    pending_changed_at = models.DateTimeField(_("changes waiting since"), null=True, blank=True, editable=False)
    correction_note = models.CharField(
        _("correction note"),
        max_length=300,
        blank=True,
        help_text=_("Shown to readers with the date, when a correction to a published article is published."),
    )
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True, editable=False)

    is_available_zh_hans = availability_field("zh_hans", required_translations)
    is_available_en = availability_field("en", required_translations)
    is_available_my = availability_field("my", required_translations)

    objects = ArticleQuerySet.as_manager()

    # Heavy per-language text that lists never show.
    BODY_FIELDS = [
        f"{name}_{field_suffix(code)}" for name in ("body", "body_text", "search_grams") for code in LANGUAGE_CODES
    ]

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            # Lists of public articles: newest first, overall and per column.
            models.Index(
                fields=["column", "-published_at", "-id"],
                condition=Q(state="published"),
                name="news_article_column_public",
            ),
            models.Index(fields=["-published_at", "-id"], condition=Q(state="published"), name="news_article_public"),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("submit_article", _("Can submit an article for review")),
            ("review_article", _("Can approve or return an article in review")),
            ("publish_article", _("Can publish, schedule and unpublish an article")),
            ("translate_zh_hans", _("Can translate articles into Chinese")),
            ("translate_en", _("Can translate articles into English")),
            ("translate_my", _("Can translate articles into Burmese")),
        ]

    def __str__(self):
        return self.title or self.title_zh_hans or self.title_en or self.title_my or f"#{self.pk}"

    def save(self, *args, **kwargs):
        from .sanitize import sanitize_html

        # Every save, whatever its path (admin, form, shell, import), stores only allowlisted HTML.
        for code in LANGUAGE_CODES:
            name = f"body_{field_suffix(code)}"
            if value := getattr(self, name):
                setattr(self, name, sanitize_html(value))
        self.derive_search_texts()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            # A save of some fields keeps what is derived from them with them.
            derived = [
                f"{name}_{field_suffix(code)}"
                for code in LANGUAGE_CODES
                if {f"body_{field_suffix(code)}", f"title_{field_suffix(code)}"} & set(update_fields)
                for name in ("body_text", "search_grams")
            ]
            kwargs["update_fields"] = list(dict.fromkeys([*update_fields, *derived]))
        super().save(*args, **kwargs)

    def derive_search_texts(self):
        """Fill what search reads from the title and body of each language: the body as plain text (the HTML's tags
        must not match) and the grams (news/grams.py). save() calls it; a bulk_create() must."""
        from .sanitize import html_to_text

        for code in LANGUAGE_CODES:
            suffix = field_suffix(code)
            text = html_to_text(getattr(self, f"body_{suffix}"))
            setattr(self, f"body_text_{suffix}", text)
            setattr(self, f"search_grams_{suffix}", grams(getattr(self, f"title_{suffix}") or "", text))

    def get_absolute_url(self):
        return reverse("news:article-detail", kwargs={"pk": self.pk})

    def public_languages(self):
        """The languages a public article can be read in, as the database stored them when the row was read."""
        return [code for code in LANGUAGE_CODES if getattr(self, f"is_available_{field_suffix(code)}")]

    @property
    def body_text(self):
        """The body as plain text in the active language."""
        return getattr(self, f"body_text_{field_suffix(get_language())}", "")

    @property
    def is_scheduled(self):
        return (
            self.state == self.State.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()
        )

    def language_status(self):
        """Per language: 'missing', 'outdated' (a translation older than its source text's last change),
        'in_progress' (some text, not marked ready or incomplete) or 'ready'."""
        status = {}
        for code, _name in settings.LANGUAGES:
            suffix = field_suffix(code)
            filled = [bool(getattr(self, f"{name}_{suffix}", "")) for name in self.required_translations]
            if not any(filled) and not getattr(self, f"summary_{suffix}", ""):
                status[code] = "missing"
            elif code != self.source_language and getattr(self, f"is_outdated_{suffix}"):
                status[code] = "outdated"
            elif code in self.available_languages:
                status[code] = "ready"
            else:
                status[code] = "in_progress"
        return status


class GlossaryTerm(models.Model):
    """An official term in the three languages: event names, places, companies. Translators are warned when a source
    text uses it and their translation does not use the agreed form."""

    term = models.CharField(_("term"), max_length=200)
    variants = models.CharField(
        _("wrong forms"),
        max_length=300,
        blank=True,
        help_text=_("Forms seen in texts that should be replaced by the term, separated by “|”, in any language."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["term_zh_hans", "pk"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")

    def __str__(self):
        return self.term or self.term_zh_hans or self.term_en or self.term_my or f"#{self.pk}"


class ArticleTransition(models.Model):
    """One step of the editorial workflow: who moved which article where, when, and why."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("from state"), max_length=12, choices=Article.State.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=12, choices=Article.State.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow history")

    def __str__(self):
        return f"{self.article_id}: {self.from_state} → {self.to_state}"


class ArticleViewsQuerySet(models.QuerySet):
    def add(self, counts):
        """Adds `counts` ({article id: views}) to the articles' rows, creating the rows missing, in one statement;
        returns {article id: its new total}. Ids of articles that no longer exist are left out.

        An upsert written here rather than an ORM `UPDATE … CASE`: compiling a CASE of 500 branches cost several
        times more than running it, and a flush runs in a reader's request."""
        if not counts:
            return {}
        connection = connections[self.db]
        quote = connection.ops.quote_name
        views, count = quote(ArticleViews._meta.db_table), quote("count")
        rows = ", ".join(["(%s, %s)"] * len(counts))
        sql = (
            f"WITH added (article_id, {count}) AS (VALUES {rows}) "  # noqa: S608
            f"INSERT INTO {views} (article_id, {count}) "
            f"SELECT added.article_id, added.{count} FROM added "
            f"JOIN {quote(Article._meta.db_table)} article ON article.id = added.article_id "
            # WHERE TRUE: SQLite reads an ON CONFLICT right after a join as the join's own clause.
            f"WHERE TRUE ON CONFLICT (article_id) DO UPDATE SET {count} = {views}.{count} + excluded.{count} "
            f"RETURNING article_id, {count}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for pair in counts.items() for value in pair])
            return dict(cursor.fetchall())


class ArticleViews(models.Model):
    """How often an article's public page was read, as the last flush wrote it (news/view_counts.py).

    A table of its own, not a column of Article: a flush adds the views of thousands of different articles a minute,
    and every update of an Article row writes a new entry into each of its many indexes (the search trigrams among
    them), about 5 ms a row; here an update touches two small indexes. Not content either: a new count changes no
    cached page, and restoring an old revision of an article (django-reversion) leaves its count as it is.
    """

    article = models.OneToOneField(
        Article, verbose_name=_("article"), primary_key=True, on_delete=models.CASCADE, related_name="views"
    )
    count = models.PositiveIntegerField(_("views"), default=0)

    objects = ArticleViewsQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["-count"], name="news_articleviews_most_read")]

    def __str__(self):
        return f"{self.article_id}: {self.count}"


class ArticlePageQuerySet(models.QuerySet):
    def servable(self, article_id, language, origin, release):
        """(html, the article's written views) of the stored page of article `article_id` in `language` at `origin`, if
        rendered by this `release`, not expired, and the article is public in that language now; else None.

        Every read of an article runs this, so it is one SQL statement written once per language rather than a
        QuerySet compiled per request. Its public rule is `ArticleQuerySet.published()`'s (a test holds them equal).
        """
        if language not in LANGUAGE_CODES:
            return None
        connection = connections[self.db]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        params = [article_id, language, origin, release, now, *public_article_params(connection)]
        with connection.cursor() as cursor:
            execute_prepared(
                cursor,
                "servable",
                language,
                lambda quote: (
                    f"SELECT page.html, COALESCE(views.count, 0) FROM {quote(ArticlePage._meta.db_table)} page "  # noqa: S608
                    f"JOIN {quote(Article._meta.db_table)} article ON article.id = page.article_id "
                    f"LEFT JOIN {quote(ArticleViews._meta.db_table)} views ON views.article_id = article.id "
                    "WHERE page.article_id = %s AND page.language = %s AND page.origin = %s AND page.release = %s "
                    "AND (page.expires_at IS NULL OR page.expires_at > %s) "
                    f"AND {public_article_sql(quote, language)}"
                ),
                params,
            )
            return cursor.fetchone()


class ArticlePage(models.Model):
    """An article's public page in one language, rendered when it changed and stored (news/pages.py)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    # Scheme and host: pages carry absolute URLs (canonical, sharing, the QR code).
    origin = models.CharField(max_length=200)
    release = models.CharField(max_length=16)
    html = models.TextField()
    rendered_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = ArticlePageQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "language", "origin"], name="news_articlepage_unique"),
        ]
        indexes = [models.Index(fields=["origin"], name="news_articlepage_origin")]

    def __str__(self):
        return f"{self.article_id} {self.language} {self.origin}"


class ArticleCardQuerySet(models.QuerySet):
    def column_page(self, slug, language, release, first, count):
        """[(article id, its stored card's HTML or None)] of the `count` public articles of the column `slug` in
        `language`, newest first, from the row `first` ((published_at, id)) on. A card counts only if `release`
        rendered it from the article's current version.

        Every column page a reader asks for runs this, so, as `ArticlePageQuerySet.servable`, it is one SQL statement
        written once per language rather than a QuerySet compiled per request; the rows are those of
        `Article.objects.published(language).in_column(slug).newest_first()` (a test holds them equal).
        """
        if language not in LANGUAGE_CODES:
            return []
        connection = connections[self.db]
        published_at = connection.ops.adapt_datetimefield_value(first[0])
        params = [language, release, slug, *public_article_params(connection), published_at, published_at, first[1]]
        with connection.cursor() as cursor:
            execute_prepared(
                cursor,
                "column_page",
                language,
                lambda quote: (
                    f"SELECT article.id, card.html FROM {quote(Article._meta.db_table)} article "  # noqa: S608
                    f"LEFT JOIN {quote(ArticleCard._meta.db_table)} card ON card.article_id = article.id "
                    "AND card.language = %s AND card.release = %s AND card.version = article.version "
                    f"WHERE article.column_id = (SELECT id FROM {quote(Column._meta.db_table)} WHERE slug = %s) "
                    f"AND {public_article_sql(quote, language)} "
                    "AND article.published_at <= %s AND (article.published_at < %s OR article.id <= %s) "
                    "ORDER BY article.published_at DESC, article.id DESC LIMIT %s"
                ),
                [*params, count],
            )
            return cursor.fetchall()


class ArticleCard(models.Model):
    """An article's card in its column's list, in one language, rendered when it changed and stored (news/pages.py).
    Cards carry no host, so one row serves every origin."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    release = models.CharField(max_length=16)
    # The article's version it was rendered from: a reader storing a card from a row an editor has since saved
    # leaves a card that no read matches.
    version = models.PositiveIntegerField()
    html = models.TextField()

    objects = ArticleCardQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "language"], name="news_articlecard_unique")]

    def __str__(self):
        return f"{self.article_id} {self.language}"
