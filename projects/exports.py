"""The register as files: CSV for spreadsheets, and the rows both formats share."""

import csv
import io

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet will not run as a formula: a leading = + - @ tab or CR gets a quote in front."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def project_export_row(project):
    """One project in the active language: the same keys in CSV and JSON."""
    return {
        "id": project.pk,
        "url": project.get_absolute_url(),
        "name": project.name,
        "edition": project.edition.slug,
        "sector": project.sector.name,
        "emerging": project.sector.is_emerging,
        "region": project.region.name,
        "region_code": project.region.code,
        "county": project.county,
        "investor": project.investor.name if project.investor else "",
        "investor_origin": project.investor.origin if project.investor else "",
        "local_partner": project.local_partner,
        "amount_yuan": str(project.amount_yuan) if project.amount_yuan is not None else None,
        "status": project.status,
        "signed_on": project.signed_on.isoformat() if project.signed_on else None,
        "illustrative": project.is_illustrative,
    }


def csv_response(rows, filename):
    """UTF-8 with a byte-order mark, which is what makes Excel read Chinese correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
