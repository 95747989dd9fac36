"""Demo columns and articles, written for this portal from the sources' facts."""

from datetime import datetime
from zoneinfo import ZoneInfo

from portal.demo import translated

from .models import Article, Column

SHANGHAI = ZoneInfo("Asia/Shanghai")

COLUMNS = [
    ("headlines", ("要闻", "Headlines", "ခေါင်းကြီးသတင်း")),
    ("local", ("本地新闻", "Local news", "ဒေသသတင်း")),
    ("matchmaking", ("产业转移对接专题", "Industrial Transfer Matchmaking", "စက်မှုလွှဲပြောင်းရေး ချိတ်ဆက်ပွဲ")),
    ("burmese", ("缅语专栏", "Burmese column", "မြန်မာဘာသာ ကဏ္ဍ")),
]


def load_news():
    columns = {}
    for position, (slug, names) in enumerate(COLUMNS):
        columns[slug], _created = Column.objects.update_or_create(
            slug=slug, defaults={**translated("name", names), "position": position}
        )
    Article.objects.update_or_create(
        title_zh_hans="2023中国产业转移发展对接活动（云南）在昆明开幕",
        defaults={
            **translated(
                "title",
                (
                    "2023中国产业转移发展对接活动（云南）在昆明开幕",
                    "2023 industrial transfer matchmaking opens in Kunming",
                    "၂၀၂၃ စက်မှုလွှဲပြောင်းရေး ချိတ်ဆက်ပွဲ ကူမင်းတွင် စတင်",
                ),
            ),
            **translated(
                "body",
                (
                    "<p>9月3日，活动在昆明滇池国际会展中心拉开帷幕，现场签约项目382个，计划总投资3966亿元。</p>",
                    "<p>The event opened on 3 September at the Kunming Dianchi International Convention and "
                    "Exhibition Center; 382 projects with a planned investment of RMB 396.6 billion were signed.</p>",
                    "<p>စက်တင်ဘာ ၃ ရက်နေ့တွင် ကူမင်း ဒျန်ချီ နိုင်ငံတကာ ညီလာခံနှင့် ပြပွဲစင်တာ၌ ပွဲ စတင်ခဲ့ပြီး "
                    "စီမံကိန်း ၃၈၂ ခု၊ စုစုပေါင်း ယွမ် ဘီလီယံ ၃၉၆.၆ ရင်းနှီးမြှုပ်နှံမှုအတွက် လက်မှတ်ရေးထိုးခဲ့သည်။</p>",
                ),
            ),
            "column": columns["matchmaking"],
            "state": Article.State.PUBLISHED,
            "published_at": datetime(2023, 9, 5, 10, 0, tzinfo=SHANGHAI),
            "is_ready_en": True,
            "is_ready_my": True,
        },
    )
