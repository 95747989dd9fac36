"""The demo register of the 2023 matchmaking: the projects the sources name, and illustrative records."""

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from portal.demo import translated

from ..models import Edition, Investor, ProjectStatusChange, Region, Sector, SignedProject
from ..regions import load_prefectures

# Published aggregates (sources 000 and 003): 382 projects, RMB 396.6 billion; 6 of RMB 10 billion and
# over totalling 100.8 billion; 14 of 5 to 10 billion totalling 82.9 billion; emerging industries above
# 60%. The five named projects have no published amount, so the illustrative records carry the whole sum.

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

# The five projects the sources name, in our own words; amounts undisclosed.
NAMED_PROJECTS = [
    {
        "name": (
            "魏桥创业集团泸西600千安铝电解槽项目",
            "Weiqiao Pioneering Group aluminium electrolyser project in Luxi",
            "လူရှီရှိ ဝေချောင် စွန့်ဦးတီထွင်ရေး အုပ်စု၏ အလူမီနီယံ လျှပ်စစ်ဓာတ်ခွဲကန် စီမံကိန်း",
        ),
        "description": (
            "山东魏桥创业集团与滇东泸西县合作建设全新600千安电解槽，每吨铝可节电500千瓦时。",
            "Shandong's Weiqiao Pioneering Group and Luxi county in east Yunnan are building a new 600 kA electrolyser that saves 500 kWh for every tonne of aluminium.",
            "ရှန်တုံးမှ ဝေချောင် စွန့်ဦးတီထွင်ရေး အုပ်စုနှင့် ယူနန်အရှေ့ပိုင်း လူရှီ ခရိုင်ငယ်တို့ ပူးပေါင်း၍ အလူမီနီယံ တစ်တန်လျှင် လျှပ်စစ် ၅၀၀ ကီလိုဝပ်နာရီ သက်သာစေမည့် ၆၀၀ ကီလိုအမ်ပီယာ လျှပ်စစ်ဓာတ်ခွဲကန်သစ်ကို တည်ဆောက်နေသည်။",
        ),
        "investor": (
            ("魏桥创业集团", "Weiqiao Pioneering Group", "ဝေချောင် စွန့်ဦးတီထွင်ရေး အုပ်စု"),
            ("山东", "Shandong", "ရှန်တုံး"),
        ),
        "sector": "green-aluminium-silicon",
        "region": "5325",
        "county": ("泸西县", "Luxi County", "လူရှီ ခရိုင်ငယ်"),
        "status": "signed",
    },
    {
        "name": (
            "杉杉科技安宁负极材料基地",
            "Shanshan Technology anode-materials base in Anning",
            "အန်းနင်းရှိ ရှန်ရှန် နည်းပညာ၏ အနုတ်ဝင်ရိုး ပစ္စည်း ထုတ်လုပ်ရေး အခြေစိုက်စခန်း",
        ),
        "description": (
            "上海杉杉科技在安宁建设的电池材料基地，建设247天后投产，年产负极材料30万吨。",
            "Shanghai's Shanshan Technology built this battery-materials base in Anning; it began operating after 247 days of construction and makes 300,000 tonnes of anode materials a year.",
            "ရှန်ဟိုင်းမှ ရှန်ရှန် နည်းပညာသည် အန်းနင်းတွင် ဘက်ထရီ ပစ္စည်း အခြေစိုက်စခန်းကို ရက် ၂၄၇ ရက်အတွင်း တည်ဆောက်ပြီး လုပ်ငန်းစတင်ခဲ့ကာ တစ်နှစ်လျှင် အနုတ်ဝင်ရိုး ပစ္စည်း တန်ချိန် ၃၀၀,၀၀၀ ထုတ်လုပ်သည်။",
        ),
        "investor": (("杉杉科技", "Shanshan Technology", "ရှန်ရှန် နည်းပညာ"), ("上海", "Shanghai", "ရှန်ဟိုင်း")),
        "sector": "new-materials",
        "region": "5301",
        "county": ("安宁市", "Anning", "အန်းနင်း"),
        "status": "in_production",
    },
    {
        "name": ("丰元锂能玉溪项目", "Fengyuan Lithium project in Yuxi", "ယွီရှီရှိ ဖုန်ယွမ် လီသီယမ် စွမ်းအင် စီမံကိန်း"),
        "description": (
            "丰元锂能科技在玉溪的项目签约后一年内即投产。",
            "Fengyuan Lithium Energy Technology's project in Yuxi went from signing to production within a year.",
            "ဖုန်ယွမ် လီသီယမ် စွမ်းအင် နည်းပညာ၏ ယွီရှီ စီမံကိန်းသည် လက်မှတ်ရေးထိုးပြီး တစ်နှစ်အတွင်း ထုတ်လုပ်မှု စတင်ခဲ့သည်။",
        ),
        "investor": (("丰元锂能科技", "Fengyuan Lithium Energy Technology", "ဖုန်ယွမ် လီသီယမ် စွမ်းအင် နည်းပညာ"), ("", "", "")),
        "sector": "new-energy",
        "region": "5304",
        "county": ("", "", ""),
        "status": "in_production",
    },
    {
        "name": ("普洛斯新能源临沧项目", "GLP New Energy project in Lincang", "လင်ချန်းရှိ GLP စွမ်းအင်သစ် စီမံကိန်း"),
        "description": (
            "普洛斯新能源（上海）看重临沧的自然资源及其在中缅印度洋新通道中的作用。",
            "GLP New Energy (Shanghai) chose Lincang for its natural resources and its place on the new China–Myanmar trade corridor to the Indian Ocean.",
            "GLP စွမ်းအင်သစ် (ရှန်ဟိုင်း) သည် လင်ချန်း၏ သဘာဝ သယံဇာတနှင့် အိန္ဒိယသမုဒ္ဒရာသို့ တရုတ်-မြန်မာ ကုန်သွယ်ရေး စင်္ကြံသစ်တွင် ၎င်း၏ အခန်းကဏ္ဍကြောင့် ရွေးချယ်ခဲ့သည်။",
        ),
        "investor": (("普洛斯新能源", "GLP New Energy", "GLP စွမ်းအင်သစ်"), ("上海", "Shanghai", "ရှန်ဟိုင်း")),
        "sector": "new-energy",
        "region": "5309",
        "county": ("", "", ""),
        "status": "signed",
    },
    {
        "name": (
            "曙光信息产业昆明项目",
            "Sugon Information Industry project in Kunming",
            "ကူမင်းရှိ ဆူဂွန် သတင်းအချက်အလက် စက်မှုလုပ်ငန်း စီမံကိန်း",
        ),
        "description": (
            "曙光信息产业希望借投资昆明带动上下游企业落户，共同开拓南亚东南亚市场。",
            "Sugon Information Industry hopes its Kunming investment will draw upstream and downstream firms to the city and open South and Southeast Asian markets together.",
            "ဆူဂွန် သတင်းအချက်အလက် စက်မှုလုပ်ငန်းသည် ကူမင်းတွင် ရင်းနှီးမြှုပ်နှံခြင်းဖြင့် အထက်နှင့် အောက်ပိုင်း လုပ်ငန်းများကို မြို့သို့ ဆွဲဆောင်ပြီး တောင်အာရှနှင့် အရှေ့တောင်အာရှ ဈေးကွက်ကို အတူ ဖွင့်လှစ်ရန် မျှော်လင့်သည်။",
        ),
        "investor": (("曙光信息产业", "Sugon Information Industry", "ဆူဂွန် သတင်းအချက်အလက် စက်မှုလုပ်ငန်း"), ("", "", "")),
        "sector": "information",
        "region": "5301",
        "county": ("", "", ""),
        "status": "signed",
    },
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
    """377 amounts in millions of yuan reproducing the published bands and total exactly."""
    big = partition(rng, *BIG)
    mid = partition(rng, *MID)
    small_count = TOTAL_PROJECTS - len(NAMED_PROJECTS) - BIG[0] - MID[0]
    small = partition(rng, small_count, TOTAL_MILLIONS - BIG[1] - MID[1], 20, 4_999)
    amounts = big + mid + small
    rng.shuffle(amounts)
    return amounts


def load_register():
    """The demo register: the five named projects plus illustrative records matching the published totals.

    Deterministic (seeded) and safe to run again: sectors, investors and named projects are updated in
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

    for item in NAMED_PROJECTS:
        names, origin = item["investor"]
        investor, _created = Investor.objects.update_or_create(
            name_zh_hans=names[0],
            defaults={
                **translated("name", names),
                **translated("origin", origin),
                "is_ready_en": True,
                "is_ready_my": True,
            },
        )
        SignedProject.objects.update_or_create(
            edition=edition,
            name_zh_hans=item["name"][0],
            defaults={
                **translated("name", item["name"]),
                **translated("description", item["description"]),
                **translated("county", item["county"]),
                "investor": investor,
                "sector": sectors[item["sector"]],
                "region": regions[item["region"]],
                "amount_yuan": None,
                "status": item["status"],
                "is_illustrative": False,
                "is_published": True,
                "published_at": published_at,
                "is_ready_en": True,
                "is_ready_my": True,
            },
        )

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
