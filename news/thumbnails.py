"""Renditions of library images, and where sorl-thumbnail remembers them.

The key-value store lives in the cache only (never the database), so pages
with pictures keep a fixed number of SQL queries. Losing the cache only costs
a file-exists check per rendition.
"""

from django.core.cache import cache
from sorl.thumbnail import get_thumbnail
from sorl.thumbnail.kvstores.base import KVStoreBase

# name -> (geometry, crop)
RENDITIONS = {
    "card": ("480x270", "center"),
    "article": ("960", None),
    "social": ("1200x630", "center"),
}


class CacheKVStore(KVStoreBase):
    def set(self, image_file, source=None):
        # With the cache down (Redis stopped) the source stored a moment ago is not found again: keep the rendition
        # without its place in the source's list (used only to delete renditions with their source) instead of
        # failing the page.
        if source is not None and self.get(source) is None:
            source = None
        super().set(image_file, source)

    def _get_raw(self, key):
        return cache.get(key)

    def _set_raw(self, key, value):
        cache.set(key, value, timeout=None)

    def _delete_raw(self, *keys):
        cache.delete_many(keys)

    def _find_keys_raw(self, prefix):
        return []


def rendition(image, name, image_format):
    """One rendition of `image` (an Image row) in WEBP or JPEG; None when the file is missing."""
    geometry, crop = RENDITIONS[name]
    options = {"format": image_format, "quality": 82}
    if crop:
        options["crop"] = crop
    if name == "social":
        # Sharing cards must be exactly 1200×630, even from a smaller original.
        options["upscale"] = True
    try:
        return get_thumbnail(image.file, geometry, **options)
    except (OSError, ValueError):
        return None
