"""Writes of the project register that span models: the spreadsheet import.

One service, `projects_import`, serves both the admin import page and the
`import_projects` command, so both validate, report and write the same way.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Edition, Investor, ProjectStatusChange, Region, Sector, SignedProject

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

    @property
    def ok(self):
        return not self.errors


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


def read_rows(data, filename):
    """The rows of a CSV (UTF-8 with or without BOM, or GB18030) or XLSX file, as dicts keyed by header."""
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The file is neither UTF-8 nor GB18030 text."))
    reader = csv.reader(io.StringIO(text, newline=""))
    return _to_dicts(list(reader))


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    sheet = workbook.worksheets[0]
    rows = [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return _to_dicts(rows)


def _to_dicts(rows):
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header = [str(name).strip().lstrip("\ufeff") for name in rows[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    records = []
    for number, row in enumerate(rows[1:], start=2):
        values = [_cell(value) for value in row]
        if not any(values):
            continue
        records.append((number, dict(zip(header, values + [""] * (len(header) - len(values)), strict=False))))
    return records


def _cell(value):
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_amount(row, number, errors):
    raw, unit = row.get("amount", ""), row.get("amount_unit", "")
    if not raw:
        return None
    if unit not in UNITS:
        errors.append(RowError(number, "amount_unit", _("Give the unit of the amount: 元, 万元 or 亿元.")))
        return None
    try:
        amount = Decimal(raw.replace(",", "")) * UNITS[unit]
    except InvalidOperation:
        errors.append(RowError(number, "amount", _("“%(value)s” is not a number.") % {"value": raw}))
        return None
    if amount <= 0 or amount >= Decimal(10) ** 16:
        errors.append(RowError(number, "amount", _("The amount must be positive and below 10 quadrillion yuan.")))
        return None
    return amount.quantize(Decimal("0.01"))


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
    """Every edition, sector and region by each of its keys, and investors by Chinese name: four queries."""
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
    investors = {investor.name_zh_hans: investor for investor in Investor.objects.exclude(name_zh_hans=None)}
    return editions, sectors, regions, investors


def _validate(records):
    """Clean every row; return (cleaned rows, errors). Nothing is written here."""
    editions, sectors, regions, investors = _indexes()
    errors, cleaned, seen = [], [], {}
    for number, row in records:
        row_errors = []
        edition = _lookup(
            editions, row.get("edition", ""), number, "edition", row_errors, _("Unknown edition “%(value)s”.")
        )
        name = row.get("name_zh", "")
        if not name:
            row_errors.append(RowError(number, "name_zh", _("The Chinese name is required.")))
        elif len(name) > 200:
            row_errors.append(RowError(number, "name_zh", _("The Chinese name is longer than 200 characters.")))
        sector = _lookup(sectors, row.get("sector", ""), number, "sector", row_errors, _("Unknown sector “%(value)s”."))
        region = _lookup(regions, row.get("region", ""), number, "region", row_errors, _("Unknown region “%(value)s”."))
        amount = _parse_amount(row, number, row_errors)
        status = SignedProject.Status.SIGNED
        if row.get("status"):
            status = STATUS_WORDS.get(row["status"].casefold())
            if status is None:
                row_errors.append(
                    RowError(number, "status", _("Unknown status “%(value)s”.") % {"value": row["status"]})
                )
        signed_on = _parse_date(row, "signed_on", number, row_errors)
        status_on = _parse_date(row, "status_on", number, row_errors)
        published = row.get("published", "").casefold()
        if published not in TRUE_WORDS | FALSE_WORDS:
            row_errors.append(RowError(number, "published", _("Write yes or no.")))
        if edition and name:
            key = (edition.pk, name)
            if key in seen:
                row_errors.append(
                    RowError(number, "name_zh", _("The same project is already in row %(row)s.") % {"row": seen[key]})
                )
            seen[key] = number
        errors += row_errors
        if not row_errors:
            cleaned.append(
                {
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
                    "investor": investors.get(row.get("investor_zh", "")),
                }
            )
    return cleaned, errors


def projects_import(*, data, filename, dry_run=True, progress=None):
    """Import a register file: all rows or none.

    Rows are matched on (edition, Chinese name), so importing the same file twice
    updates instead of duplicating. Unknown editions, sectors and regions are
    errors; investors named in the file are created when missing. `progress`, if
    given, is called with (done, total) while rows are written.
    """
    records = read_rows(data, filename)
    cleaned, errors = _validate(records)
    result = ImportResult(errors=errors, dry_run=dry_run)
    existing = set(
        SignedProject.objects.filter(
            edition__in={item["edition"] for item in cleaned}, name_zh_hans__in=[item["name"] for item in cleaned]
        ).values_list("edition_id", "name_zh_hans")
    )
    for item in cleaned:
        target = result.updated if (item["edition"].pk, item["name"]) in existing else result.created
        target.append(item["name"])
    if errors or dry_run:
        return result
    new_investors = {}
    with transaction.atomic():
        for done, item in enumerate(cleaned, start=1):
            _write(item, new_investors)
            if progress:
                progress(done, len(cleaned))
    return result


def _write(item, new_investors):
    """Write one cleaned row; `new_investors` remembers investors created earlier in the same file."""
    row = item["row"]
    investor = item["investor"] or new_investors.get(row.get("investor_zh"))
    if investor is None and row.get("investor_zh"):
        investor = Investor.objects.create(
            name_zh_hans=row["investor_zh"],
            name_en=row.get("investor_en", ""),
            name_my=row.get("investor_my", ""),
            origin_zh_hans=row.get("investor_origin_zh", ""),
            origin_en=row.get("investor_origin_en", ""),
            origin_my=row.get("investor_origin_my", ""),
            is_ready_en=bool(row.get("investor_en")),
            is_ready_my=bool(row.get("investor_my")),
        )
        new_investors[row["investor_zh"]] = investor
    fields = {
        "name_en": row.get("name_en", ""),
        "name_my": row.get("name_my", ""),
        "description_zh_hans": row.get("description_zh", ""),
        "description_en": row.get("description_en", ""),
        "description_my": row.get("description_my", ""),
        "local_partner_zh_hans": row.get("local_partner_zh", ""),
        "local_partner_en": row.get("local_partner_en", ""),
        "local_partner_my": row.get("local_partner_my", ""),
        "investor": investor,
        "sector": item["sector"],
        "region": item["region"],
        "county_zh_hans": row.get("county_zh", ""),
        "county_en": row.get("county_en", ""),
        "county_my": row.get("county_my", ""),
        "amount_yuan": item["amount"],
        "status": item["status"],
        "signed_on": item["signed_on"],
        "is_published": item["published"],
        "is_ready_en": bool(row.get("name_en")),
        "is_ready_my": bool(row.get("name_my")),
    }
    project, created = SignedProject.objects.update_or_create(
        edition=item["edition"], name_zh_hans=item["name"], defaults=fields
    )
    if item["published"] and project.published_at is None:
        project.published_at = timezone.now()
        project.save(update_fields=["published_at"])
    last = project.status_changes.order_by("-changed_on", "-pk").first()
    if last is None or last.status != item["status"]:
        ProjectStatusChange.objects.create(
            project=project, status=item["status"], changed_on=item["status_on"] or date.today()
        )


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
