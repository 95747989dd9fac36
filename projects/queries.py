"""Reads across several models: the statistics page, a project's page, the programme under an article."""

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils.translation import get_language

from portal.cache import cached_for_generation
from portal.models import field_suffix

from .models import AmountBand, Edition, Investor, ReportedFigure, Session, SignedProject

RECOGNITION_FLAGS = [
    "is_fortune_global_500",
    "is_fortune_china_500",
    "is_top_500_manufacturer",
    "is_top_500_private",
    "is_single_champion",
    "is_specialised",
    "is_industry_leader",
]

# Which register figure answers each reported metric, and whether it is a count, a sum or a share.
REPORTED_AGAINST = {
    ReportedFigure.Metric.SIGNED_PROJECTS: ("count", "count"),
    ReportedFigure.Metric.TOTAL_INVESTMENT: ("amount", "amount"),
    ReportedFigure.Metric.PROJECTS_OVER_10BN: ("count_10bn", "count"),
    ReportedFigure.Metric.INVESTMENT_OVER_10BN: ("amount_10bn", "amount"),
    ReportedFigure.Metric.PROJECTS_5_TO_10BN: ("count_5_10bn", "count"),
    ReportedFigure.Metric.INVESTMENT_5_TO_10BN: ("amount_5_10bn", "amount"),
    ReportedFigure.Metric.EMERGING_SHARE: ("emerging_share", "percent"),
}


def share(part, whole):
    """`part` as a percentage of `whole`, or None when there is nothing to divide by."""
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def investor_origins():
    """The origins of the investors behind published projects, in the active language, for the register's filter.

    A DISTINCT over every published project: read once per change of the public content.
    """
    suffix = field_suffix(get_language())

    def read():
        return list(
            Investor.objects.available_in()
            .filter(projects__in=SignedProject.objects.published())
            .exclude(**{f"origin_{suffix}__in": ["", None]})
            .order_by(f"origin_{suffix}")
            .values_list(f"origin_{suffix}", flat=True)
            .distinct()
        )

    return cached_for_generation(f"investor-origins:{suffix}", read)


def register_stats(edition):
    """Every figure of the statistics page for `edition`, computed once per change of the public content."""
    return cached_for_generation(f"register-stats:{edition.pk}:{get_language()}", lambda: read_register_stats(edition))


def read_register_stats(edition):
    """Every figure of the statistics page for `edition`, from the published register.

    Six queries whatever the register's size: each figure is an aggregate or a
    grouped annotation computed by the database.
    """
    suffix = field_suffix(get_language())
    projects = SignedProject.objects.published().filter(edition=edition)
    # The recognition figures count only investors public in this language; they ride on the totals' query.
    public_investor = Investor.availability_condition(suffix, through="investor__")
    recognised = {flag: public_investor & Q(**{f"investor__{flag}": True}) for flag in RECOGNITION_FLAGS}
    totals = projects.totals(
        **{f"{flag}__count": Count("pk", filter=condition) for flag, condition in recognised.items()},
        **{f"{flag}__amount": Sum("amount_yuan", filter=condition) for flag, condition in recognised.items()},
        **{
            f"{flag}__investors": Count("investor", distinct=True, filter=condition)
            for flag, condition in recognised.items()
        },
    )
    totals["emerging_share"] = share(totals["amount_emerging"], totals["amount"])
    bands = [
        {
            "band": band,
            "label": band.label,
            "count": totals[f"count_{band.value.replace('-', '_')}"],
            "amount": totals[f"amount_{band.value.replace('-', '_')}"],
        }
        for band in AmountBand
    ]
    # A public session's theme is public too (Session.published), so themes add up their sessions' rows.
    sessions = list(
        projects.filter(session__in=Session.objects.published()).subtotals(
            "session", f"session__title_{suffix}", "session__theme", f"session__theme__name_{suffix}"
        )
    )
    stats = {
        "totals": totals,
        "bands": bands,
        "sectors": [
            {**row, "name": row[f"sector__name_{suffix}"], "share": share(row["amount"], totals["amount"])}
            for row in projects.subtotals(f"sector__name_{suffix}", "sector__is_emerging")
        ],
        "regions": [
            {**row, "name": row[f"region__name_{suffix}"]}
            for row in projects.subtotals("region__position", "region__code", f"region__name_{suffix}")
        ],
        "origins": [
            {**row, "name": row[f"investor__origin_{suffix}"]}
            for row in projects.filter(investor__in=Investor.objects.available_in()).subtotals(
                f"investor__origin_{suffix}"
            )
        ],
        "recognition": [
            {
                "flag": flag,
                "label": Investor._meta.get_field(flag).verbose_name,
                "count": totals[f"{flag}__count"],
                "amount": totals[f"{flag}__amount"],
                "investors": totals[f"{flag}__investors"],
            }
            for flag in RECOGNITION_FLAGS
        ],
        "sessions": [{**row, "name": row[f"session__title_{suffix}"]} for row in sessions],
        "themes": theme_subtotals(sessions, suffix),
    }
    stats["reported"] = reported_against_register(edition, totals)
    return stats


