"""Cache invalidation for the site chrome (header, navigation, footer)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from news.models import Column

from .models import FooterLink, SiteSettings, clear_chrome_cache


@receiver([post_save, post_delete], sender=SiteSettings)
@receiver([post_save, post_delete], sender=FooterLink)
@receiver([post_save, post_delete], sender=Column)
def chrome_changed(**kwargs):
    clear_chrome_cache()
