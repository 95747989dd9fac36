"""Cache invalidation: the site chrome (header, navigation, footer) and the anonymous page cache."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from news.models import Column

from .db_router import note_primary_write
from .middleware import bump_generation
from .models import FooterLink, SiteSettings, clear_chrome_cache

CONTENT_APPS = {"portal", "news", "projects"}


@receiver([post_save, post_delete], sender=SiteSettings)
@receiver([post_save, post_delete], sender=FooterLink)
@receiver([post_save, post_delete], sender=Column)
def chrome_changed(**kwargs):
    clear_chrome_cache()
    # And again on commit: meanwhile another process may have cached the chrome from the old rows.
    transaction.on_commit(clear_chrome_cache)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def content_changed(sender, **kwargs):
    # m2m_changed's sender is the through model, which lives in the app of the model that declares the field.
    if sender._meta.app_label not in CONTENT_APPS:
        return
    bump_generation()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        note_primary_write()
    elif not any(callback is content_committed for _savepoints, callback, _robust in connection.run_on_commit):
        # Once per transaction, however many rows it saves.
        transaction.on_commit(content_committed)


def content_committed():
    """Forget again the pages other processes rendered while the transaction was open: they saw the old rows."""
    bump_generation()
    note_primary_write()
