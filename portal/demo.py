"""Demo site chrome: settings, simple pages and footer links, in three languages.

The licence and record numbers are visibly placeholders: this is a demo site,
not the Lincang portal, and it must not pass off another site's numbers.
"""

from .models import FooterLink, Page, SiteSettings

DEMO_PASSWORD = "demo-portal-2023"  # noqa: S105 -- published on purpose, used only while DEBUG is on

SITE = {
    "site_name": ("临沧新闻门户（演示）", "Lincang News Portal (demo)", "လင်ချန်း သတင်းပေါ်တယ် (နမူနာ)"),
    "slogans": (
        "建设好美丽家园|维护好民族团结|守护好神圣国土",
        "Build a beautiful home|Keep our peoples united|Guard our sacred land",
        "လှပသော နေရပ်ကို တည်ဆောက်မည်|လူမျိုးစု စည်းလုံးညီညွတ်ရေးကို ထိန်းသိမ်းမည်|မြင့်မြတ်သော မြေကို စောင့်ရှောက်မည်",
    ),
    "host_organisation": (
        "临沧市广播电视台（演示数据）",
        "Lincang Radio and Television (demo data)",
        "လင်ချန်း ရေဒီယိုနှင့် ရုပ်မြင်သံကြား (နမူနာ အချက်အလက်)",
    ),
    "hotline": (
        "新闻热线：0883-0000000（示例号码）",
        "News hotline: 0883-0000000 (sample number)",
        "သတင်း ဖုန်းလိုင်း- 0883-0000000 (နမူနာ နံပါတ်)",
    ),
    "licences": (
        "滇ICP备00000000号（示例）\n互联网新闻信息服务许可证编号：00000000000（示例）\n本站为演示站点，以上编号均为示例，并非真实备案。",
        "ICP record: Dian ICP 00000000 (sample)\nInternet news licence: 00000000000 (sample)\n"
        "This is a demo site; the numbers above are samples, not real registrations.",
        "ICP မှတ်ပုံတင်- 00000000 (နမူနာ)\nအင်တာနက် သတင်း လိုင်စင်- 00000000000 (နမူနာ)\n"
        "ဤဆိုက်သည် နမူနာဆိုက် ဖြစ်၍ အထက်ပါ နံပါတ်များမှာ နမူနာသာ ဖြစ်ပါသည်။",
    ),
    "meta_description": (
        "临沧新闻门户演示站：本地新闻、缅语专栏、产业转移对接活动与签约项目。",
        "Demo of a Lincang news portal: local news, a Burmese column, the industrial transfer matchmaking and its signed projects.",
        "လင်ချန်း သတင်းပေါ်တယ် နမူနာ- ဒေသသတင်း၊ မြန်မာဘာသာ ကဏ္ဍ၊ စက်မှုလွှဲပြောင်းရေး ချိတ်ဆက်ပွဲနှင့် လက်မှတ်ရေးထိုးထားသော စီမံကိန်းများ။",
    ),
}

PAGES = [
    (
        "about",
        ("关于我们", "About us", "ကျွန်ုပ်တို့အကြောင်း"),
        (
            "本站是一个新闻门户的演示，用中文、英文和缅甸文报道临沧及云南的新闻。",
            "This site demonstrates a news portal that reports on Lincang and Yunnan in Chinese, English and Burmese.",
            "ဤဆိုက်သည် လင်ချန်းနှင့် ယူနန်သတင်းများကို တရုတ်၊ အင်္ဂလိပ်နှင့် မြန်မာဘာသာဖြင့် ဖော်ပြသော သတင်းပေါ်တယ် နမူနာ ဖြစ်ပါသည်။",
        ),
    ),
    (
        "advertising",
        ("广告服务", "Advertising", "ကြော်ငြာ ဝန်ဆောင်မှု"),
        (
            "演示站点不刊登广告。",
            "The demo site carries no advertising.",
            "နမူနာဆိုက်တွင် ကြော်ငြာ မထည့်ပါ။",
        ),
    ),
    (
        "statement",
        ("网站声明", "Site statement", "ဝက်ဘ်ဆိုက် ထုတ်ပြန်ချက်"),
        (
            "本站内容为演示用途。标注为“示例”的数据并非真实数据。",
            "Content on this site is for demonstration. Data marked “illustrative” is not real.",
            "ဤဆိုက်ရှိ အကြောင်းအရာများသည် သရုပ်ပြရန်သာ ဖြစ်သည်။ “ဥပမာ” ဟု မှတ်သားထားသော အချက်အလက်များမှာ အမှန်တကယ် မဟုတ်ပါ။",
        ),
    ),
    (
        "contact",
        ("联系我们", "Contact us", "ဆက်သွယ်ရန်"),
        (
            "编辑部邮箱：editor@example.org（示例地址）",
            "Newsroom e-mail: editor@example.org (sample address)",
            "သတင်းခန်း အီးမေးလ်- editor@example.org (နမူနာ လိပ်စာ)",
        ),
    ),
]

MAILBOX = (("编辑部邮箱", "Editorial mailbox", "အယ်ဒီတာအဖွဲ့ အီးမေးလ်"), "mailto:editor@example.org")

FRIEND_LINKS = [
    (("人民网", "People's Daily Online", "ပြည်သူ့နေ့စဉ် အွန်လိုင်း"), "http://www.people.com.cn/"),
    (("新华网", "Xinhuanet", "ဆင်ဟွာ အွန်လိုင်း"), "http://www.xinhuanet.com/"),
    (("云南网", "Yunnan.cn", "ယူနန် အွန်လိုင်း"), "https://www.yunnan.cn/"),
    (("中国网信网", "Cyberspace Administration of China", "တရုတ် ဆိုက်ဘာ စီမံခန့်ခွဲရေး"), "http://www.cac.gov.cn/"),
]

LANGUAGE_SUFFIXES = ("zh_hans", "en", "my")


def translated(field, values):
    return {f"{field}_{suffix}": value for suffix, value in zip(LANGUAGE_SUFFIXES, values, strict=True)}


def load_site():
    """Create or refresh the demo chrome; safe to run again."""
    site = SiteSettings.objects.first() or SiteSettings()
    for field, values in SITE.items():
        for name, value in translated(field, values).items():
            setattr(site, name, value)
    site.contact_phone = "0883-0000000"
    site.save()

    for position, (slug, titles, bodies) in enumerate(PAGES):
        page, _created = Page.objects.update_or_create(
            slug=slug,
            defaults={
                **translated("title", titles),
                **translated("body", bodies),
                "is_ready_en": True,
                "is_ready_my": True,
            },
        )
        FooterLink.objects.update_or_create(
            group=FooterLink.Group.SITE,
            url=f"/pages/{slug}/",
            defaults={**translated("title", titles), "position": position if position < 2 else position + 1},
        )
    titles, url = MAILBOX
    FooterLink.objects.update_or_create(
        group=FooterLink.Group.SITE, url=url, defaults={**translated("title", titles), "position": 2}
    )
    for position, (titles, url) in enumerate(FRIEND_LINKS):
        FooterLink.objects.update_or_create(
            group=FooterLink.Group.FRIEND, url=url, defaults={**translated("title", titles), "position": position}
        )
