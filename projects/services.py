"""Writes of the project register that span models: the spreadsheet import.

One service, `projects_import`, serves both the admin import page and the
`import_projects` command, so both validate, report and write the same way.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from itertools import batched

from django.db import connections, router, transaction
from django.db.models import DEFERRED, OuterRef, Subquery
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from .article_pages import forget_pages_of_projects_in
from .models import Edition, Investor, ProjectStatusChange, Region, Sector, SignedProject
from .spreadsheets import ImportFileError, ImportLimits, import_limits, read_rows

__all__ = ["ImportFileError", "ImportLimits", "ImportResult", "RowError", "import_limits", "projects_import"]

UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}

STATUS_WORDS = {
    "signed": SignedProject.Status.SIGNED,
    "已签约": SignedProject.Status.SIGNED,
    "签约": SignedProject.Status.SIGNED,
    "under_construction": SignedProject.Status.UNDER_CONSTRUCTION,
    "在建": SignedProject.Status.UNDER_CONSTRUCTION,
    "开工": SignedProject.Status.UNDER_CONSTRUCTION,
    "in_production": SignedProject.Status.IN_PRODUCTION,
    "投产": SignedProject.Status.IN_PRODUCTION,
    "已投产": SignedProject.Status.IN_PRODUCTION,
}

TRUE_WORDS = {"1", "yes", "true", "是", "y"}
FALSE_WORDS = {"", "0", "no", "false", "否", "n"}

REQUIRED_COLUMNS = ["edition", "name_zh", "sector", "region", "amount", "amount_unit"]
OPTIONAL_COLUMNS = [
    "name_en",
    "name_my",
    "description_zh",
    "description_en",
    "description_my",
    "investor_zh",
    "investor_en",
    "investor_my",
    "investor_origin_zh",
    "investor_origin_en",
    "investor_origin_my",
    "local_partner_zh",
    "local_partner_en",
    "local_partner_my",
    "county_zh",
    "county_en",
    "county_my",
    "status",
    "signed_on",
    "status_on",
    "published",
]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS


# Text columns checked against the length of the model field they are written to, so that the preview refuses what
# PostgreSQL would refuse on commit (and SQLite would silently store).
TEXT_COLUMNS = {
    "name_zh": (SignedProject, "name_zh_hans"),
    "name_en": (SignedProject, "name_en"),
    "name_my": (SignedProject, "name_my"),
    "local_partner_zh": (SignedProject, "local_partner_zh_hans"),
    "local_partner_en": (SignedProject, "local_partner_en"),
    "local_partner_my": (SignedProject, "local_partner_my"),
    "county_zh": (SignedProject, "county_zh_hans"),
    "county_en": (SignedProject, "county_en"),
    "county_my": (SignedProject, "county_my"),
    "investor_zh": (Investor, "name_zh_hans"),
    "investor_en": (Investor, "name_en"),
    "investor_my": (Investor, "name_my"),
    "investor_origin_zh": (Investor, "origin_zh_hans"),
    "investor_origin_en": (Investor, "origin_en"),
    "investor_origin_my": (Investor, "origin_my"),
}
MAX_LENGTHS = {column: model._meta.get_field(name).max_length for column, (model, name) in TEXT_COLUMNS.items()}
AMOUNT_FIELD = SignedProject._meta.get_field("amount_yuan")
FEN = Decimal(1).scaleb(-AMOUNT_FIELD.decimal_places)
# Below what the column holds, and within 15 significant digits: SQLite keeps decimals as floating point numbers,
# exact to 15 digits only, so 9,999,999,999,999,999.99 would come back as 10^16 and break every page showing it.
SIGNIFICANT_DIGITS = 15
AMOUNT_BOUND = Decimal(10) ** (min(AMOUNT_FIELD.max_digits, SIGNIFICANT_DIGITS) - AMOUNT_FIELD.decimal_places)
# A number as people type it: digits, optionally grouped by thousands with commas, a decimal point, an exponent
# (Excel writes large numbers so). "1,2,3" is not a number: dropping its commas would read 123.
NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")

# The import writes this many rows at a time: each batch is a handful of queries, whatever its size.
BATCH_SIZE = 1000
# The preview lists the first problems only; the count says how many there are.
MAX_REPORTED_ERRORS = 1000
MAX_LISTED_NAMES = 1000

# The project's own columns, written as they are in the file.
PROJECT_TEXT_FIELDS = {
    "name_en": "name_en",
    "name_my": "name_my",
    "description_zh_hans": "description_zh",
    "description_en": "description_en",
    "description_my": "description_my",
    "local_partner_zh_hans": "local_partner_zh",
    "local_partner_en": "local_partner_en",
    "local_partner_my": "local_partner_my",
    "county_zh_hans": "county_zh",
    "county_en": "county_en",
    "county_my": "county_my",
}
# What a re-import rewrites; the untranslated originals too, as save() keeps them in step.
UPDATED_FIELDS = [
    *PROJECT_TEXT_FIELDS,
    "name",
    "description",
    "local_partner",
    "county",
    "investor",
    "sector",
    "region",
    "amount_yuan",
    "status",
    "signed_on",
    "is_published",
    "published_at",
    "is_ready_en",
    "is_ready_my",
    "updated_at",
]


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    dry_run: bool = True
    error_count: int = 0

    @property
    def ok(self):
        return not self.error_count

    @property
    def errors_not_shown(self):
        return self.error_count - len(self.errors)

    # The preview lists the first names only: a page of 100,000 names helps no one and takes long to render.
    @property
    def created_shown(self):
        return self.created[:MAX_LISTED_NAMES]

    @property
    def created_not_shown(self):
        return max(0, len(self.created) - MAX_LISTED_NAMES)

    @property
    def updated_shown(self):
        return self.updated[:MAX_LISTED_NAMES]

    @property
    def updated_not_shown(self):
        return max(0, len(self.updated) - MAX_LISTED_NAMES)

    def add_errors(self, errors):
        self.error_count += len(errors)
        self.errors += errors[: MAX_REPORTED_ERRORS - len(self.errors)]


def projects_import(*, data, filename, dry_run=True, progress=None, limits=None):
    """Import a register file: all rows or none.

    Rows are matched on (edition, Chinese name), so importing the same file twice updates instead of duplicating.
    Unknown editions, sectors and regions are errors; investors named in the file are created when missing. The
    file is read as a stream and checked against `limits` (default: `import_limits()`); the rows are checked and
    written in batches inside one transaction, which is rolled back if any row is refused, so a dry run and a real
    run report exactly the same problems. `progress`, if given, is called with (rows read, fraction of the file
    read) after each batch.
    """
    header, source = read_rows(data, filename, limits or import_limits())
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    # The last of two columns with the same name wins, as it did when rows were read into dicts.
    positions = {name: index for index, name in enumerate(header) if name in COLUMNS}
    importer = _Importer(dry_run)
    with transaction.atomic():
        done = 0
        for batch in batched(_records(source, positions), BATCH_SIZE):
            importer.add(batch)
            done += len(batch)
            if progress:
                progress(done, source.fraction)
        importer.finish()
        if dry_run or not importer.result.ok:
            transaction.set_rollback(True)
    return importer.result


def _records(source, positions):
    for number, values in source:
        width = len(values)
        yield number, {name: values[index] if index < width else "" for name, index in positions.items()}


class _Importer:
    """Checks rows batch by batch and, while none has failed and this is no dry run, writes them."""

    def __init__(self, dry_run):
        self.result = ImportResult(dry_run=dry_run)
        self.writes = not dry_run
        self.editions, self.sectors, self.regions, self.investors = _indexes()
        self.seen = {}
        self.today = date.today()
        self.now = timezone.now()
        self.last_written = None
        # Editions whose existing projects were changed: the stored pages of articles linked to them show old values.
        self.updated_editions = set()

    def add(self, batch):
        cleaned = []
        for number, row in batch:
            errors = []
            item = self.clean(number, row, errors)
            if errors:
                self.result.add_errors(errors)
            else:
                cleaned.append(item)
        existing = _existing(cleaned)
        for item in cleaned:
            item["existing"] = existing.get((item["edition"].pk, item["name"]))
            (self.result.created if item["existing"] is None else self.result.updated).append(item["name"])
        if self.writes and self.result.ok:
            self.write(cleaned)

    def finish(self):
        if self.writes and self.result.ok and self.last_written is not None:
            # Bulk writes send no signals; one post_save tells the cache (portal/signals.py) that content changed.
            post_save.send(
                sender=SignedProject,
                instance=self.last_written,
                created=False,
                update_fields=None,
                raw=False,
                using=router.db_for_write(SignedProject),
            )
            if self.updated_editions:
                forget_pages_of_projects_in(self.updated_editions)

    def clean(self, number, row, errors):
        """One row's values, checked as the database would check them; problems go to `errors`."""
        for column, value in row.items():
            if "\x00" in value:
                errors.append(RowError(number, column, _("The text holds a NUL character, which cannot be stored.")))
            limit = MAX_LENGTHS.get(column)
            if limit and len(value) > limit:
                errors.append(
                    RowError(
                        number,
                        column,
                        _("The text has %(length)s characters; at most %(limit)s fit.")
                        % {"length": len(value), "limit": limit},
                    )
                )
        edition = _lookup(
            self.editions, row.get("edition", ""), number, "edition", errors, _("Unknown edition “%(value)s”.")
        )
        name = row.get("name_zh", "")
        if not name:
            errors.append(RowError(number, "name_zh", _("The Chinese name is required.")))
        sector = _lookup(
            self.sectors, row.get("sector", ""), number, "sector", errors, _("Unknown sector “%(value)s”.")
        )
        region = _lookup(
            self.regions, row.get("region", ""), number, "region", errors, _("Unknown region “%(value)s”.")
        )
        amount = _parse_amount(row, number, errors)
        status = SignedProject.Status.SIGNED
        if row.get("status"):
            status = STATUS_WORDS.get(row["status"].casefold())
            if status is None:
                errors.append(RowError(number, "status", _("Unknown status “%(value)s”.") % {"value": row["status"]}))
        signed_on = _parse_date(row, "signed_on", number, errors)
        status_on = _parse_date(row, "status_on", number, errors)
        published = row.get("published", "").casefold()
        if published not in TRUE_WORDS | FALSE_WORDS:
            errors.append(RowError(number, "published", _("Write yes or no.")))
        if edition and name:
            key = (edition.pk, name)
            if key in self.seen:
                errors.append(
                    RowError(
                        number, "name_zh", _("The same project is already in row %(row)s.") % {"row": self.seen[key]}
                    )
                )
            else:
                self.seen[key] = number
        return {
            "row": row,
            "edition": edition,
            "name": name,
            "sector": sector,
            "region": region,
            "amount": amount,
            "status": status,
            "signed_on": signed_on,
            "status_on": status_on or signed_on,
            "published": published in TRUE_WORDS,
        }

    def write(self, cleaned):
        """One batch: new investors, then new projects, updated projects and status history, in bulk."""
        investors = self._investors(cleaned)
        created, updated, history = [], [], []
        for item in cleaned:
            row, existing = item["row"], item["existing"]
            project = _new_project(
                edition_id=item["edition"].pk,
                name_zh_hans=item["name"],
                **{name: row.get(column, "") for name, column in PROJECT_TEXT_FIELDS.items()},
                investor_id=investors.get(row["investor_zh"]) if row.get("investor_zh") else None,
                sector_id=item["sector"].pk,
                region_id=item["region"].pk,
                amount_yuan=item["amount"],
                status=item["status"],
                signed_on=item["signed_on"],
                is_published=item["published"],
                is_ready_en=bool(row.get("name_en")),
                is_ready_my=bool(row.get("name_my")),
                updated_at=self.now,
            )
            if existing is None:
                project.published_at = self.now if item["published"] else None
                created.append(project)
            else:
                pk, published_at, last_status = existing
                project.pk = pk
                project.published_at = self.now if item["published"] and published_at is None else published_at
                updated.append(project)
                if last_status != item["status"]:
                    history.append(self._status_change(pk, item))
        _insert(SignedProject, created)
        _insert(SignedProject, updated, update_fields=UPDATED_FIELDS)
        history += [self._status_change(project.pk, item) for project, item in zip(created, _new(cleaned), strict=True)]
        _insert(ProjectStatusChange, history, returning=False)
        if created or updated:
            self.last_written = (created or updated)[-1]
        self.updated_editions.update(project.edition_id for project in updated)

    def _status_change(self, project_id, item):
        return ProjectStatusChange(
            project_id=project_id, status=item["status"], changed_on=item["status_on"] or self.today
        )

    def _investors(self, cleaned):
        """Investors by Chinese name, those the batch names for the first time created with that row's columns."""
        new = {}
        for item in cleaned:
            row = item["row"]
            name = row.get("investor_zh", "")
            if name and name not in self.investors and name not in new:
                new[name] = Investor(
                    name_zh_hans=name,
                    name_en=row.get("investor_en", ""),
                    name_my=row.get("investor_my", ""),
                    origin_zh_hans=row.get("investor_origin_zh", ""),
                    origin_en=row.get("investor_origin_en", ""),
                    origin_my=row.get("investor_origin_my", ""),
                    is_ready_en=bool(row.get("investor_en")),
                    is_ready_my=bool(row.get("investor_my")),
                )
        for investor in Investor.objects.bulk_create(new.values()):
            self.investors[investor.name_zh_hans] = investor.pk
        return self.investors


