from modeltranslation.translator import TranslationOptions, register

from .models import Edition, Investor, Region, Sector, Session, SignedProject, Theme


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("name", "slogan", "city", "venue", "hosts", "summary")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description", "venue", "organisers")


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(Investor)
class InvestorTranslation(TranslationOptions):
    fields = ("name", "origin")


@register(SignedProject)
class SignedProjectTranslation(TranslationOptions):
    fields = ("name", "description", "local_partner", "county")
