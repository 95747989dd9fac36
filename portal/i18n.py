"""Interface text: a string missing from a language's catalog shows in English, never in the default language.

Django lets every catalog fall back to LANGUAGE_CODE's, which is Chinese here: Django's own Burmese catalog is far
from complete, so the Burmese admin would read 用户名 and 查看站点. English is the language every msgid is written in,
so "no fallback" means English.
"""

from django.utils.translation import trans_real


def fall_back_to_english():
    def _add_fallback(self, localedirs=None):
        return None

    trans_real.DjangoTranslation._add_fallback = _add_fallback
    # Catalogs loaded before this point (none in a normal start-up) would keep their Chinese fallback.
    trans_real._translations = {}
