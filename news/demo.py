"""Demo columns, pictures and articles, written for this portal from the sources' facts.

Every sentence is our own; the facts (dates, numbers, names) come from the two
source stories in ../shared/sources/. The pictures are drawn here with Pillow
and captioned as illustrations, not photographs.
"""

import secrets
from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from portal.demo import DEMO_PASSWORD, translated

from .glossary import glossary_seed
from .models import Article, Column, Image
from .roles import assign_role

SHANGHAI = ZoneInfo("Asia/Shanghai")

COLUMNS = [
    ("headlines", ("要闻", "Headlines", "ခေါင်းကြီးသတင်း")),
    ("local", ("本地新闻", "Local news", "ဒေသသတင်း")),
    ("matchmaking", ("产业转移对接专题", "Industrial Transfer Matchmaking", "စက်မှုလွှဲပြောင်းရေး ချိတ်ဆက်ပွဲ")),
    ("burmese", ("缅语专栏", "Burmese column", "မြန်မာဘာသာ ကဏ္ဍ")),
]

# key -> (file name, colours, caption zh/en/my)
PICTURES = {
    "venue": (
        "demo-venue.png",
        ((32, 84, 140), (236, 200, 90)),
        (
            "示意图：会展中心（插图，非实景照片）",
            "Illustration: a convention centre (a drawing, not a photograph)",
            "သရုပ်ဖော်ပုံ- ညီလာခံ ပြပွဲခန်းမ (ဓာတ်ပုံ မဟုတ်ပါ)",
        ),
    ),
    "industry": (
        "demo-industry.png",
        ((40, 110, 80), (220, 220, 210)),
        (
            "示意图：工业园区（插图，非实景照片）",
            "Illustration: an industrial park (a drawing, not a photograph)",
            "သရုပ်ဖော်ပုံ- စက်မှုဇုန် (ဓာတ်ပုံ မဟုတ်ပါ)",
        ),
    ),
    "map": (
        "demo-map.png",
        ((150, 60, 40), (250, 240, 220)),
        (
            "示意图：昆明位于中国、南亚与东南亚之间（插图）",
            "Illustration: Kunming between China, South Asia and Southeast Asia (a drawing)",
            "သရုပ်ဖော်ပုံ- တရုတ်၊ တောင်အာရှနှင့် အရှေ့တောင်အာရှကြားရှိ ကူမင်း (ပုံဆွဲ)",
        ),
    ),
}


def draw_picture(colours):
    """A simple skyline drawing, 1600×900, so every rendition has pixels to work with."""
    sky, accent = colours
    picture = PILImage.new("RGB", (1600, 900), sky)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((1250, 90, 1450, 290), fill=accent)
    for index, height in enumerate([380, 520, 300, 610, 450, 350, 560, 420]):
        left = 60 + index * 190
        draw.rectangle((left, 900 - height, left + 150, 900), fill=tuple(min(255, c + 40 * (index % 3)) for c in sky))
        for row in range(900 - height + 30, 880, 60):
            draw.rectangle((left + 25, row, left + 55, row + 25), fill=accent)
            draw.rectangle((left + 95, row, left + 125, row + 25), fill=accent)
    draw.text((60, 40), "ILLUSTRATIVE DRAWING", fill=accent)
    out = BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def load_pictures():
    images = {}
    for key, (name, colours, captions) in PICTURES.items():
        image = Image.objects.filter(credit="Demo drawing", caption_en=captions[1]).first()
        if image is None or not image.file or not image.file.storage.exists(image.file.name):
            image = image or Image(credit="Demo drawing")
            image.file.save(name, ContentFile(draw_picture(colours)), save=False)
        for name, value in {**translated("caption", captions), **translated("alt_text", captions)}.items():
            setattr(image, name, value)
        image.save()
        images[key] = image
    return images


