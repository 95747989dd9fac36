"""Demo programme and register for the 2023 matchmaking, from the sources' facts."""

from datetime import date

from portal.demo import translated

from .models import Edition


def load_programme():
    Edition.objects.update_or_create(
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
            "starts_on": date(2023, 9, 3),
            "ends_on": date(2023, 9, 5),
            "declared_main_count": 1,
            "declared_special_count": 18,
            "declared_extension_count": 2,
            "declared_theme_count": 7,
            "is_published": True,
            "is_ready_en": True,
            "is_ready_my": True,
        },
    )


def load_register():
    """Filled in by the project register."""
