"""Cache invalidation, one scheme for everything: a change to a registered content model bumps the generation.

The apps register their models with `portal.cache.register_content_models` from their AppConfig.ready(); the site
chrome (settings, footer links, the navigation an app provides) is cached per generation like everything else.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .cache import bump_generation, is_content_model, register_content_models
from .db_router import note_primary_write

# The site chrome and the simple pages are content too.
register_content_models(*apps.get_app_config("portal").get_models(include_auto_created=True))


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def content_changed(sender, **kwargs):
    # m2m_changed's sender is the through model, registered with the models of its app.
    if not is_content_model(sender):
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