def published(year, month, day, hour, minute):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def articles(columns, images):
    """The demo articles as (key, fields); `key` is the English title, which stays stable."""
    opening = {
        **translated(
            "title",
            (
                "2023中国产业转移发展对接活动（云南）在昆明开幕",
                "National industrial transfer matchmaking opens in Kunming",
                "နိုင်ငံအဆင့် စက်မှုလွှဲပြောင်းရေး ချိတ်ဆက်ပွဲ ကူမင်းတွင် စတင်",
            ),
        ),
        **translated(
            "summary",
            (
                "首次在云南举办的国家级产业对接活动9月3日开幕，现场签约项目382个。",
                "The first national-level industry matchmaking held in Yunnan opened on 3 September with 382 projects signed.",
                "ယူနန်တွင် ပထမဆုံး ကျင်းပသော နိုင်ငံအဆင့် စက်မှုချိတ်ဆက်ပွဲ စက်တင်ဘာ ၃ ရက်တွင် စတင်ပြီး စီမံကိန်း ၃၈၂ ခု လက်မှတ်ရေးထိုးခဲ့သည်။",
            ),
        ),
        **translated(
            "body",
            (
                "<p>9月3日，2023中国产业转移发展对接活动（云南）在昆明开幕。这是云南第一次承办国家级的产业对接活动，"
                "由工业和信息化部与云南省人民政府共同主办，主题为“区域协调 开放发展 合作共赢”。</p>"
                "<p>活动现场共签约项目382个，计划总投资3966亿元。其中，单个投资超过100亿元的项目有6个，合计1008亿元；"
                "投资在50亿元至100亿元之间的项目14个，合计829亿元。新能源、生物医药、新材料等新兴产业项目占总投资的六成以上。</p>"
                "<h2>参会企业</h2>"
                "<p>来自2066家企业的约3100名代表参加活动，其中包括161家世界500强、中国500强及制造业和民营企业500强企业，"
                "还有56家制造业单项冠军企业、100家国家级专精特新“小巨人”企业和156家行业龙头企业。</p>"
                "<h2>活动安排</h2>"
                "<p>活动由1场主体活动、7个主题下的18场专项活动和2场延伸活动组成，涉及产学研合作、信息产业、绿色轻金属以及能源电子等领域。</p>",
                "<p>The 2023 China Industrial Transfer and Development Matchmaking Activity (Yunnan) began in Kunming on 3 September. "
                "It is the first industry matchmaking event of national rank that Yunnan has hosted; the Ministry of Industry and "
                "Information Technology and the Yunnan provincial government organised it together under the theme "
                "“Coordinated and Open Regional Development for a Win-Win Future”.</p>"
                "<p>On site, 382 projects were signed with a planned investment of RMB 396.6 billion. Six of them are worth more "
                "than RMB 10 billion each (RMB 100.8 billion together), and fourteen between RMB 5 and 10 billion each "
                "(RMB 82.9 billion together). Emerging industries such as new energy, biomedicine and new materials make up more "
                "than 60 per cent of the total.</p>"
                "<h2>Who came</h2>"
                "<p>About 3,100 people from 2,066 companies took part, among them 161 companies from the Fortune Global 500, the "
                "Fortune China 500 and China's top 500 manufacturers and private firms, as well as 56 national manufacturing "
                "single champions, 100 national “little giants” and 156 industry leaders.</p>"
                "<h2>Programme</h2>"
                "<p>The event is built from one main activity, 18 special activities under seven themes and two extension "
                "activities, covering research cooperation, the information industry, green light metals and energy electronics.</p>",
                "<p>၂၀၂၃ တရုတ် စက်မှုလွှဲပြောင်းရေးနှင့် ဖွံ့ဖြိုးရေး ချိတ်ဆက်ပွဲ (ယူနန်) ကို စက်တင်ဘာ ၃ ရက်နေ့တွင် ကူမင်းမြို့၌ "
                "စတင်ခဲ့သည်။ ယူနန်ပြည်နယ်က ပထမဆုံး အိမ်ရှင်အဖြစ် လက်ခံကျင်းပသော နိုင်ငံအဆင့် စက်မှုချိတ်ဆက်ပွဲ ဖြစ်ပြီး "
                "စက်မှုနှင့် သတင်းအချက်အလက်နည်းပညာ ဝန်ကြီးဌာနနှင့် ယူနန်ပြည်နယ် အစိုးရတို့ ပူးတွဲ ကျင်းပခြင်း ဖြစ်သည်။</p>"
                "<p>ပွဲတွင် စီမံကိန်း ၃၈၂ ခုကို လက်မှတ်ရေးထိုးခဲ့ပြီး စုစုပေါင်း ရင်းနှီးမြှုပ်နှံမှု ယွမ် ဘီလီယံ ၃၉၆.၆ ရှိသည်။ "
                "ယင်းတို့အနက် ယွမ် ဘီလီယံ ၁၀ ကျော် စီမံကိန်း ၆ ခု (စုစုပေါင်း ဘီလီယံ ၁၀၀.၈) နှင့် ဘီလီယံ ၅ မှ ၁၀ ကြား "
                "စီမံကိန်း ၁၄ ခု (စုစုပေါင်း ဘီလီယံ ၈၂.၉) ပါဝင်သည်။ စွမ်းအင်သစ်၊ ဇီဝဆေးဝါးနှင့် ပစ္စည်းသစ် စသည့် "
                "ထွန်းသစ်စ စက်မှုလုပ်ငန်းများသည် စုစုပေါင်း ရင်းနှီးမှု၏ ၆၀ ရာခိုင်နှုန်းကျော် ရှိသည်။</p>"
                "<h2>တက်ရောက်သူများ</h2>"
                "<p>ကုမ္ပဏီ ၂,၀၆၆ ခုမှ လူ ၃,၁၀၀ ခန့် တက်ရောက်ခဲ့ပြီး ကမ္ဘာ့ထိပ်တန်း ကုမ္ပဏီ ၅၀၀ စာရင်းဝင်များ အပါအဝင် "
                "ကုမ္ပဏီ ၁၆၁ ခု ပါဝင်ခဲ့သည်။</p>"
                "<h2>အစီအစဉ်</h2>"
                "<p>ပွဲတွင် အဓိက အစီအစဉ် ၁ ခု၊ ခေါင်းစဉ် ၇ ခုအောက်ရှိ အထူး အစီအစဉ် ၁၈ ခုနှင့် တိုးချဲ့ အစီအစဉ် ၂ ခု ပါဝင်သည်။</p>",
            ),
        ),
        **translated("source", ("外交洞察（TDI）", "The Diplomatic Insight (TDI)", "The Diplomatic Insight (TDI)")),
        "column": columns["matchmaking"],
        "cover": images["venue"],
        "state": Article.State.PUBLISHED,
        "published_at": published(2023, 9, 5, 10, 0),
        "is_ready_en": True,
        "is_ready_my": True,
    }
    pioneer = {
        **translated(
            "title",
            (
                "云南：产业转移的先行者与开放合作的枢纽",
                "Yunnan, an early mover in industrial transfer and a hub for open cooperation",
                "ယူနန်- စက်မှုလွှဲပြောင်းရေး ရှေ့ဆောင်နှင့် ပွင့်လင်းသော ပူးပေါင်းဆောင်ရွက်မှု ဆုံချက်",
            ),
        ),
        **translated(
            "summary",
            (
                "在昆明对接活动结束之际，回顾云南如何承接东部产业、又如何面向南亚东南亚开放。",
                "As the Kunming matchmaking closes, a look at how Yunnan takes in industries from the east and opens towards South and Southeast Asia.",
                "ကူမင်း ချိတ်ဆက်ပွဲ ပြီးဆုံးချိန်တွင် ယူနန်သည် အရှေ့ပိုင်းမှ စက်မှုလုပ်ငန်းများကို မည်သို့ လက်ခံပြီး တောင်အာရှနှင့် အရှေ့တောင်အာရှသို့ မည်သို့ ဖွင့်လှစ်နေသည်ကို ပြန်လည်သုံးသပ်ချက်။",
            ),
        ),
        **translated(
            "body",
            (
                "<p>产业转移，是指发达地区的企业顺应比较优势的变化，通过跨区域投资把部分生产环节搬到发展中地区。"
                "在昆明举行的对接活动上，工业和信息化部部长金壮龙表示，产业转移有助于优化产业布局、完善产业体系、促进区域协调发展。"
                "云南省省长王予波说，云南将围绕园区建设、政策协同和口岸经济发力，打造一流营商环境。</p>"
                "<h2>落地的项目</h2>"
                "<ul><li>上海杉杉科技在安宁建设的负极材料基地，开工247天即投产，年产能30万吨。</li>"
                "<li>山东魏桥创业集团与泸西县合作建设600kA电解槽，每吨铝可节电500千瓦时。</li>"
                "<li>丰源锂能在玉溪的项目一年之内完成签约并投产。</li></ul>"
                "<h2>面向南亚东南亚</h2>"
                "<p>在中国—南亚博览会带动下，中国与南亚国家的货物贸易额从2013年的不足1000亿美元增长到近2000亿美元。"
                "云南正加快河口、磨憨、瑞丽等沿边产业园区的基础设施建设。普洛斯新能源（上海）战略投资副总监王鑫表示，"
                "企业落户临沧，看重的是当地资源以及临沧在中缅印度洋新通道中的地位。</p>",
                "<p>Industrial transfer means companies in developed regions moving part of their production to developing ones "
                "through investment across regions, as comparative advantages shift. At the Kunming matchmaking, Minister of "
                "Industry and Information Technology Jin Zhuanglong said such transfer serves a better industrial layout, a more "
                "complete industrial system and balanced regional development. Yunnan governor Wang Yubo said the province would "
                "concentrate on industrial parks, policy coordination and the port economy, and on a first-class business "
                "environment.</p>"
                "<h2>Projects on the ground</h2>"
                "<ul><li>Shanghai-based Shanshan Technology's anode-material base in Anning went into operation 247 days after "
                "construction began and makes 300,000 tonnes a year.</li>"
                "<li>Shandong's Weiqiao Pioneering Group and Luxi county built a 600 kA electrolyser that saves 500 kWh for each "
                "tonne of aluminium.</li>"
                "<li>Fengyuan Lithium Energy's project in Yuxi was signed and producing within one year.</li></ul>"
                "<h2>Facing South and Southeast Asia</h2>"
                "<p>With the China–South Asia Expo as a driver, trade in goods between China and South Asian countries grew from "
                "under USD 100 billion in 2013 to nearly USD 200 billion. Yunnan is building up infrastructure in the border "
                "industrial parks of Hekou, Mohan and Ruili. Wang Xin of GLP New Energy (Shanghai) said the company chose Lincang "
                "for its natural resources and its role in the China–Myanmar corridor to the Indian Ocean.</p>",
                "<p>စက်မှုလွှဲပြောင်းရေးဆိုသည်မှာ ဖွံ့ဖြိုးပြီး ဒေသများရှိ ကုမ္ပဏီများက ဒေသကူး ရင်းနှီးမြှုပ်နှံမှုဖြင့် "
                "ထုတ်လုပ်မှု အစိတ်အပိုင်းအချို့ကို ဖွံ့ဖြိုးဆဲ ဒေသများသို့ ရွှေ့ပြောင်းခြင်း ဖြစ်သည်။ ကူမင်း ချိတ်ဆက်ပွဲတွင် "
                "စက်မှုနှင့် သတင်းအချက်အလက်နည်းပညာ ဝန်ကြီး ကျင်းကျွမ်လုံက စက်မှုလွှဲပြောင်းရေးသည် ဒေသများ ညီမျှစွာ "
                "ဖွံ့ဖြိုးရေးကို အထောက်အကူ ပြုသည်ဟု ပြောကြားခဲ့သည်။ ယူနန်ပြည်နယ် အုပ်ချုပ်ရေးမှူး ဝမ်ယွီပေါ်က စက်မှုဇုန်များ၊ "
                "မူဝါဒ ညှိနှိုင်းမှုနှင့် ဆိပ်ကမ်း စီးပွားရေးကို အာရုံစိုက်မည်ဟု ဆိုသည်။</p>"
                "<h2>အကောင်အထည်ပေါ်လာသော စီမံကိန်းများ</h2>"
                "<ul><li>ရှန်ဟိုင်းအခြေစိုက် ရှန်ရှန် နည်းပညာ ကုမ္ပဏီ၏ အန်နင်းရှိ အနုတ်ဝင်ရိုး ပစ္စည်း စက်ရုံသည် "
                "ဆောက်လုပ်ပြီး ရက် ၂၄၇ အကြာတွင် စတင်လည်ပတ်ပြီး တစ်နှစ်လျှင် တန်ချိန် ၃၀၀,၀၀၀ ထုတ်လုပ်သည်။</li>"
                "<li>ဝေချောင် အုပ်စုနှင့် လူရှီခရိုင်တို့ တည်ဆောက်သော 600kA လျှပ်စစ်ဓာတ်ခွဲကန်သည် အလူမီနီယမ် "
                "တစ်တန်လျှင် ကီလိုဝပ်နာရီ ၅၀၀ သက်သာစေသည်။</li>"
                "<li>ဖုန်ယွမ် လီသီယမ် စွမ်းအင်၏ ယုစီ စီမံကိန်းသည် တစ်နှစ်အတွင်း လက်မှတ်ရေးထိုးပြီး ထုတ်လုပ်မှု စတင်ခဲ့သည်။</li></ul>"
                "<h2>တောင်အာရှနှင့် အရှေ့တောင်အာရှဘက်သို့</h2>"
                "<p>တရုတ်-တောင်အာရှ ကုန်စည်ပြပွဲ၏ တွန်းအားဖြင့် တရုတ်နှင့် တောင်အာရှနိုင်ငံများအကြား ကုန်သွယ်မှုသည် "
                "၂၀၁၃ ခုနှစ်က အမေရိကန်ဒေါ်လာ ဘီလီယံ ၁၀၀ အောက်မှ ဘီလီယံ ၂၀၀ နီးပါးအထိ တိုးလာခဲ့သည်။ GLP စွမ်းအင်သစ် "
                "ကုမ္ပဏီမှ ဝမ်ရှင်က လင်ချန်းကို ရွေးချယ်ရခြင်းမှာ သဘာဝ အရင်းအမြစ်များနှင့် တရုတ်-မြန်မာ အိန္ဒိယသမုဒ္ဒရာ "
                "ကုန်သွယ်ရေး စင်္ကြံတွင် ၎င်း၏ အခန်းကဏ္ဍကြောင့် ဖြစ်သည်ဟု ဆိုသည်။</p>",
            ),
        ),
        **translated("source", ("澜湄趴", "Lanmei Pa", "လန်မေ့ပါ")),
        "column": columns["burmese"],
        "cover": images["map"],
        "state": Article.State.PUBLISHED,
        "published_at": published(2023, 9, 11, 15, 10),
        "is_ready_en": True,
        "is_ready_my": True,
    }
    short = [
        (
            (
                "对接活动新兴产业投资占比超六成",
                "Emerging industries take over 60% of matchmaking investment",
                "ချိတ်ဆက်ပွဲ ရင်းနှီးမှု၏ ၆၀% ကျော်မှာ ထွန်းသစ်စ စက်မှုလုပ်ငန်းများ",
            ),
            (
                "<p>在昆明签约的382个项目中，新能源、生物医药和新材料等新兴产业项目的投资占总额六成以上。</p>",
                "<p>Of the 382 projects signed in Kunming, new energy, biomedicine, new materials and other emerging industries "
                "account for more than 60 per cent of the planned investment.</p>",
                "<p>ကူမင်းတွင် လက်မှတ်ရေးထိုးခဲ့သော စီမံကိန်း ၃၈၂ ခုအနက် စွမ်းအင်သစ်၊ ဇီဝဆေးဝါးနှင့် ပစ္စည်းသစ် "
                "လုပ်ငန်းများသည် ရင်းနှီးမှု၏ ၆၀ ရာခိုင်နှုန်းကျော် ရှိသည်။</p>",
            ),
            "headlines",
            published(2023, 9, 4, 9, 0),
        ),
        (
            (
                "中国与南亚货物贸易十年间接近翻番",
                "China–South Asia goods trade nearly doubles in a decade",
                "တရုတ်-တောင်အာရှ ကုန်သွယ်မှု ဆယ်နှစ်အတွင်း နှစ်ဆနီးပါး တိုး",
            ),
            (
                "<p>依托常设在昆明的中国—南亚博览会，中国与南亚国家的货物贸易额由2013年的不足1000亿美元增至近2000亿美元。</p>",
                "<p>Helped by the China–South Asia Expo, whose permanent venue is in Kunming, goods trade between China and South "
                "Asia rose from under USD 100 billion in 2013 to nearly USD 200 billion.</p>",
                "<p>ကူမင်းတွင် အမြဲတမ်း ကျင်းပသော တရုတ်-တောင်အာရှ ကုန်စည်ပြပွဲ၏ အကူအညီဖြင့် ကုန်သွယ်မှုသည် ၂၀၁၃ "
                "ခုနှစ်က ဒေါ်လာ ဘီလီယံ ၁၀၀ အောက်မှ ဘီလီယံ ၂၀၀ နီးပါးသို့ တိုးလာသည်။</p>",
            ),
            "headlines",
            published(2023, 9, 12, 9, 30),
        ),
        (
            (
                "安宁负极材料基地247天建成投产",
                "Anning anode-material base runs 247 days after ground-breaking",
                "အန်နင်း ဘက်ထရီပစ္စည်း စက်ရုံ ရက် ၂၄၇ အတွင်း လည်ပတ်",
            ),
            (
                "<p>杉杉科技在安宁的电池负极材料基地从开工到投产用了247天，目前每年可生产30万吨负极材料。</p>",
                "<p>Shanshan Technology's battery anode-material base in Anning took 247 days from construction to operation and "
                "now produces 300,000 tonnes a year.</p>",
                "<p>အန်နင်းရှိ ရှန်ရှန် နည်းပညာ၏ ဘက်ထရီ ပစ္စည်း စက်ရုံသည် ဆောက်လုပ်ချိန်မှ ရက် ၂၄၇ အတွင်း "
                "လည်ပတ်လာပြီး တစ်နှစ်လျှင် တန် ၃၀၀,၀၀၀ ထုတ်လုပ်သည်။</p>",
            ),
            "local",
            published(2023, 9, 8, 11, 0),
        ),
        (
            (
                "泸西新型电解槽每吨铝节电500千瓦时",
                "Luxi electrolyser saves 500 kWh per tonne of aluminium",
                "လူရှီ ဓာတ်ခွဲကန် အလူမီနီယမ် တစ်တန်လျှင် ၅၀၀ ကီလိုဝပ်နာရီ သက်သာ",
            ),
            (
                "<p>魏桥创业集团与泸西县合作的600kA电解槽投入使用，生产每吨铝可减少用电500千瓦时。</p>",
                "<p>A 600 kA electrolyser built by Weiqiao Pioneering Group with Luxi county uses 500 kWh less for every tonne of "
                "aluminium it makes.</p>",
                "<p>ဝေချောင် အုပ်စုနှင့် လူရှီခရိုင် ပူးပေါင်းတည်ဆောက်သော 600kA ဓာတ်ခွဲကန်သည် အလူမီနီယမ် တစ်တန်လျှင် လျှပ်စစ် ၅၀၀ ကီလိုဝပ်နာရီ သက်သာစေသည်။</p>",
            ),
            "local",
            published(2023, 9, 9, 16, 0),
        ),
        (
            (
                "2066家企业约3100人参加昆明对接活动",
                "About 3,100 people from 2,066 companies at the Kunming matchmaking",
                "ကူမင်း ချိတ်ဆက်ပွဲသို့ ကုမ္ပဏီ ၂,၀၆၆ ခုမှ လူ ၃,၁၀၀ ခန့် တက်ရောက်",
            ),
            (
                "<p>参会的2066家企业中，有56家制造业单项冠军企业和156家行业龙头企业。</p>",
                "<p>The 2,066 companies taking part include 56 national manufacturing single champions and 156 industry "
                "leaders.</p>",
                "<p>တက်ရောက်သော ကုမ္ပဏီ ၂,၀၆၆ ခုတွင် ထုတ်လုပ်ရေး ချန်ပီယံ ကုမ္ပဏီ ၅၆ ခုနှင့် လုပ်ငန်းခေါင်းဆောင် ကုမ္ပဏီ ၁၅၆ ခု ပါဝင်သည်။</p>",
            ),
            "matchmaking",
            published(2023, 9, 4, 15, 0),
        ),
    ]
    rows = [(opening["title_en"], opening), (pioneer["title_en"], pioneer)]
    for titles, bodies, column, when in short:
        rows.append(
            (
                titles[1],
                {
                    **translated("title", titles),
                    **translated("body", bodies),
                    "column": columns[column],
                    "cover": images["industry"] if column == "local" else None,
                    "state": Article.State.PUBLISHED,
                    "published_at": when,
                    "is_ready_en": True,
                    "is_ready_my": True,
                },
            )
        )
    # Workflow examples for editors: a draft in Chinese only, and one scheduled a month ahead.
    rows.append(
        (
            "Lincang and the China–Myanmar corridor (draft)",
            {
                **translated(
                    "title", ("临沧与中缅印度洋新通道（草稿）", "Lincang and the China–Myanmar corridor (draft)", "")
                ),
                **translated(
                    "body",
                    ("<p>普洛斯新能源看重临沧的自然资源和通道地位。（草稿，待补充）</p>", "", ""),
                ),
                "column": columns["local"],
                "state": Article.State.DRAFT,
                "published_at": None,
                "is_ready_en": False,
                "is_ready_my": False,
            },
        )
    )
    rows.append(
        (
            "Seven themes, eighteen special activities",
            {
                **translated(
                    "title",
                    (
                        "七大主题十八场专项活动",
                        "Seven themes, eighteen special activities",
                        "ခေါင်းစဉ် ၇ ခု၊ အထူး အစီအစဉ် ၁၈ ခု",
                    ),
                ),
                **translated(
                    "body",
                    (
                        "<p>对接活动的18场专项活动分属7个主题，包括产学研合作和绿色轻金属产业对接。</p>",
                        "<p>The matchmaking's 18 special activities fall under seven themes, among them research cooperation "
                        "and green light metals.</p>",
                        "<p>ချိတ်ဆက်ပွဲ၏ အထူး အစီအစဉ် ၁၈ ခုသည် ခေါင်းစဉ် ၇ ခုအောက်တွင် ရှိသည်။</p>",
                    ),
                ),
                "column": columns["matchmaking"],
                "state": Article.State.PUBLISHED,
                "published_at": timezone.now() + timedelta(days=30),
                "is_ready_en": True,
                "is_ready_my": True,
            },
        )
    )
    return rows


