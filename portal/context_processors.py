from django.utils.translation import get_language

from .cache import cached_for_generation, chrome_providers
from .models import FooterLink, SiteSettings


def site_chrome(request):
    """Header, navigation and footer, cached per language and content generation like any other fragment.

    The apps add their parts (the news navigation) with `portal.cache.register_chrome`.
    """
    return {"chrome": cached_for_generation(f"chrome:{get_language()}", read_chrome)}


def read_chrome():
    links = list(FooterLink.objects.visible())
    chrome = {
        "site": SiteSettings.objects.first() or SiteSettings(),
        "site_links": [link for link in links if link.group == FooterLink.Group.SITE],
        "friend_links": [link for link in links if link.group == FooterLink.Group.FRIEND],
    }
    for name, provider in chrome_providers().items():
        chrome[name] = provider()
    return chrome
