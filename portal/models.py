from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def field_suffix(language):
    """The modeltranslation suffix of a language code: 'zh-hans' -> 'zh_hans'."""
    return language.replace("-", "_")


def availability_condition(suffix, required_translations, through=""):
    """The availability rule in SQL: ready, and every required field filled (NULL counts as empty).

    `through` is a relation path ("investor__") when the rows tested are reached from another model.
    """
    condition = Q(**{f"{through}is_ready_{suffix}": True})
    for name in required_translations:
        condition &= Q(**{f"{through}{name}_{suffix}__gt": ""})
    return condition


def availability_field(suffix, required_translations):
    """A stored generated column holding the availability rule's result for one language."""
    return models.GeneratedField(
        expression=availability_condition(suffix, required_translations),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("available"),
    )


class TranslatedQuerySet(models.QuerySet):
    def available_in(self, language=None):
        """Rows that exist in `language` (default: the active one).

        A row exists in a language when that language is marked ready and every
        field named in the model's `required_translations` is filled there.
        """
        suffix = field_suffix(language or get_language())
        if self.model.stores_availability:
            return self.filter(**{f"is_available_{suffix}": True})
        return self.filter(self.model.availability_condition(suffix))


class TranslatedContent(models.Model):
    """Per-language readiness, the switch of the availability rule.

    Subclasses name the translated fields that must be filled for a language to
    count as available in `required_translations`.
    """

    required_translations = ("title",)
    # Models whose required fields are long (an article's body) keep the rule's result in generated columns, so that
    # lists filter on a boolean instead of reading every body.
    stores_availability = False

    is_ready_zh_hans = models.BooleanField(_("Chinese ready"), default=True)
    is_ready_en = models.BooleanField(_("English ready"), default=False)
    is_ready_my = models.BooleanField(_("Burmese ready"), default=False)

    class Meta:
        abstract = True

    @classmethod
    def availability_condition(cls, suffix, through=""):
        return availability_condition(suffix, cls.required_translations, through)

    @property
    def available_languages(self):
        """Languages this row exists in, computed from its own fields."""
        languages = []
        for code in LANGUAGE_CODES:
            suffix = field_suffix(code)
            if getattr(self, f"is_ready_{suffix}") and all(
                getattr(self, f"{name}_{suffix}", "") for name in self.required_translations
            ):
                languages.append(code)
        return languages

    def is_available_in(self, language=None):
        return (language or get_language()) in self.available_languages


class SiteSettings(models.Model):
    """The one row of editable site chrome: names, slogans, footer facts."""

    site_name = models.CharField(_("site name"), max_length=100)
    slogans = models.CharField(
        _("slogans"), max_length=300, blank=True, help_text=_("Shown in the header; separate slogans with “|”.")
    )
    host_organisation = models.CharField(_("host organisation"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    hotline = models.CharField(_("hotline"), max_length=200, blank=True)
    licences = models.TextField(
        _("licences and record numbers"), blank=True, help_text=_("One licence or record number per line.")
    )
    meta_description = models.CharField(_("default page description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return self.site_name

    @property
    def slogan_list(self):
        return [slogan.strip() for slogan in self.slogans.split("|") if slogan.strip()]

    @property
    def licence_list(self):
        return [line.strip() for line in self.licences.splitlines() if line.strip()]


class FooterLinkQuerySet(models.QuerySet):
    def visible(self):
        """Links shown in the footer, in their editors' order."""
        return self.filter(is_visible=True).order_by("group", "position", "pk")


class FooterLink(models.Model):
    class Group(models.TextChoices):
        SITE = "site", _("About the site")
        FRIEND = "friend", _("Friend links")

    group = models.CharField(_("group"), max_length=10, choices=Group.choices, default=Group.SITE)
    title = models.CharField(_("title"), max_length=100)
    url = models.CharField(_("address"), max_length=300, help_text=_("A full URL, or a path on this site."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_visible = models.BooleanField(_("visible"), default=True)

    objects = FooterLinkQuerySet.as_manager()

    class Meta:
        ordering = ["group", "position", "pk"]
        verbose_name = _("footer link")
        verbose_name_plural = _("footer links")

    def __str__(self):
        return self.title


class PageQuerySet(TranslatedQuerySet):
    def published(self, language=None):
        """The one definition of public pages: published and available in `language`."""
        return self.filter(is_published=True).available_in(language)


class Page(TranslatedContent):
    """A simple site page: about us, advertising, site statement, contact."""

    required_translations = ("title", "body")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    body = models.TextField(_("body"))
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("page-detail", kwargs={"slug": self.slug})
