from modeltranslation.translator import TranslationOptions, register

from .models import FooterLink, Page, SiteSettings


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("site_name", "slogans", "host_organisation", "hotline", "licences", "meta_description")


@register(FooterLink)
class FooterLinkTranslation(TranslationOptions):
    fields = ("title",)


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body")
