"""The matchmaking: editions, their programme, and the projects signed at them."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import TranslatedContent, TranslatedQuerySet


class PublishableQuerySet(TranslatedQuerySet):
    def published(self, language=None):
        """The one definition of public rows: marked published, available in `language`."""
        return self.filter(is_published=True).available_in(language)


class Edition(TranslatedContent):
    """One edition of the China Industrial Transfer & Development Matchmaking."""

    required_translations = ("name",)

    name = models.CharField(_("name"), max_length=200)
    slogan = models.CharField(_("slogan"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    hosts = models.CharField(_("host organisations"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    declared_main_count = models.PositiveSmallIntegerField(_("declared main activities"), default=0)
    declared_special_count = models.PositiveSmallIntegerField(_("declared special activities"), default=0)
    declared_extension_count = models.PositiveSmallIntegerField(_("declared extension activities"), default=0)
    declared_theme_count = models.PositiveSmallIntegerField(_("declared themes"), default=0)
    is_published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:edition-detail", kwargs={"slug": self.slug})


class Theme(TranslatedContent):
    required_translations = ("name",)

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo data not taken from a source.")
    )

    objects = TranslatedQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


# Programme: editions' sessions, their gate and their rules.


class SessionQuerySet(TranslatedQuerySet):
    def published(self, language=None):
        """The one definition of public sessions.

        Marked published and available in `language`, in a published edition
        available there, and (when it has a theme) under a theme available
        there, so a page never shows an empty theme name.
        """
        return (
            self.filter(is_published=True, edition__in=Edition.objects.published(language))
            .filter(models.Q(theme__isnull=True) | models.Q(theme__in=Theme.objects.available_in(language)))
            .available_in(language)
        )

    def with_theme(self):
        """Sessions with their theme and edition, for lists that show both."""
        return self.select_related("theme", "edition")


class Session(TranslatedContent):
    """One activity of an edition's programme."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Main activity")
        SPECIAL = "special", _("Special activity")
        EXTENSION = "extension", _("Extension activity")

    required_translations = ("title",)

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    organisers = models.CharField(_("organisers"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    articles = models.ManyToManyField(
        "news.Article", verbose_name=_("linked articles"), blank=True, related_name="sessions"
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo data not taken from a source.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:session-detail", kwargs={"slug": self.edition.slug, "pk": self.pk})

    def get_calendar_url(self):
        return reverse("projects:session-calendar", kwargs={"slug": self.edition.slug, "pk": self.pk})

    def clean(self):
        errors = {}
        if self.kind == self.Kind.SPECIAL and self.theme_id is None:
            errors["theme"] = _("A special activity needs a theme.")
        elif self.kind in (self.Kind.MAIN, self.Kind.EXTENSION) and self.theme_id is not None:
            errors["theme"] = _("Only special activities have a theme; leave it empty for this kind.")
        if self.theme_id is not None and self.edition_id is not None and self.theme.edition_id != self.edition_id:
            errors["theme"] = _("The theme belongs to another edition.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        edition = self._edition_or_none()
        if edition and edition.starts_on and edition.ends_on and self.starts_at and self.ends_at:
            # Editors think in Kunming time; an activity at 23:30 on the last day is still inside the edition.
            starts_on = timezone.localtime(self.starts_at).date()
            ends_on = timezone.localtime(self.ends_at).date()
            if starts_on < edition.starts_on:
                errors.setdefault("starts_at", _("The session starts before the edition does."))
            if self.kind != self.Kind.EXTENSION and ends_on > edition.ends_on:
                errors.setdefault(
                    "ends_at",
                    _("Main and special activities end by the edition's last day; only extensions run later."),
                )
        if errors:
            raise ValidationError(errors)

    def _edition_or_none(self):
        try:
            return self.edition
        except Edition.DoesNotExist:
            return None

    @property
    def is_multi_day(self):
        return timezone.localtime(self.starts_at).date() != timezone.localtime(self.ends_at).date()


class Region(TranslatedContent):
    """A prefecture-level division of Yunnan."""

    required_translations = ("name",)

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=12, unique=True, help_text=_("Administrative division code."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = TranslatedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Sector(TranslatedContent):
    required_translations = ("name",)

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    is_emerging = models.BooleanField(_("emerging industry"), default=False)

    objects = TranslatedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class Investor(TranslatedContent):
    required_translations = ("name",)

    name = models.CharField(_("name"), max_length=200)
    origin = models.CharField(_("origin"), max_length=100, blank=True, help_text=_("Province or country."))
    is_fortune_global_500 = models.BooleanField(_("Fortune Global 500"), default=False)
    is_fortune_china_500 = models.BooleanField(_("Fortune China 500"), default=False)
    is_top_500_manufacturer = models.BooleanField(_("top 500 Chinese manufacturers"), default=False)
    is_top_500_private = models.BooleanField(_("top 500 private enterprises"), default=False)
    is_single_champion = models.BooleanField(_("national manufacturing single champion"), default=False)
    is_specialised = models.BooleanField(_("specialised and innovation-driven firm"), default=False)
    is_industry_leader = models.BooleanField(_("industry leader"), default=False)

    objects = TranslatedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("investor")
        verbose_name_plural = _("investors")

    def __str__(self):
        return self.name


# --- Project register (issue 5) -------------------------------------------------------------------

BILLION = Decimal(1_000_000_000)


class AmountBand(models.TextChoices):
    """Published bands. Edges: exactly 10 billion is "10 billion and over"; exactly 5 billion is "5 to 10"."""

    OVER_10BN = "10bn", _("RMB 10 billion and over")
    FROM_5_TO_10BN = "5-10bn", _("RMB 5 to 10 billion")
    UNDER_5BN = "under5bn", _("under RMB 5 billion")
    UNDISCLOSED = "undisclosed", _("not disclosed")


BAND_CONDITIONS = {
    AmountBand.OVER_10BN: Q(amount_yuan__gte=10 * BILLION),
    AmountBand.FROM_5_TO_10BN: Q(amount_yuan__gte=5 * BILLION, amount_yuan__lt=10 * BILLION),
    AmountBand.UNDER_5BN: Q(amount_yuan__lt=5 * BILLION),
    AmountBand.UNDISCLOSED: Q(amount_yuan__isnull=True),
}


class SignedProjectQuerySet(PublishableQuerySet):
    def with_list(self):
        """What a list or table row shows: sector, region, investor and edition in one query."""
        return self.select_related("sector", "region", "investor", "edition", "session")

    def in_band(self, band):
        """Projects whose amount falls in `band` (an AmountBand value)."""
        return self.filter(BAND_CONDITIONS[AmountBand(band)])

    def totals(self, **more):
        """Count, sum, every band and the emerging-industry sum (and the aggregates in `more`) in one query."""
        figures = {"count": Count("pk"), "amount": Sum("amount_yuan"), "disclosed": Count("amount_yuan")}
        for band, condition in BAND_CONDITIONS.items():
            key = band.value.replace("-", "_")
            figures[f"count_{key}"] = Count("pk", filter=condition)
            figures[f"amount_{key}"] = Sum("amount_yuan", filter=condition)
        figures["amount_emerging"] = Sum("amount_yuan", filter=Q(sector__is_emerging=True))
        figures["count_emerging"] = Count("pk", filter=Q(sector__is_emerging=True))
        figures["count_illustrative"] = Count("pk", filter=Q(is_illustrative=True))
        return self.aggregate(**figures, **more)

    def subtotals(self, *fields):
        """Count and sum grouped by `fields`, largest sum first."""
        return (
            self.order_by()
            .values(*fields)
            .annotate(count=Count("pk"), amount=Sum("amount_yuan"))
            .order_by(models.F("amount").desc(nulls_last=True), *fields)
        )


class SignedProject(TranslatedContent):
    class Status(models.TextChoices):
        SIGNED = "signed", _("Signed")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        IN_PRODUCTION = "in_production", _("In production")

    required_translations = ("name",)

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="projects")
    session = models.ForeignKey(
        Session, verbose_name=_("session"), null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    investor = models.ForeignKey(
        Investor, verbose_name=_("investor"), null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    local_partner = models.CharField(_("local partner"), max_length=200, blank=True)
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="projects")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="projects")
    county = models.CharField(_("county"), max_length=100, blank=True)
    amount_yuan = models.DecimalField(
        _("amount (yuan)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty means the amount was not disclosed."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SIGNED)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    source_article = models.ForeignKey(
        "news.Article",
        verbose_name=_("source article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_of_projects",
    )
    articles = models.ManyToManyField(
        "news.Article", verbose_name=_("related articles"), blank=True, related_name="projects"
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo record generated to match published totals.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SignedProjectQuerySet.as_manager()

    class Meta:
        ordering = [models.F("amount_yuan").desc(nulls_last=True), "pk"]
        verbose_name = _("signed project")
        verbose_name_plural = _("signed projects")
        constraints = [
            # The natural key of re-imports. On the Chinese column only: modeltranslation would copy a
            # constraint on `name` to every language, and empty English/Burmese names must not collide.
            models.UniqueConstraint(
                fields=["edition", "name_zh_hans"],
                condition=Q(name_zh_hans__gt=""),
                name="project_unique_edition_name_zh",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project-detail", kwargs={"pk": self.pk})


class ProjectStatusChange(models.Model):
    """A dated step in a project's life: signed, under construction, in production."""

    project = models.ForeignKey(
        SignedProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=20, choices=SignedProject.Status.choices)
    changed_on = models.DateField(_("changed on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "changed_on", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.project} · {self.get_status_display()} · {self.changed_on}"


# The figures an edition page leads with; the others (investment bands, shares) follow them.
HEADLINE_METRICS = (
    "participants",
    "companies",
    "ranked_companies",
    "single_champions",
    "specialised_firms",
    "industry_leaders",
    "signed_projects",
    "total_investment",
)


class ReportedFigureQuerySet(models.QuerySet):
    def edition_wide(self):
        """Figures about a whole edition, not one session or region."""
        return self.filter(session__isnull=True, region__isnull=True)

    def headline(self):
        """The edition's headline figures, in their editors' order."""
        return self.edition_wide().filter(metric__in=HEADLINE_METRICS)


class ReportedFigure(models.Model):
    """An officially announced number, dated and sourced, so that reports can disagree side by side."""

    class Metric(models.TextChoices):
        PARTICIPANTS = "participants", _("participants")
        COMPANIES = "companies", _("companies")
        RANKED_COMPANIES = "ranked_companies", _("Fortune Global 500, Fortune China 500 and other ranked companies")
        SINGLE_CHAMPIONS = "single_champions", _("national manufacturing single champions")
        SPECIALISED_FIRMS = "specialised_firms", _("specialised and innovation-driven firms")
        INDUSTRY_LEADERS = "industry_leaders", _("industry leaders")
        SIGNED_PROJECTS = "signed_projects", _("signed projects")
        TOTAL_INVESTMENT = "total_investment", _("total investment")
        PROJECTS_OVER_10BN = "projects_over_10bn", _("projects of RMB 10 billion and over")
        INVESTMENT_OVER_10BN = "investment_over_10bn", _("investment in projects of RMB 10 billion and over")
        PROJECTS_5_TO_10BN = "projects_5_to_10bn", _("projects of RMB 5 to 10 billion")
        INVESTMENT_5_TO_10BN = "investment_5_to_10bn", _("investment in projects of RMB 5 to 10 billion")
        EMERGING_SHARE = "emerging_share", _("emerging industries' share of investment")

    class Unit(models.TextChoices):
        PEOPLE = "people", _("people")
        COMPANIES = "companies", _("companies")
        PROJECTS = "projects", _("projects")
        YUAN = "yuan", _("yuan")
        PERCENT = "percent", _("per cent")

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="reported_figures"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), null=True, blank=True, on_delete=models.CASCADE, related_name="figures"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.CASCADE, related_name="figures"
    )
    metric = models.CharField(_("metric"), max_length=30, choices=Metric.choices)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    is_lower_bound = models.BooleanField(_("lower bound"), default=False, help_text=_("The source says “more than”."))
    as_of = models.DateField(_("as of"))
    source_name = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source address"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ReportedFigureQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")

    def __str__(self):
        return f"{self.get_metric_display()}: {self.value}"
