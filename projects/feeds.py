"""The matchmaking feeds: news linked to the programme, and newly published signed projects, in RSS and Atom."""

from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from news.feeds import ArticleFeed
from portal.feeds import PortalFeed, plain_to_html

from .models import Edition, Session, SignedProject


class MatchmakingFeed(ArticleFeed):
    """News linked to the programme of a published edition: the matchmaking special topic."""

    def articles(self, obj, language):
        sessions = Session.objects.published(language).filter(edition__in=Edition.objects.published(language))
        links = Session.articles.through.objects.filter(session__in=sessions).values("article_id")
        return super().articles(obj, language).filter(pk__in=links)

    def title(self, obj):
        return self.site_title(_("Matchmaking news"))

    def link(self, obj):
        return reverse("projects:edition-list")


class ProjectFeed(PortalFeed):
    def get_queryset(self, obj, language):
        return (
            SignedProject.objects.published(language)
            .select_related("sector", "region", "investor")
            .order_by(F("published_at").desc(nulls_last=True), "-pk")
        )

    def title(self, obj):
        return self.site_title(_("Signed projects"))

    def link(self, obj):
        return reverse("projects:project-list")

    def description(self, obj):
        return _("Projects signed at the matchmaking, as they are added to the register.")

    def author_name(self, obj):
        return self.site.site_name or self.request.get_host()

    def item_title(self, item):
        return item.name

    def item_description(self, item):
        return plain_to_html(item.description)

    def item_categories(self, item):
        return [name for name in (item.sector.name, item.region.name) if name]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(filter(None, (item.updated_at, item.published_at)))

    def item_guid(self, item):
        return self.tag_uri(f"project:{item.pk}:{self.language_code}")

    def item_extra_kwargs(self, item):
        return {"content": render_to_string("projects/feed_item.html", {"project": item, "labels": self.labels})}

    @cached_property
    def labels(self):
        """The register's own field names, already translated, as the labels of an item's facts."""
        names = ("sector", "region", "investor", "amount_yuan")
        return {name: capfirst(SignedProject._meta.get_field(name).verbose_name) for name in names}