def load_news():
    """Create or refresh the demo columns, pictures and articles; safe to run again."""
    columns = {}
    for position, (slug, names) in enumerate(COLUMNS):
        columns[slug], _created = Column.objects.update_or_create(
            slug=slug, defaults={**translated("name", names), "position": position}
        )
    images = load_pictures()
    saved = {}
    for key, fields in articles(columns, images):
        # The scheduled example keeps its first date, so loading again does not push it further away.
        existing = Article.objects.filter(title_en=key).first()
        keeps_date = existing and existing.state == fields["state"] and fields["published_at"]
        if keeps_date and existing.published_at and existing.published_at > timezone.now():
            fields["published_at"] = existing.published_at
        saved[key], _created = Article.objects.update_or_create(title_en=key, defaults=fields)
    opening, pioneer = list(saved.values())[:2]
    opening.related_articles.set([pioneer, *list(saved.values())[2:4]])
    # The official terms the stories use, so translators are warned where the demo's texts disagree.
    glossary_seed()


def load_demo_users():
    """The newsroom's demo users, one per role; a fixed, published password only while DEBUG is on.

    Returns the (username, password) logins it set, for `load_demo` to print.
    """
    User = get_user_model()
    credentials = []
    roles = [("chief", "chief_editor"), ("reviewer", "reviewer"), ("editor", "editor")]
    roles += [(f"translator-{code}", f"translator_{code}") for code in ("zh_hans", "en", "my")]
    for username, role in roles:
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        if settings.DEBUG:
            password = DEMO_PASSWORD
        elif created:
            password = secrets.token_urlsafe(12)
        else:
            continue
        user.set_password(password)
        user.is_staff = True
        user.save()
        assign_role(user, role)
        credentials.append((username, password))
    return credentials
