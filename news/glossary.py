"""The glossary check: official terms used the agreed way in every language of an article.

Two warnings, both shown to whoever saves the article: a text uses a wrong form of a term (丰源 for 丰元锂能), or the
source text uses a term and a translation does not use its agreed form.
"""

from django.conf import settings
from django.utils.translation import get_language_info, gettext

from portal.models import field_suffix

from .diffs import paragraphs
from .models import GlossaryTerm

CHECKED_FIELDS = ("title", "subtitle", "summary", "body")

# Terms the demo's stories use, with the forms that crept into them: the glossary starts from these.
SEED_TERMS = [
    {
        "term": (
            "中国产业转移发展对接活动",
            "China Industrial Transfer & Development Matchmaking",
            "တရုတ် စက်မှုလွှဲပြောင်းရေးနှင့် ဖွံ့ဖြိုးရေး ချိတ်ဆက်ပွဲ",
        ),
        "variants": "China Industrial Transfer and Development Matchmaking",
        "note": "The event's official name.",
    },
    {
        "term": (
            "区域协调开放发展 合作共赢美好未来",
            "Coordinated and Open Regional Development for a Win-Win Future",
            "ဒေသတွင်း ညှိနှိုင်းပွင့်လင်းသော ဖွံ့ဖြိုးမှုဖြင့် နှစ်ဖက်အကျိုးရှိသော အနာဂတ်",
        ),
        "variants": "区域协调 开放发展 合作共赢",
        "note": "The theme slogan of the 2023 edition.",
    },
    {"term": ("丰元锂能", "Fengyuan Lithium Energy", "ဖုန်ယွမ် လီသီယမ် စွမ်းအင်"), "variants": "丰源锂能|丰源"},
    {"term": ("杉杉科技", "Shanshan Technology", "ရှန်ရှန် နည်းပညာ"), "variants": ""},
    {"term": ("安宁", "Anning", "အန်းနင်း"), "variants": "အန်နင်း"},
    {"term": ("玉溪", "Yuxi", "ယွီရှီ"), "variants": "ယုစီ"},
    {"term": ("昆明", "Kunming", "ကူမင်း"), "variants": ""},
    {"term": ("临沧", "Lincang", "လင်ချန်း"), "variants": ""},
]


def glossary_seed():
    """Adds the seed terms that are not in the glossary yet (idempotent)."""
    for entry in SEED_TERMS:
        zh, en, my = entry["term"]
        GlossaryTerm.objects.get_or_create(
            term_zh_hans=zh,
            defaults={"term_en": en, "term_my": my, "variants": entry["variants"], "note": entry.get("note", "")},
        )


def article_text(values, code):
    """The checked texts of one language, from a dict of field values (a form's cleaned data or a row's)."""
    suffix = field_suffix(code)
    parts = []
    for name in CHECKED_FIELDS:
        value = values.get(f"{name}_{suffix}") or ""
        parts.append(" ".join(paragraphs(value)) if name == "body" else value)
    return " ".join(part for part in parts if part)


def glossary_warnings(values, source_language, terms=None):
    """What the glossary says of an article's texts, as translated sentences."""
    terms = list(GlossaryTerm.objects.all()) if terms is None else terms
    texts = {code: article_text(values, code) for code, _name in settings.LANGUAGES}
    source_text = texts.get(source_language, "")
    warnings = []
    for term in terms:
        agreed = {code: getattr(term, f"term_{field_suffix(code)}") or "" for code, _name in settings.LANGUAGES}
        variants = sorted(filter(None, (form.strip() for form in term.variants.split("|"))), key=len, reverse=True)
        for code, text in texts.items():
            # Longest first, each found form taken out: 丰源锂能 is reported once, not again as 丰源.
            remaining = text.replace(agreed[code], "\0") if agreed[code] else text
            for variant in variants:
                if variant in remaining and agreed[code]:
                    remaining = remaining.replace(variant, "\0")
                    warnings.append(
                        gettext("The %(language)s text uses “%(variant)s”: the glossary's term is “%(term)s”.")
                        % {"language": language_name(code), "variant": variant, "term": agreed[code]}
                    )
        if not agreed.get(source_language) or agreed[source_language] not in source_text:
            continue
        for code, text in texts.items():
            if code == source_language or not text or not agreed[code] or agreed[code] in text:
                continue
            warnings.append(
                gettext(
                    "The source text uses “%(source)s”, but the %(language)s translation does not use the agreed "
                    "term “%(term)s”."
                )
                % {"source": agreed[source_language], "language": language_name(code), "term": agreed[code]}
            )
    return warnings


def language_name(code):
    return gettext(get_language_info(code)["name"])
