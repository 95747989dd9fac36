"""Yunnan's 16 prefecture-level divisions: reference data, loaded by a data migration.

Codes are the national administrative division codes (GB/T 2260, first four digits).
"""

PREFECTURES = [
    ("5301", "昆明市", "Kunming", "ကူမင်းမြို့"),
    ("5303", "曲靖市", "Qujing", "ချူကျင်းမြို့"),
    ("5304", "玉溪市", "Yuxi", "ယွီရှီမြို့"),
    ("5305", "保山市", "Baoshan", "ပေါင်ရှန်မြို့"),
    ("5306", "昭通市", "Zhaotong", "ကျောက်ထုန်းမြို့"),
    ("5307", "丽江市", "Lijiang", "လီကျန်းမြို့"),
    ("5308", "普洱市", "Pu'er", "ပူအာမြို့"),
    ("5309", "临沧市", "Lincang", "လင်ချန်းမြို့"),
    ("5323", "楚雄彝族自治州", "Chuxiong Yi Autonomous Prefecture", "ချုရှုံး ရီလူမျိုး ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရ ခရိုင်"),
    (
        "5325",
        "红河哈尼族彝族自治州",
        "Honghe Hani and Yi Autonomous Prefecture",
        "ဟုန်ဟဲ ဟာနီနှင့် ရီလူမျိုး ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရ ခရိုင်",
    ),
    (
        "5326",
        "文山壮族苗族自治州",
        "Wenshan Zhuang and Miao Autonomous Prefecture",
        "ဝမ်ရှန် ကျွမ်နှင့် မောင်လူမျိုး ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရ ခရိုင်",
    ),
    (
        "5328",
        "西双版纳傣族自治州",
        "Xishuangbanna Dai Autonomous Prefecture",
        "စစ်ဆောင်ပန္နား ဒိုင်လူမျိုး ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရ ခရိုင်",
    ),
    ("5329", "大理白族自治州", "Dali Bai Autonomous Prefecture", "တာလီ ပိုင်လူမျိုး ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရ ခရိုင်"),
    (
        "5331",
        "德宏傣族景颇族自治州",
        "Dehong Dai and Jingpo Autonomous Prefecture",
        "ဒေဟုန်း ဒိုင်နှင့် ကချင်လူမျိုး ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရ ခရိုင်",
    ),
    ("5333", "怒江傈僳族自治州", "Nujiang Lisu Autonomous Prefecture", "နုကျန်း လီဆူလူမျိုး ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရ ခရိုင်"),
    ("5334", "迪庆藏族自治州", "Diqing Tibetan Autonomous Prefecture", "ဒီချင်း တိဘက်လူမျိုး ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရ ခရိုင်"),
]


def load_prefectures(region_model):
    """Create or refresh the 16 rows; takes the model so the data migration can pass its historical one."""
    for position, (code, zh, en, my) in enumerate(PREFECTURES):
        region_model.objects.update_or_create(
            code=code,
            defaults={
                "name": zh,
                "name_zh_hans": zh,
                "name_en": en,
                "name_my": my,
                "position": position,
                "is_ready_zh_hans": True,
                "is_ready_en": True,
                "is_ready_my": True,
            },
        )
