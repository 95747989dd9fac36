from modeltranslation.translator import TranslationOptions, register

from .models import Article, Column, GlossaryTerm, Image


@register(Column)
class ColumnTranslation(TranslationOptions):
    fields = ("name",)


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "subtitle", "summary", "body", "source", "author", "responsible_editor", "correction_note")


@register(Image)
class ImageTranslation(TranslationOptions):
    fields = ("alt_text", "caption")


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term",)
