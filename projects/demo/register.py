"""The demo register of the 2023 matchmaking: the projects the sources name, and illustrative records."""

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from portal.demo import translated

from ..models import Edition, Investor, ProjectStatusChange, Region, Sector, SignedProject
from ..regions import load_prefectures

# Published aggregates (sources 000 and 003): 382 projects, RMB 396.6 billion; 6 of RMB 10 billion and
# over totalling 100.8 billion; 14 of 5 to 10 billion totalling 82.9 billion; emerging industries above
# 60%. The sources name no project signed at the event, so every record is illustrative and they carry the whole sum.

REGISTER_SEED = 2023
MILLION = Decimal(1_000_000)
TOTAL_PROJECTS = 382
TOTAL_MILLIONS = 396_600
BIG = (6, 100_800, 10_000, 30_000)  # count, total, lowest, highest (in millions of yuan)
MID = (14, 82_900, 5_000, 9_999)
EMERGING_TARGET = Decimal("0.62")

SECTORS = [
    ("new-energy", ("新能源", "New energy", "စွမ်းအင်သစ်"), True),
    ("new-materials", ("新材料", "New materials", "ပစ္စည်းသစ်"), True),
    ("biomedicine", ("生物医药", "Biomedicine", "ဇီဝဆေးဝါး"), True),
    (
        "green-aluminium-silicon",
        ("绿色铝硅", "Green aluminium and silicon", "ပတ်ဝန်းကျင်ညီ အလူမီနီယံနှင့် ဆီလီကွန်"),
        False,
    ),
    ("information", ("电子信息", "Information industry", "သတင်းအချက်အလက် စက်မှုလုပ်ငန်း"), False),
    ("advanced-equipment", ("先进装备制造", "Advanced equipment manufacturing", "အဆင့်မြင့် စက်ကိရိယာ ထုတ်လုပ်ရေး"), False),
    ("e-commerce", ("电子商务", "E-commerce", "အီလက်ထရောနစ် ကုန်သွယ်ရေး"), False),
]

ORIGINS = [
    ("上海", "Shanghai", "ရှန်ဟိုင်း"),
    ("广东", "Guangdong", "ကွမ်တုံး"),
    ("浙江", "Zhejiang", "ကျယ်ကျန်း"),
    ("江苏", "Jiangsu", "ကျန်ဆူး"),
    ("山东", "Shandong", "ရှန်တုံး"),
    ("四川", "Sichuan", "စီချွမ်"),
    ("重庆", "Chongqing", "ချုံကျင်း"),
    ("北京", "Beijing", "ပေကျင်း"),
    ("香港", "Hong Kong", "ဟောင်ကောင်"),
    ("云南", "Yunnan", "ယူနန်"),
]


BURMESE_DIGITS = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")


def partition(rng, count, total, lowest, highest):
    """`count` whole numbers in [lowest, highest] that add up to exactly `total`, skewed like real registers."""
    values = [lowest] * count
    extra = total - count * lowest
    weights = [rng.lognormvariate(0, 1) for _ in range(count)]
    scale = sum(weights)
    for index, weight in enumerate(weights):
        share = min(int(extra * weight / scale), highest - values[index])
        values[index] += share
    left = total - sum(values)
    while left:
        index = rng.randrange(count)
        if values[index] < highest:
            values[index] += 1
            left -= 1
    return values


def illustrative_amounts(rng):
    """382 amounts in millions of yuan reproducing the published bands and total exactly."""
    big = partition(rng, *BIG)
    mid = partition(rng, *MID)
    small_count = TOTAL_PROJECTS - BIG[0] - MID[0]
    small = partition(rng, small_count, TOTAL_MILLIONS - BIG[1] - MID[1], 20, 4_999)
    amounts = big + mid + small
    rng.shuffle(amounts)
    return amounts


