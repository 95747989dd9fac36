"""Reads of the register across several models: the statistics page."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import get_language

from portal.models import TranslatedQuerySet, field_suffix

from .models import AmountBand, Investor, ReportedFigure, Session, SignedProject, Theme

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


def register_stats(edition):
    """Every figure of the statistics page for `edition`, from the published register.

    Eight queries whatever the register's size: each figure is an aggregate or a
    grouped annotation computed by the database.
    """
    suffix = field_suffix(get_language())
    projects = SignedProject.objects.published().filter(edition=edition)
    totals = projects.totals()
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
    public_sessions = Session.objects.published()
    # Theme belongs to the programme and keeps a plain manager; its rows still follow the availability rule.
    public_themes = TranslatedQuerySet(model=Theme).available_in()
    recognition = projects.filter(investor__in=Investor.objects.available_in()).aggregate(
        **{f"{flag}__count": Count("pk", filter=Q(**{f"investor__{flag}": True})) for flag in RECOGNITION_FLAGS},
        **{
            f"{flag}__amount": Sum("amount_yuan", filter=Q(**{f"investor__{flag}": True})) for flag in RECOGNITION_FLAGS
        },
        **{
            f"{flag}__investors": Count("investor", distinct=True, filter=Q(**{f"investor__{flag}": True}))
            for flag in RECOGNITION_FLAGS
        },
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
                "count": recognition[f"{flag}__count"],
                "amount": recognition[f"{flag}__amount"],
                "investors": recognition[f"{flag}__investors"],
            }
            for flag in RECOGNITION_FLAGS
        ],
        "sessions": [
            {**row, "name": row[f"session__title_{suffix}"]}
            for row in projects.filter(session__in=public_sessions).subtotals("session", f"session__title_{suffix}")
        ],
        "themes": [
            {**row, "name": row[f"session__theme__name_{suffix}"]}
            for row in projects.filter(session__in=public_sessions, session__theme__in=public_themes).subtotals(
                "session__theme", f"session__theme__name_{suffix}"
            )
        ],
    }
    stats["reported"] = reported_against_register(edition, totals)
    return stats


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
