"""The matchmaking sections of the sitemap: editions, their sessions, and the signed projects."""

from portal.sitemaps import TranslatedSitemap, published_anywhere

from .models import Edition, Session, SignedProject


class EditionSitemap(TranslatedSitemap):
    lastmod_fields = ("updated_at",)
    light_fields = ("slug", "updated_at")

    def items(self):
        return published_anywhere(Edition.objects).order_by("-starts_on", "pk")

    def lastmod(self, edition):
        return edition.updated_at


class SessionSitemap(TranslatedSitemap):
    lastmod_fields = ("updated_at",)
    light_fields = ("updated_at", "edition__slug")

    def items(self):
        editions = published_anywhere(Edition.objects)
        return published_anywhere(Session.objects).filter(edition__in=editions).select_related("edition")

    def lastmod(self, session):
        return session.updated_at


class ProjectSitemap(TranslatedSitemap):
    lastmod_fields = ("updated_at",)
    light_fields = ("updated_at",)

    def items(self):
        return published_anywhere(SignedProject.objects).order_by("pk")

    def lastmod(self, project):
        return project.updated_at
