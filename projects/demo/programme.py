"""Demo programme and register for the 2023 matchmaking, from the sources' facts.

Facts (opening day, city, venue, hosts, slogan, the programme's structure, five
theme areas, the reported figures) come from /work/shared/sources. Everything
else (two themes, session titles, times and venues, the closing date) is
invented to make a usable programme and is marked illustrative.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from news.models import Article
from portal.demo import translated

from ..models import Edition, ReportedFigure, Session, Theme

SHANGHAI = ZoneInfo("Asia/Shanghai")
READY = {"is_ready_zh_hans": True, "is_ready_en": True, "is_ready_my": True}

VENUE = (
    "昆明滇池国际会展中心",
    "Kunming Dianchi International Convention and Exhibition Center",
    "ကူမင်း ဒျန်ချီ နိုင်ငံတကာ ညီလာခံနှင့် ပြပွဲစင်တာ",
)
HOSTS = (
    "工业和信息化部、云南省人民政府",
    "Ministry of Industry and Information Technology; People's Government of Yunnan Province",
    "စက်မှုနှင့် သတင်းအချက်အလက်နည်းပညာ ဝန်ကြီးဌာန၊ ယူနန်ပြည်နယ် ပြည်သူ့အစိုးရ",
)

# (full name, short name for session titles, is_illustrative, number of special activities)
THEMES = [
    (
        (
            "产学研合作对接",
            "Collaboration between industry, universities and research institutes",
            "စက်မှုလုပ်ငန်း၊ တက္ကသိုလ်နှင့် သုတေသနအဖွဲ့များ ပူးပေါင်းဆောင်ရွက်ရေး",
        ),
        ("产学研合作", "Industry–research collaboration", "စက်မှု-သုတေသန ပူးပေါင်းမှု"),
        False,
        3,
    ),
    (
        (
            "制造业单项冠军与优质企业对接",
            "National manufacturing single champions meet high-quality enterprises",
            "အမျိုးသားအဆင့် ကုန်ထုတ်လုပ်ငန်း ချန်ပီယံများနှင့် အရည်အသွေးမြင့် လုပ်ငန်းများ ချိတ်ဆက်ရေး",
        ),
        ("单项冠军与优质企业", "Single champions", "ကုန်ထုတ်လုပ်ငန်း ချန်ပီယံများ"),
        False,
        3,
    ),
    (
        ("信息产业对接", "Information industry matchmaking", "သတင်းအချက်အလက် စက်မှုလုပ်ငန်း ချိတ်ဆက်ရေး"),
        ("信息产业", "Information industry", "သတင်းအချက်အလက် စက်မှုလုပ်ငန်း"),
        False,
        3,
    ),
    (
        ("绿色轻金属产业对接", "Green light metals industry matchmaking", "စိမ်းလန်းသော ပေါ့ပါးသတ္တု စက်မှုလုပ်ငန်း ချိတ်ဆက်ရေး"),
        ("绿色轻金属", "Green light metals", "စိမ်းလန်းသော ပေါ့ပါးသတ္တု"),
        False,
        3,
    ),
    (
        ("能源电子产业对接", "Energy and electronics industry matchmaking", "စွမ်းအင်နှင့် အီလက်ထရောနစ် စက်မှုလုပ်ငန်း ချိတ်ဆက်ရေး"),
        ("能源电子", "Energy and electronics", "စွမ်းအင်နှင့် အီလက်ထရောနစ်"),
        False,
        2,
    ),
    (
        ("生物医药产业对接", "Biomedicine industry matchmaking", "ဇီဝဆေးဝါး စက်မှုလုပ်ငန်း ချိတ်ဆက်ရေး"),
        ("生物医药", "Biomedicine", "ဇီဝဆေးဝါး"),
        True,
        2,
    ),
    (
        ("先进装备制造产业对接", "Advanced equipment manufacturing matchmaking", "အဆင့်မြင့် စက်ကိရိယာ ထုတ်လုပ်ရေး ချိတ်ဆက်ရေး"),
        ("先进装备制造", "Advanced equipment", "အဆင့်မြင့် စက်ကိရိယာ"),
        True,
        2,
    ),
]

SPECIAL_TITLES = [
    ("{}专场对接会", "{}: matchmaking meeting", "{} ချိတ်ဆက်ဆွေးနွေးပွဲ"),
    ("{}主题论坛", "{}: forum", "{} ဖိုရမ်"),
    ("{}项目推介会", "{}: project presentations", "{} စီမံကိန်း မိတ်ဆက်ပွဲ"),
]

EXTENSIONS = [
    (
        (
            "院士专家与企业家州市考察：新能源与绿色铝硅",
            "Field visit for academicians and entrepreneurs: new energy and green aluminium-silicon",
            "ပညာရှင်များနှင့် လုပ်ငန်းရှင်များ ကွင်းဆင်းလေ့လာရေး- စွမ်းအင်သစ်နှင့် စိမ်းလန်းသော အလူမီနီယမ်-ဆီလီကွန်",
        ),
        datetime(2023, 9, 5, 8, 0, tzinfo=SHANGHAI),
        datetime(2023, 9, 7, 18, 0, tzinfo=SHANGHAI),
    ),
    (
        (
            "院士专家与企业家州市考察：生物制品与先进装备制造",
            "Field visit for academicians and entrepreneurs: biologics and advanced equipment",
            "ပညာရှင်များနှင့် လုပ်ငန်းရှင်များ ကွင်းဆင်းလေ့လာရေး- ဇီဝထုတ်ကုန်နှင့် အဆင့်မြင့် စက်ကိရိယာ",
        ),
        datetime(2023, 9, 5, 8, 0, tzinfo=SHANGHAI),
        datetime(2023, 9, 6, 18, 0, tzinfo=SHANGHAI),
    ),
]

SOURCE = "The Diplomatic Insight"
BILLION = Decimal(10**9)
# (metric, value, unit, lower bound): as the source reports them on 5 September 2023.
FIGURES = [
    ("participants", Decimal(3100), "people", False),
    ("companies", Decimal(2066), "companies", False),
    ("ranked_companies", Decimal(161), "companies", False),
    ("single_champions", Decimal(56), "companies", False),
    ("specialised_firms", Decimal(100), "companies", False),
    ("industry_leaders", Decimal(156), "companies", False),
    ("signed_projects", Decimal(382), "projects", False),
    ("total_investment", Decimal("396.6") * BILLION, "yuan", False),
    ("projects_over_10bn", Decimal(6), "projects", False),
    ("investment_over_10bn", Decimal("100.8") * BILLION, "yuan", False),
    ("projects_5_to_10bn", Decimal(14), "projects", False),
    ("investment_5_to_10bn", Decimal("82.9") * BILLION, "yuan", False),
    ("emerging_share", Decimal(60), "percent", True),
]


def load_programme():
    """Create or refresh the 2023 edition, its 7 themes, 21 sessions and reported figures; safe to run again."""
    edition, _created = Edition.objects.update_or_create(
        slug="2023-yunnan",
        defaults={
            **translated(
                "name",
                (
                    "2023中国产业转移发展对接活动（云南）",
                    "China Industrial Transfer & Development Matchmaking (Yunnan) 2023",
                    "၂၀၂၃ တရုတ် စက်မှုလွှဲပြောင်းရေးနှင့် ဖွံ့ဖြိုးရေး ချိတ်ဆက်ပွဲ (ယူနန်)",
                ),
            ),
            **translated(
                "slogan",
                (
                    "区域协调开放发展 合作共赢美好未来",
                    "Coordinated and Open Regional Development for a Win-Win Future",
                    "ဒေသတွင်း ညှိနှိုင်းပွင့်လင်းသော ဖွံ့ဖြိုးမှုဖြင့် နှစ်ဖက်အကျိုးရှိသော အနာဂတ်",
                ),
            ),
            **translated("city", ("昆明", "Kunming", "ကူမင်း")),
            **translated("venue", VENUE),
            **translated("hosts", HOSTS),
            **translated(
                "summary",
                (
                    "这是在云南举办的首个国家级产业对接活动，于2023年9月3日在昆明开幕，"
                    "设1场主体活动、7个主题下的18场专项活动和2场延伸活动。\n"
                    "本站的闭幕日期和各场活动的名称、时间、地点为示例数据，来源中没有这些信息。",
                    "The first national-level industry matchmaking held in Yunnan opened in Kunming on "
                    "3 September 2023, with one main activity, 18 special activities under 7 themes and "
                    "2 extension activities.\n"
                    "The closing date and the sessions' titles, times and venues shown here are illustrative: "
                    "the sources do not give them.",
                    "ယူနန်တွင် ပထမဆုံး ကျင်းပသော အမျိုးသားအဆင့် စက်မှု ချိတ်ဆက်ပွဲကို ၂၀၂၃ ခုနှစ် စက်တင်ဘာ ၃ ရက်နေ့တွင် "
                    "ကူမင်း၌ ဖွင့်လှစ်ခဲ့သည်။ ပင်မ လှုပ်ရှားမှု ၁ ခု၊ ခေါင်းစဉ် ၇ ခုအောက်ရှိ အထူး လှုပ်ရှားမှု ၁၈ ခုနှင့် "
                    "တိုးချဲ့ လှုပ်ရှားမှု ၂ ခု ပါဝင်သည်။\n"
                    "ပိတ်ပွဲ ရက်စွဲနှင့် အစီအစဉ်တစ်ခုချင်း၏ အမည်၊ အချိန်နှင့် နေရာတို့မှာ ဥပမာ အချက်အလက်များ ဖြစ်ပြီး "
                    "ရင်းမြစ်များတွင် မပါရှိပါ။",
                ),
            ),
            "starts_on": date(2023, 9, 3),
            # The last extension session's day: the sources give no closing date (the summary says so).
            "ends_on": date(2023, 9, 7),
            "declared_main_count": 1,
            "declared_special_count": 18,
            "declared_extension_count": 2,
            "declared_theme_count": 7,
            "is_published": True,
            **READY,
        },
    )
    main = _session(
        edition,
        kind=Session.Kind.MAIN,
        titles=(
            "开幕式暨产业转移发展对接大会",
            "Opening ceremony and main matchmaking conference",
            "ဖွင့်ပွဲနှင့် ပင်မ ချိတ်ဆက်ညီလာခံ",
        ),
        starts_at=datetime(2023, 9, 3, 9, 0, tzinfo=SHANGHAI),
        ends_at=datetime(2023, 9, 3, 12, 0, tzinfo=SHANGHAI),
        venue=VENUE,
        organisers=HOSTS,
        descriptions=(
            "整个活动共有来自2066家企业的约3100人参加，签约产业项目382个，计划总投资3966亿元。",
            "Some 3,100 people from 2,066 companies took part in the event as a whole, and 382 industrial "
            "projects with a planned investment of RMB 396.6 billion were signed.",
            "ပွဲတစ်ခုလုံးတွင် ကုမ္ပဏီ ၂,၀၆၆ ခုမှ လူ ၃,၁၀၀ ခန့် တက်ရောက်ခဲ့ပြီး စုစုပေါင်း ယွမ် ဘီလီယံ ၃၉၆.၆ "
            "ရင်းနှီးမြှုပ်နှံရန် စီစဉ်ထားသော စက်မှု စီမံကိန်း ၃၈၂ ခုကို လက်မှတ်ရေးထိုးခဲ့သည်။",
        ),
    )
    opening = Article.objects.filter(title_zh_hans="2023中国产业转移发展对接活动（云南）在昆明开幕").first()
    if opening:
        main.articles.add(opening)

    hall = 0
    for position, (names, short, is_illustrative, count) in enumerate(THEMES, start=1):
        theme, _created = Theme.objects.update_or_create(
            edition=edition,
            position=position,
            defaults={**translated("name", names), "is_illustrative": is_illustrative, **READY},
        )
        for number in range(count):
            hall += 1
            # Six parallel halls: the first afternoon, then the next morning and afternoon.
            day, hour = [(3, 14), (4, 9), (4, 14)][(hall - 1) // 6]
            _session(
                edition,
                kind=Session.Kind.SPECIAL,
                theme=theme,
                titles=tuple(pattern.format(name) for pattern, name in zip(SPECIAL_TITLES[number], short, strict=True)),
                starts_at=datetime(2023, 9, day, hour, 0, tzinfo=SHANGHAI),
                ends_at=datetime(2023, 9, day, hour + 3, 30, tzinfo=SHANGHAI),
                venue=(
                    f"{VENUE[0]} {(hall - 1) % 6 + 1}号厅",
                    f"Hall {(hall - 1) % 6 + 1}, {VENUE[1]}",
                    f"{VENUE[2]}၊ ခန်းမ {(hall - 1) % 6 + 1}",
                ),
            )

    for titles, starts_at, ends_at in EXTENSIONS:
        _session(
            edition,
            kind=Session.Kind.EXTENSION,
            titles=titles,
            starts_at=starts_at,
            ends_at=ends_at,
            venue=("云南各州市", "Prefectures and cities of Yunnan", "ယူနန်ပြည်နယ်ရှိ ခရိုင်နှင့် မြို့များ"),
            descriptions=(
                "组织院士专家和企业家赴州市考察，推动科研院所、企业和地方政府围绕产业集群和重点产业链开展合作。",
                "Academicians and entrepreneurs visit prefectures and cities to bring research institutes, companies "
                "and local governments together on industry clusters and key industry chains.",
                "ပညာရှင်များနှင့် လုပ်ငန်းရှင်များသည် ခရိုင်နှင့် မြို့များသို့ သွားရောက်လေ့လာပြီး စက်မှုအစုအဝေးများနှင့် "
                "အဓိက စက်မှုကွင်းဆက်များအတွက် သုတေသနအဖွဲ့များ၊ ကုမ္ပဏီများနှင့် ဒေသအစိုးရများ ပူးပေါင်းရန် အားပေးသည်။",
            ),
        )

    for position, (metric, value, unit, is_lower_bound) in enumerate(FIGURES):
        ReportedFigure.objects.update_or_create(
            edition=edition,
            session=None,
            region=None,
            metric=metric,
            source_name=SOURCE,
            defaults={
                "value": value,
                "unit": unit,
                "is_lower_bound": is_lower_bound,
                "as_of": date(2023, 9, 5),
                "position": position,
            },
        )
    return edition


def _session(edition, *, kind, titles, starts_at, ends_at, venue, theme=None, organisers=None, descriptions=None):
    """One demo session; its title, time and venue are invented, so it is marked illustrative."""
    fields = {
        **translated("title", titles),
        **translated("venue", venue),
        **(translated("organisers", organisers) if organisers else {}),
        **(translated("description", descriptions) if descriptions else {}),
    }
    session, _created = Session.objects.update_or_create(
        edition=edition,
        title_en=titles[1],
        defaults={
            **fields,
            "kind": kind,
            "theme": theme,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "is_illustrative": True,
            "is_published": True,
            **READY,
        },
    )
    return session
