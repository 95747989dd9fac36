"""The statistics of the register, against figures computed by hand on a small register."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from projects.amounts import format_amount
from projects.models import ReportedFigure, SignedProject, Theme
from projects.queries import register_stats
from tests.factories import (
    bulk_projects,
    make_edition,
    make_investor,
    make_project,
    make_register_session,
    make_sector,
    region,
)

BN = Decimal(1_000_000_000)
CENT = Decimal("0.01")


@pytest.fixture
def small_register(db):
    """Five public projects with amounts on the band edges, plus rows that must not count."""
    edition = make_edition()
    emerging = make_sector(is_emerging=True, name_en="Emerging")
    established = make_sector(is_emerging=False, name_en="Established")
    shanghai = make_investor(origin_en="Shanghai", is_fortune_global_500=True)
    guangdong = make_investor(origin_en="Guangdong", origin_zh_hans="广东", is_industry_leader=True)
    theme = Theme.objects.create(
        edition=edition, name_zh_hans="主题", name_en="Theme one", name_my="အကြောင်းအရာ", is_ready_en=True
    )
    public_session = make_register_session(edition, theme=theme, title_en="Public session")
    draft_session = make_register_session(edition, title_en="Draft session", is_published=False)
    kunming, lincang = region("5301"), region("5309")
    make_project(edition, emerging, amount_yuan=10 * BN, region=kunming, investor=shanghai, session=public_session)
    make_project(edition, established, amount_yuan=5 * BN, region=lincang, investor=guangdong, session=public_session)
    make_project(
        edition, emerging, amount_yuan=10 * BN - CENT, region=lincang, investor=shanghai, session=draft_session
    )
    make_project(edition, established, amount_yuan=5 * BN - CENT, region=kunming)
    make_project(edition, emerging, amount_yuan=None, region=lincang, investor=guangdong)
    # Could leak: unpublished, Chinese only, another edition.
    make_project(edition, emerging, amount_yuan=20 * BN, is_published=False)
    make_project(edition, emerging, amount_yuan=30 * BN, name_en="", is_ready_en=False, name_my="", is_ready_my=False)
    make_project(make_edition(), emerging, amount_yuan=BN)
    ReportedFigure.objects.create(
        edition=edition, metric="signed_projects", value=10, unit="projects", as_of=date(2023, 9, 5), source_name="S"
    )
    ReportedFigure.objects.create(
        edition=edition, metric="total_investment", value=60 * BN, unit="yuan", as_of=date(2023, 9, 5), source_name="S"
    )
    return edition


@pytest.fixture
def stats(small_register):
    with translation.override("en"):
        return register_stats(small_register)


def by_name(rows):
    return {row["name"]: (row["count"], row["amount"]) for row in rows}


def test_totals_count_public_projects_of_the_edition(stats):
    assert stats["totals"]["count"] == 5
    assert stats["totals"]["amount"] == Decimal("29999999999.98")
    assert stats["totals"]["disclosed"] == 4


def test_bands_put_exact_edges_in_the_upper_band(stats):
    bands = {row["band"]: (row["count"], row["amount"]) for row in stats["bands"]}
    assert bands == {
        "10bn": (1, 10 * BN),
        "5-10bn": (2, Decimal("14999999999.99")),
        "under5bn": (1, Decimal("4999999999.99")),
        "undisclosed": (1, None),
    }


def test_sectors_sum_and_emerging_share(stats):
    assert by_name(stats["sectors"]) == {
        "Emerging": (3, Decimal("19999999999.99")),
        "Established": (2, Decimal("9999999999.99")),
    }
    assert stats["totals"]["emerging_share"] == Decimal("66.7")


def test_regions_sum(stats):
    assert by_name(stats["regions"]) == {
        "Kunming": (2, Decimal("14999999999.99")),
        "Lincang": (3, Decimal("14999999999.99")),
    }


def test_origins_sum_projects_with_an_investor(stats):
    assert by_name(stats["origins"]) == {
        "Shanghai": (2, Decimal("19999999999.99")),
        "Guangdong": (2, 5 * BN),
    }


def test_recognition_counts_investors_projects_and_amounts(stats):
    rows = {row["flag"]: (row["investors"], row["count"], row["amount"]) for row in stats["recognition"]}
    assert rows["is_fortune_global_500"] == (1, 2, Decimal("19999999999.99"))
    assert rows["is_industry_leader"] == (1, 2, 5 * BN)
    assert rows["is_single_champion"] == (0, 0, None)


def test_sessions_and_themes_only_published_ones(stats):
    assert by_name(stats["sessions"]) == {"Public session": (2, 15 * BN)}
    assert by_name(stats["themes"]) == {"Theme one": (2, 15 * BN)}


def test_reported_against_register_gap_and_coverage(stats):
    rows = {row["figure"].metric: row for row in stats["reported"]}
    assert (rows["signed_projects"]["register"], rows["signed_projects"]["gap"]) == (5, -5)
    assert rows["signed_projects"]["coverage"] == Decimal("50.0")
    assert rows["total_investment"]["gap"] == Decimal("-30000000000.02")
    assert rows["total_investment"]["coverage"] == Decimal("50.0")


def test_stats_page_shows_figures_in_each_language(client, small_register):
    html = client.get(f"/en/projects/stats/?edition={small_register.slug}").content.decode()
    assert "RMB 30 billion" in html
    assert "66.7%" in html
    html = client.get(f"/zh-hans/projects/stats/?edition={small_register.slug}").content.decode()
    assert "600亿元" in html  # the Chinese-only project of 30 billion exists in Chinese
    html = client.get(f"/my/projects/stats/?edition={small_register.slug}").content.decode()
    assert "ယွမ် ဘီလီယံ ၃၀" in html


def test_stats_page_charts_are_accessible_svg_without_inline_style(client, small_register):
    html = client.get(f"/en/projects/stats/?edition={small_register.slug}").content.decode()
    # Three charts named by their titles; each bar is a decorative SVG under a text label (issue 14).
    assert html.count('<figure class="chart" aria-labelledby=') == 3
    assert html.count('<span class="bar-label">') == html.count('<svg class="bar-track"') > 0
    assert html.count('aria-hidden="true" focusable="false"') == html.count("<svg")
    assert "style=" not in html


def test_stats_unknown_edition_is_reported_not_500(client, small_register):
    response = client.get("/en/projects/stats/?edition=no-such-edition")
    assert response.status_code == 200
    assert "There is no such edition" in response.content.decode()


@pytest.mark.parametrize("count", [3, 300])
def test_stats_page_query_count_is_fixed(client, db, django_assert_num_queries, count):
    bulk_projects(count, sector=make_sector(is_emerging=True))
    client.get("/en/")  # warms the cached site chrome and reads the next scheduled publication
    # The editions and six aggregates over the register.
    with django_assert_num_queries(7):
        response = client.get("/en/projects/stats/")
    assert response.status_code == 200
    # Until the public content changes, the figures come from the cache.
    with django_assert_num_queries(1):
        assert client.get("/en/projects/stats/").status_code == 200


def test_stats_follow_a_publication_at_once(client, db):
    edition = make_edition()
    make_project(edition=edition, amount_yuan=2 * BN, name_en="First")
    before = client.get("/en/projects/stats/").context["stats"]["totals"]
    later = make_project(edition=edition, amount_yuan=3 * BN, name_en="Second", is_published=False)
    assert client.get("/en/projects/stats/").context["stats"]["totals"]["count"] == before["count"]
    later.is_published = True
    later.save()
    after = client.get("/en/projects/stats/").context["stats"]["totals"]
    assert after["count"] == before["count"] + 1
    assert after["amount"] == before["amount"] + 3 * BN


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("zh-hans", Decimal("396600000000"), "3,966亿元"),
        ("zh-hans", Decimal("850000000"), "8.5亿元"),
        ("zh-hans", Decimal("50000000"), "5,000万元"),
        ("zh-hans", Decimal("1234"), "1,234元"),
        ("en", Decimal("396600000000"), "RMB 396.6 billion"),
        ("en", Decimal("850000000"), "RMB 850 million"),
        ("my", Decimal("396600000000"), "ယွမ် ဘီလီယံ ၃၉၆.၆"),
        ("my", Decimal("850000000"), "ယွမ် သန်း ၈၅၀"),
    ],
)
def test_amounts_in_each_languages_units(language, value, expected):
    assert format_amount(value, language) == expected


def test_demo_register_reproduces_the_published_aggregates(demo):
    for language in ("zh-hans", "en", "my"):
        totals = SignedProject.objects.published(language).totals()
        assert totals["count"] == 382
        assert totals["amount"] == 396_600 * Decimal(1_000_000)
        assert (totals["count_10bn"], totals["amount_10bn"]) == (6, Decimal("100.8") * BN)
        assert (totals["count_5_10bn"], totals["amount_5_10bn"]) == (14, Decimal("82.9") * BN)
        assert totals["amount_emerging"] / totals["amount"] > Decimal("0.6")
        assert totals["count_undisclosed"] == 0


def test_demo_register_keeps_the_projects_the_sources_name_out_of_the_event(demo):
    # The sources cite them as examples of industrial transfer, not as signed at this event: every record of the
    # event's register is marked illustrative, and none carries a named company's project.
    assert not SignedProject.objects.filter(is_illustrative=False).exists()
    names = " ".join(SignedProject.objects.values_list("name_en", flat=True))
    for company in ["Weiqiao", "Shanshan", "Fengyuan", "GLP", "Sugon"]:
        assert company not in names


def test_demo_register_is_idempotent(demo):
    from projects.demo import load_register

    before = list(SignedProject.objects.order_by("name_zh_hans").values_list("name_zh_hans", "amount_yuan"))
    load_register()
    after = list(SignedProject.objects.order_by("name_zh_hans").values_list("name_zh_hans", "amount_yuan"))
    assert after == before
    assert ReportedFigure.objects.filter(metric="signed_projects").count() == 1