def load_register():
    """The demo register: illustrative records matching the published totals.

    Deterministic (seeded) and safe to run again: sectors and investors are updated in
    place; the illustrative records are replaced by the same generated set.
    """
    rng = random.Random(REGISTER_SEED)
    edition = Edition.objects.get(slug="2023-yunnan")
    sectors = {}
    for slug, names, emerging in SECTORS:
        sectors[slug], _created = Sector.objects.update_or_create(
            slug=slug,
            defaults={**translated("name", names), "is_emerging": emerging, "is_ready_en": True, "is_ready_my": True},
        )
    # Reference data from a migration, reloaded because a flush (transactional tests, `flush`) empties it.
    load_prefectures(Region)
    regions = {region.code: region for region in Region.objects.all()}
    published_at = datetime(2023, 9, 5, 12, tzinfo=UTC)
    signing_day = date(2023, 9, 3)

    # The projects the sources name (Weiqiao in Luxi, Shanshan in Anning, Fengyuan in Yuxi, GLP, Sugon) are examples
    # of Yunnan's industrial transfer, not projects the sources say were signed at this event: they stay out of its
    # register (the news tells their stories), and registers loaded before this change lose them.
    SignedProject.objects.filter(edition=edition, is_illustrative=False).delete()

    investors = []
    for number in range(1, 41):
        origin = ORIGINS[rng.randrange(len(ORIGINS))]
        flags = {
            flag: rng.random() < chance
            for flag, chance in [
                ("is_fortune_global_500", 0.1),
                ("is_fortune_china_500", 0.15),
                ("is_top_500_manufacturer", 0.15),
                ("is_top_500_private", 0.15),
                ("is_single_champion", 0.1),
                ("is_specialised", 0.2),
                ("is_industry_leader", 0.25),
            ]
        }
        investor, _created = Investor.objects.update_or_create(
            name_zh_hans=f"示例企业{number:02d}",
            defaults={
                **translated(
                    "name",
                    (
                        f"示例企业{number:02d}",
                        f"Illustrative company {number:02d}",
                        f"ဥပမာ ကုမ္ပဏီ {number:02d}".translate(BURMESE_DIGITS),
                    ),
                ),
                **translated("origin", origin),
                **flags,
                "is_ready_en": True,
                "is_ready_my": True,
            },
        )
        investors.append(investor)

    SignedProject.objects.filter(edition=edition, is_illustrative=True).delete()
    emerging = [sectors[slug] for slug, _names, flag in SECTORS if flag]
    established = [sectors[slug] for slug, _names, flag in SECTORS if not flag]
    region_list = list(regions.values())
    sessions = list(edition.sessions.order_by("starts_at", "pk"))
    amounts = illustrative_amounts(rng)
    emerging_sum, target = 0, EMERGING_TARGET * TOTAL_MILLIONS
    projects, histories = [], []
    for number, millions in enumerate(amounts, start=1):
        # Emerging sectors until they hold 62% of the sum, so the published "above 60%" holds exactly.
        if emerging_sum < target:
            sector = emerging[rng.randrange(len(emerging))]
            emerging_sum += millions
        else:
            sector = established[rng.randrange(len(established))]
        roll = rng.random()
        status = "signed" if roll < 0.5 else "under_construction" if roll < 0.85 else "in_production"
        steps = [("signed", signing_day)]
        if status != "signed":
            started = signing_day + timedelta(days=rng.randrange(30, 330))
            steps.append(("under_construction", started))
            if status == "in_production":
                steps.append(("in_production", started + timedelta(days=rng.randrange(120, 400))))
        projects.append(
            SignedProject(
                edition=edition,
                session=sessions[rng.randrange(len(sessions))] if sessions else None,
                **translated(
                    "name",
                    (
                        f"示例{sector.name_zh_hans}项目{number:03d}",
                        f"Illustrative {sector.name_en.lower()} project {number:03d}",
                        f"ဥပမာ {sector.name_my} စီမံကိန်း {number:03d}".translate(BURMESE_DIGITS),
                    ),
                ),
                investor=investors[rng.randrange(len(investors))],
                sector=sector,
                region=region_list[rng.randrange(len(region_list))],
                amount_yuan=Decimal(millions) * MILLION,
                status=status,
                signed_on=signing_day,
                is_illustrative=True,
                is_published=True,
                published_at=published_at,
                is_ready_en=True,
                is_ready_my=True,
            )
        )
        histories.append(steps)
    created = SignedProject.objects.bulk_create(projects)
    ProjectStatusChange.objects.bulk_create(
        ProjectStatusChange(project=project, status=status, changed_on=day)
        for project, steps in zip(created, histories, strict=True)
        for status, day in steps
    )
