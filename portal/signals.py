"""Cache invalidation: the site chrome (header, navigation, footer) and the anonymous page cache."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from news.models import Column

from .middleware import bump_generation
from .models import FooterLink, SiteSettings, clear_chrome_cache

CONTENT_APPS = {"portal", "news", "projects"}


@receiver([post_save, post_delete], sender=SiteSettings)
@receiver([post_save, post_delete], sender=FooterLink)
@receiver([post_save, post_delete], sender=Column)
def chrome_changed(**kwargs):
    clear_chrome_cache()


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def content_changed(sender, **kwargs):
    # m2m_changed's sender is the through model, which lives in the app of the model that declares the field.
    if sender._meta.app_label in CONTENT_APPS:
        bump_generation()
