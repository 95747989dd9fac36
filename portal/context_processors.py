from django.core.cache import cache
from django.utils.translation import get_language

from news.models import Column

from .models import CHROME_CACHE_KEY, FooterLink, SiteSettings


def site_chrome(request):
    """Header, navigation and footer, cached per language until an editor changes them."""
    key = CHROME_CACHE_KEY.format(language=get_language())
    chrome = cache.get(key)
    if chrome is None:
        links = list(FooterLink.objects.visible())
        chrome = {
            "site": SiteSettings.objects.first() or SiteSettings(),
            "navigation": list(Column.objects.in_navigation()),
            "site_links": [link for link in links if link.group == FooterLink.Group.SITE],
            "friend_links": [link for link in links if link.group == FooterLink.Group.FRIEND],
        }
        cache.set(key, chrome, 60 * 60)
    return {"chrome": chrome}
