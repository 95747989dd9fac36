"""The demo programme of projects/demo.py, as load_demo loads it."""

from decimal import Decimal

from django.core.management import call_command

from projects.models import Edition, ReportedFigure, Session


def test_demo_programme_matches_declared_structure(demo):
    edition = Edition.objects.get(slug="2023-yunnan")
    kinds = sorted(edition.sessions.values_list("kind", flat=True))
    assert kinds.count("main") == 1 and kinds.count("special") == 18 and kinds.count("extension") == 2
    assert edition.themes.count() == 7
    assert [theme.sessions.count() for theme in edition.themes.all()] == [3, 3, 3, 3, 2, 2, 2]
    assert edition.starts_on.isoformat() == "2023-09-03"
    assert edition.slogan_en == "Coordinated and Open Regional Development for a Win-Win Future"
    assert edition.venue_en == "Kunming Dianchi International Convention and Exhibition Center"


def test_demo_programme_passes_its_own_rules(demo):
    for session in Session.objects.select_related("edition", "theme"):
        session.clean()


def test_demo_programme_marks_invented_data_illustrative(demo):
    assert not Session.objects.filter(is_illustrative=False).exists()
    sourced = Edition.objects.get().themes.filter(is_illustrative=False)
    assert sourced.count() == 5


def test_demo_reported_figures(demo):
    figures = {f.metric: f.value for f in ReportedFigure.objects.edition_wide()}
    assert figures["participants"] == 3100
    assert figures["companies"] == 2066
    assert figures["ranked_companies"] == 161
    assert figures["single_champions"] == 56
    assert figures["specialised_firms"] == 100
    assert figures["industry_leaders"] == 156
    assert figures["signed_projects"] == 382
    assert figures["total_investment"] == Decimal("396600000000")
    assert figures["projects_over_10bn"] == 6
    assert figures["investment_over_10bn"] == Decimal("100800000000")
    assert figures["projects_5_to_10bn"] == 14
    assert figures["investment_5_to_10bn"] == Decimal("82900000000")
    assert ReportedFigure.objects.get(metric="emerging_share").is_lower_bound


def test_demo_programme_load_is_idempotent(demo):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Session.objects.count() == 21
    assert ReportedFigure.objects.count() == 13
    assert Edition.objects.count() == 1


def test_demo_programme_pages_in_three_languages(client, demo):
    for language, word in [("zh-hans", "开幕式"), ("en", "Opening ceremony"), ("my", "ဖွင့်ပွဲ")]:
        html = client.get(f"/{language}/events/2023-yunnan/?view=theme").content.decode()
        assert word in html
        assert html.count('class="session ') == 21