def theme_subtotals(session_rows, suffix):
    """Count and sum per theme from the per-session rows, largest sum first, as SignedProject.subtotals orders."""
    themes = {}
    for row in session_rows:
        if row["session__theme"] is None:
            continue
        theme = themes.setdefault(
            row["session__theme"], {"name": row[f"session__theme__name_{suffix}"], "count": 0, "amount": None}
        )
        theme["count"] += row["count"]
        if row["amount"] is not None:
            theme["amount"] = (theme["amount"] or 0) + row["amount"]
    return sorted(themes.values(), key=lambda theme: (theme["amount"] is None, -(theme["amount"] or 0), theme["name"]))


def reported_against_register(edition, totals):
    """Each reported figure of `edition` beside the register's value, with the gap and the coverage."""
    rows = []
    for figure in ReportedFigure.objects.filter(
        edition=edition, session=None, region=None, metric__in=list(REPORTED_AGAINST)
    ):
        key, kind = REPORTED_AGAINST[figure.metric]
        register = totals[key]
        if register is None and kind != "percent":
            register = Decimal(0)
        rows.append(
            {
                "figure": figure,
                "kind": kind,
                "register": register,
                "gap": None if register is None else Decimal(register) - figure.value,
                "coverage": share(register, figure.value),
            }
        )
    return rows


def article_programme(article):
    """What an article page shows of the matchmaking: the public sessions and signed projects linked to it, with
    their editions, as unevaluated querysets (read only when the page's links fragment is rendered)."""
    return {
        "sessions": Session.objects.published().filter(articles=article).select_related("edition"),
        "projects": SignedProject.objects.published().filter(articles=article).select_related("edition"),
    }


def article_programmes(articles):
    """`article_programme` of many articles at once, in their order: two queries for all of them."""
    ids = [article.pk for article in articles]
    found = {pk: {"sessions": [], "projects": []} for pk in ids}
    for key, queryset in (("sessions", Session.objects), ("projects", SignedProject.objects)):
        rows = (
            queryset.published()
            .filter(articles__in=ids)
            .select_related("edition")
            .annotate(linked_article=F("articles"))
        )
        for row in rows:
            found[row.linked_article][key].append(row)
    return [found[pk] for pk in ids]


def project_page(project):
    """What a project's page shows beside the row, each public in the active language: up to ten linked articles
    (newest first), its edition and session, its investor, and its status history."""
    return {
        "articles": project.articles.published().select_related("column").order_by("-published_at")[:10],
        "edition": Edition.objects.published().filter(pk=project.edition_id).first(),
        "session": Session.objects.published().filter(pk=project.session_id).first() if project.session_id else None,
        "investor": project.investor if project.investor and project.investor.is_available_in() else None,
        "status_changes": project.status_changes.all(),
    }
