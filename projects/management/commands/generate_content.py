import random
import sys
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction

from news.models import Article, ArticleViews, Column
from projects.models import Edition, Investor, Region, Sector, Session, SignedProject, Theme

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Word stock for generated text: real words, so that searches for 云南, "Yunnan" or ယူနန် find realistic shares.
ZH_WORDS = [
    "云南",
    "临沧",
    "昆明",
    "产业",
    "转移",
    "发展",
    "对接",
    "项目",
    "签约",
    "投资",
    "企业",
    "合作",
    "园区",
    "绿色",
    "能源",
    "新材料",
    "生物医药",
    "铝",
    "硅",
    "锂电",
    "口岸",
    "开放",
    "区域",
    "协调",
    "经济",
    "制造",
    "数字",
    "乡村",
    "振兴",
    "旅游",
    "交通",
    "物流",
    "电力",
    "茶叶",
    "咖啡",
    "边境",
    "贸易",
    "南亚",
    "东南亚",
    "市场",
    "服务",
    "创新",
]
EN_WORDS = [
    "Yunnan",
    "Lincang",
    "Kunming",
    "industry",
    "transfer",
    "development",
    "matchmaking",
    "project",
    "signed",
    "investment",
    "company",
    "cooperation",
    "park",
    "green",
    "energy",
    "materials",
    "biomedicine",
    "aluminium",
    "silicon",
    "lithium",
    "port",
    "opening",
    "region",
    "coordinated",
    "economy",
    "manufacturing",
    "digital",
    "rural",
    "tourism",
    "transport",
    "logistics",
    "power",
    "tea",
    "coffee",
    "border",
    "trade",
    "Asia",
    "market",
    "service",
    "the",
    "of",
    "and",
    "in",
    "for",
    "with",
    "a",
    "to",
    "new",
]
MY_WORDS = [
    "ယူနန်",
    "လင်ချန်း",
    "ကူမင်း",
    "စက်မှု",
    "လွှဲပြောင်း",
    "ဖွံ့ဖြိုး",
    "ချိတ်ဆက်",
    "စီမံကိန်း",
    "လက်မှတ်",
    "ရင်းနှီးမြှုပ်နှံ",
    "ကုမ္ပဏီ",
    "ပူးပေါင်း",
    "ဥယျာဉ်",
    "စိမ်းလန်း",
    "စွမ်းအင်",
    "ပစ္စည်း",
    "ဆေးဝါး",
    "အလူမီနီယမ်",
    "လီသီယမ်",
    "ဆိပ်ကမ်း",
    "ဒေသ",
    "စီးပွား",
    "ထုတ်လုပ်",
    "ဒစ်ဂျစ်တယ်",
    "ကျေးလက်",
    "ခရီးသွား",
    "သယ်ယူ",
    "လျှပ်စစ်",
    "လက်ဖက်",
    "ကော်ဖီ",
    "နယ်စပ်",
    "ကုန်သွယ်",
    "အာရှ",
    "ဈေးကွက်",
    "ဝန်ဆောင်မှု",
]
LANGUAGES = (("zh_hans", ZH_WORDS, "", "。"), ("en", EN_WORDS, " ", ". "), ("my", MY_WORDS, " ", "။ "))


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label, total, stream=sys.stderr):
        self.label, self.total, self.stream, self.shown = label, max(total, 1), stream, -1

    def update(self, done):
        percent = done * 100 // self.total
        if percent != self.shown:
            self.shown = percent
            bar = "#" * (percent // 4)
            self.stream.write(f"\r{self.label:10} [{bar:<25}] {percent:3d}% {done:,}/{self.total:,}")
            if done >= self.total:
                self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Generate a large, deterministic dataset for benchmarks (every article in three languages)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--projects", type=int, default=200)
        parser.add_argument("--sessions", type=int, default=30)
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, articles, projects, sessions, seed, batch, **options):
        if Article.objects.filter(column__slug__startswith="gen-").exists():
            raise CommandError("Generated content already exists; run it on an empty database.")
        self.random = random.Random(seed)
        self.batch = batch
        with transaction.atomic():
            columns = self.make_columns()
            with self.search_indexes_set_aside():
                self.make_articles(columns, articles)
            edition = self.make_programme(sessions)
            self.make_register(edition, projects)
        with connection.cursor() as cursor:
            # Fresh planner statistics, or the first queries plan for empty tables.
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Generated {articles:,} articles, {sessions} sessions, {projects:,} projects.")
        )

    @contextmanager
    def search_indexes_set_aside(self):
        """Drop the search indexes (trigrams, grams) during the bulk load and build them once after it: several times
        faster than updating them row by row. PostgreSQL only; elsewhere there are none."""
        definitions = []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # With each index's statistics target (the grams' is raised: migration 0014), which a rebuilt index
                # would lose.
                cursor.execute(
                    "SELECT indexname, indexdef, attstattarget FROM pg_indexes "
                    "JOIN pg_attribute ON attrelid = format('%%I', indexname)::regclass AND attnum = 1 "
                    "WHERE tablename = %s AND (indexdef LIKE %s OR indexdef LIKE %s)",
                    [Article._meta.db_table, "%gin_trgm_ops%", "%string_to_array%"],
                )
                definitions = cursor.fetchall()
                for name, _definition, _target in definitions:
                    cursor.execute(f'DROP INDEX "{name}"')
        yield
        if definitions:
            self.stderr.write(f"search indexes: building {len(definitions)}")
            with connection.cursor() as cursor:
                # Django's foreign keys are deferred; their pending checks must run before an index can be built.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for name, definition, target in definitions:
                    cursor.execute(definition)
                    if target is not None and target >= 0:
                        cursor.execute(f'ALTER INDEX "{name}" ALTER COLUMN 1 SET STATISTICS {int(target)}')
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def text(self, words, separator, stop, length):
        sentences = []
        size = 0
        while size < length:
            sentence = separator.join(self.random.choice(words) for _ in range(self.random.randint(6, 16)))
            sentences.append(sentence)
            size += len(sentence) + len(stop)
        return stop.join(sentences) + stop.strip()

    def translated(self, field, length, paragraphs=1, limit=None):
        values = {}
        for suffix, words, separator, stop in LANGUAGES:
            scale = 3 if suffix == "en" else 1
            parts = [self.text(words, separator, stop, length * scale) for _ in range(paragraphs)]
            value = "".join(f"<p>{part}</p>" for part in parts) if paragraphs > 1 else parts[0]
            values[f"{field}_{suffix}"] = value[:limit] if limit else value
        return values

    def make_columns(self):
        columns = []
        for number in range(1, 21):
            columns.append(
                Column.objects.create(
                    slug=f"gen-{number}",
                    name_zh_hans=f"栏目{number}",
                    name_en=f"Column {number}",
                    name_my=f"ကဏ္ဍ {number}",
                    position=100 + number,
                    is_in_navigation=False,
                )
            )
        return columns

    def make_articles(self, columns, total):
        progress = Progress("articles", total)
        start = datetime(2021, 1, 1, tzinfo=SHANGHAI)
        rows = []
        for number in range(1, total + 1):
            row = Article(
                # Half of all articles in the first column, so that its page 2,000 exists at 100k articles.
                column=columns[0] if number % 2 else columns[number % len(columns)],
                state=Article.State.PUBLISHED,
                published_at=start + timedelta(minutes=number * 15),
                is_ready_zh_hans=True,
                is_ready_en=True,
                is_ready_my=True,
                **self.translated("summary", 80),
                **self.translated("title", 24, limit=200),
                **self.translated("body", 300, paragraphs=5),
                source_zh_hans="生成数据",
                source_en="Generated data",
                source_my="ဖန်တီးထားသော ဒေတာ",
            )
            # What Article.save() fills and bulk_create() does not.
            row.derive_search_texts()
            rows.append(row)
            if len(rows) == self.batch or number == total:
                Article.objects.bulk_create(rows)
                ArticleViews.objects.bulk_create(
                    ArticleViews(article=row, count=self.random.randint(0, 5000)) for row in rows
                )
                # With DEBUG on, Django keeps the last 9,000 statements: megabytes of INSERT each.
                reset_queries()
                rows = []
                progress.update(number)

    def make_programme(self, total):
        edition = Edition.objects.create(
            slug="gen-edition",
            starts_on=date(2025, 9, 1),
            ends_on=date(2025, 9, 30),
            is_published=True,
            is_ready_en=True,
            is_ready_my=True,
            declared_main_count=1,
            declared_special_count=max(total - 3, 0),
            declared_extension_count=2,
            declared_theme_count=7,
            **self.translated("name", 20, limit=200),
        )
        themes = [
            Theme.objects.create(
                edition=edition,
                position=number,
                is_ready_en=True,
                is_ready_my=True,
                **self.translated("name", 12, limit=200),
            )
            for number in range(7)
        ]
        progress = Progress("sessions", total)
        rows = []
        for number in range(total):
            kind = (
                Session.Kind.MAIN
                if number == 0
                else Session.Kind.EXTENSION
                if number > total - 3
                else Session.Kind.SPECIAL
            )
            starts_at = datetime(2025, 9, 1 + number % 28, 9 + number % 8, tzinfo=SHANGHAI)
            rows.append(
                Session(
                    edition=edition,
                    kind=kind,
                    theme=themes[number % 7] if kind == Session.Kind.SPECIAL else None,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=2),
                    is_published=True,
                    is_ready_en=True,
                    is_ready_my=True,
                    **self.translated("title", 20, limit=200),
                    **self.translated("venue", 10, limit=200),
                )
            )
        Session.objects.bulk_create(rows)
        progress.update(total)
        return edition

    def make_register(self, edition, total):
        regions = list(Region.objects.all()) or [
            Region.objects.create(
                code=f"99{number:02d}",
                position=number,
                name_zh_hans=f"州市{number}",
                name_en=f"Prefecture {number}",
                name_my=f"ဒေသ {number}",
                is_ready_en=True,
                is_ready_my=True,
            )
            for number in range(16)
        ]
        sectors = [
            Sector.objects.create(
                slug=f"gen-sector-{number}",
                is_emerging=number % 2 == 0,
                is_ready_en=True,
                is_ready_my=True,
                **self.translated("name", 6, limit=100),
            )
            for number in range(12)
        ]
        investors = Investor.objects.bulk_create(
            [
                Investor(
                    origin=self.random.choice(["广东", "上海", "浙江", "山东", "Thailand", "Singapore"]),
                    is_fortune_global_500=number % 17 == 0,
                    is_ready_en=True,
                    is_ready_my=True,
                    **self.translated("name", 10, limit=200),
                )
                for number in range(500)
            ]
        )
        sessions = list(Session.objects.filter(edition=edition))
        progress = Progress("projects", total)
        rows = []
        for number in range(1, total + 1):
            amount = None if number % 10 == 0 else Decimal(self.random.randint(1, 20_000)) * 1_000_000
            rows.append(
                SignedProject(
                    edition=edition,
                    session=self.random.choice(sessions) if sessions else None,
                    investor=self.random.choice(investors),
                    sector=self.random.choice(sectors),
                    region=self.random.choice(regions),
                    amount_yuan=amount,
                    signed_on=date(2025, 9, 1),
                    is_illustrative=True,
                    is_published=True,
                    published_at=datetime(2025, 9, 2, tzinfo=SHANGHAI),
                    is_ready_en=True,
                    is_ready_my=True,
                    name_zh_hans=f"生成项目{number:06d}",
                    name_en=f"Generated project {number:06d}",
                    name_my=f"ဖန်တီး စီမံကိန်း {number:06d}",
                    **self.translated("description", 60),
                )
            )
            if len(rows) == self.batch or number == total:
                SignedProject.objects.bulk_create(rows)
                reset_queries()
                rows = []
                progress.update(number)