# Every column of a project in the model's order, with its default. The untranslated originals (`name`...) are left
# out (DEFERRED): modeltranslation's descriptor gives them the current language's value when they are written.
UNTRANSLATED = set(translator.get_options_for_model(SignedProject).fields)
PROJECT_COLUMNS = [
    (
        field.attname,
        DEFERRED
        if field.name in UNTRANSLATED
        else field.default
        if field.has_default() and callable(field.default)
        else field.get_default(),
    )
    for field in SignedProject._meta.concrete_fields
]


def _new_project(**values):
    """A SignedProject built from positional values: modeltranslation rewrites each keyword given to a model's
    __init__, which made building the instances a fifth of an import's time."""
    return SignedProject(
        *[
            values[name] if name in values else default() if callable(default) else default
            for name, default in PROJECT_COLUMNS
        ]
    )


def _insert(model, objects, update_fields=None, returning=True):
    """Write a batch of rows in as few statements as the database allows; new ones get their pk.

    The same INSERT as bulk_create(update_conflicts=True, unique_fields=["pk"]), in SQL that SQLite (3.35+) and
    PostgreSQL both read, with the values prepared column by column: bulk_create prepares each of the 33 values of
    each project through several layers of field methods, which was two thirds of an import's time. With
    `update_fields`, the objects exist already: their conflict on the pk turns the insert into an update of those
    fields (bulk_update would build a CASE per field whose cost grows with the square of the batch).
    """
    if not objects:
        return
    update = update_fields is not None
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    fields = [field for field in meta.concrete_fields if update or not field.primary_key]
    prepare = [
        (field.attname, partial(_prepared, field, connection) if field.get_internal_type() in TYPED else None)
        for field in fields
    ]
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # SQLite caps the parameters of a statement; PostgreSQL (psycopg2 fills them in) does not.
    max_params = connection.features.max_query_params or len(objects) * len(fields)
    per_statement = max(1, min(len(objects), max_params // len(fields)))
    if update:
        columns = [meta.get_field(name).column for name in update_fields]
        tail = f" ON CONFLICT ({quote(meta.pk.column)}) DO UPDATE SET " + ", ".join(
            f"{quote(column)} = EXCLUDED.{quote(column)}" for column in columns
        )
    else:
        tail = f" RETURNING {quote(meta.pk.column)}" if returning else ""
    # Only the model's own table and column names, quoted, go into the SQL; values go as parameters.
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) VALUES "  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(objects), per_statement):
            chunk = objects[start : start + per_statement]
            params = []
            for obj in chunk:
                for attname, convert in prepare:
                    value = getattr(obj, attname)
                    params.append(convert(value) if convert else value)
            cursor.execute(head + ", ".join([row] * len(chunk)) + tail, params)
            if tail and not update:
                for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                    obj.pk = pk
                    obj._state.adding, obj._state.db = False, connection.alias


# Column types whose Python values the database driver cannot take as they are.
TYPED = {"DecimalField", "DateField", "DateTimeField"}


def _prepared(field, connection, value):
    return field.get_db_prep_save(value, connection)


def _new(cleaned):
    return [item for item in cleaned if item["existing"] is None]


def _existing(cleaned):
    """{(edition id, Chinese name): (pk, published_at, latest status)} of the batch's projects already registered."""
    if not cleaned:
        return {}
    latest_status = (
        ProjectStatusChange.objects.filter(project=OuterRef("pk")).order_by("-changed_on", "-pk").values("status")[:1]
    )
    rows = (
        SignedProject.objects.filter(
            edition__in={item["edition"].pk for item in cleaned}, name_zh_hans__in={item["name"] for item in cleaned}
        )
        .order_by()
        .annotate(latest_status=Subquery(latest_status))
        .values_list("edition_id", "name_zh_hans", "pk", "published_at", "latest_status")
    )
    return {(edition, name): rest for edition, name, *rest in rows}


def _parse_amount(row, number, errors):
    raw, unit = row.get("amount", ""), row.get("amount_unit", "")
    if not raw:
        return None
    if unit not in UNITS:
        errors.append(RowError(number, "amount_unit", _("Give the unit of the amount: 元, 万元 or 亿元.")))
        return None
    if not NUMBER.fullmatch(raw) or not any(character.isdigit() for character in raw):
        errors.append(RowError(number, "amount", _("“%(value)s” is not a number.") % {"value": raw}))
        return None
    value = Decimal(raw.replace(",", ""))
    if value <= 0 or value.adjusted() >= 20:
        # Checked before any arithmetic: 1e999999 would overflow the decimal context instead of failing here.
        errors.append(RowError(number, "amount", _("The amount must be positive and below 10 trillion yuan.")))
        return None
    amount = value * UNITS[unit]
    if amount.adjusted() < -3 or (amount := amount.quantize(FEN)) == 0:
        errors.append(
            RowError(
                number,
                "amount",
                _("“%(value)s %(unit)s” rounds to 0 yuan; amounts are kept to the fen (0.01).")
                % {"value": raw, "unit": unit},
            )
        )
        return None
    if amount >= AMOUNT_BOUND:
        errors.append(RowError(number, "amount", _("The amount must be positive and below 10 trillion yuan.")))
        return None
    return amount


def _parse_date(row, column, number, errors):
    raw = row.get(column, "")
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(RowError(number, column, _("“%(value)s” is not a date like 2023-09-03.") % {"value": raw}))
        return None


def _lookup(index, raw, number, column, errors, message):
    found = index.get(raw.casefold()) if raw else None
    if found is None:
        errors.append(RowError(number, column, message % {"value": raw}))
    return found


def _indexes():
    """Every edition, sector and region by each of its keys, and investors' pks by Chinese name: four queries."""
    editions = {edition.slug.casefold(): edition for edition in Edition.objects.all()}
    sectors, regions = {}, {}
    for sector in Sector.objects.all():
        for key in (sector.slug, sector.name_zh_hans, sector.name_en):
            if key:
                sectors[key.casefold()] = sector
    for region in Region.objects.all():
        for key in (region.code, region.name_zh_hans, region.name_en):
            if key:
                regions[key.casefold()] = region
    investors = dict(Investor.objects.exclude(name_zh_hans=None).values_list("name_zh_hans", "pk"))
    return editions, sectors, regions, investors


# Project status history


def signed_project_record_status(*, project, changed_on=None):
    """Date the project's current status in its history (today by default), unless the latest entry already has it.

    Called after a save that changed the status: an entry the editor dated in the history at the same time
    already records it, and the same status is never recorded twice in a row. Returns the new entry, or None.
    """
    latest = project.status_changes.order_by("-changed_on", "-pk").first()
    if latest is not None and latest.status == project.status:
        return None
    return ProjectStatusChange.objects.create(
        project=project, status=project.status, changed_on=changed_on or date.today()
    )
