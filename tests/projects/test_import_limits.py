"""Hostile import files: each is refused with a message the editor can read, within bounded memory, writing nothing.

The files are built in the test with zipfile (tests/projects/spreadsheet_files.py). The memory tests run the
command in a child process, capped with RLIMIT_AS, and read the child's peak resident size.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from projects.models import SignedProject
from tests.factories import make_edition, make_sector

from .spreadsheet_files import cell, shared_strings, sheet, sheet_rows, understate_size, write_xlsx, xlsx

IMPORT_URL = "/admin/projects/signedproject/import/"
HEADER = ["edition", "name_zh", "sector", "region", "amount", "amount_unit"]
MB = 1024 * 1024
PEAK_MEMORY_MB = 300


@pytest.fixture
def reference(db):
    make_edition(slug="2023-yunnan")
    make_sector(slug="new-energy")


def good_rows(count, start=0):
    return [
        ["2023-yunnan", f"项目{number}", "new-energy", "5309", number + 1, "万元"] for number in range(start, count)
    ]


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import_projects", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refusal(path, *args):
    with pytest.raises(CommandError) as failure:
        run(path, *args)
    return str(failure.value)


def text_chunks(text, total):
    """`total` characters of `text` repeated, in 1 MB chunks."""
    block = (text * (MB // len(text))).encode()
    for _ in range(total // MB):
        yield block


# The declared dimension is not trusted, either way.


def test_xlsx_declaring_the_whole_sheet_imports_its_two_rows(reference, tmp_path):
    path = xlsx(tmp_path / "bomb.xlsx", [HEADER, *good_rows(2)], dimension="A1:XFD1048576")
    out, _err = run(path)
    assert out == "Imported: 2 to create, 0 to update.\n"
    assert path.stat().st_size < 5_000


def test_xlsx_rows_past_the_declared_dimension_are_read(reference, tmp_path):
    path = xlsx(tmp_path / "short.xlsx", [HEADER, *good_rows(5)], dimension="A1:F2")
    out, _err = run(path)
    assert out == "Imported: 5 to create, 0 to update.\n"
    assert SignedProject.objects.count() == 5


# Limits.


def test_xlsx_with_more_rows_than_the_limit_is_refused(reference, tmp_path, settings):
    settings.PROJECTS_IMPORT_LIMITS = {"rows": 50}
    path = xlsx(tmp_path / "long.xlsx", [HEADER, *good_rows(60)])
    assert refusal(path) == "The file has more than 50 rows; split it into smaller files."
    assert SignedProject.objects.count() == 0


def test_csv_with_more_rows_than_the_limit_is_refused_after_writing_some(reference, tmp_path, settings, monkeypatch):
    monkeypatch.setattr("projects.services.BATCH_SIZE", 10)
    settings.PROJECTS_IMPORT_LIMITS = {"rows": 50}
    path = tmp_path / "long.csv"
    path.write_text(
        ",".join(HEADER) + "\n" + "".join(f"2023-yunnan,项目{n},new-energy,5309,1,万元\n" for n in range(51))
    )
    assert refusal(path) == "The file has more than 50 rows; split it into smaller files."
    assert SignedProject.objects.count() == 0


def test_xlsx_value_past_the_column_limit_is_refused(reference, tmp_path):
    rows = [
        f'<row r="1">{"".join(cell(n, 1, name) for n, name in enumerate(HEADER, 1))}{cell(16384, 1, "x")}</row>'.encode()
    ]
    path = write_xlsx(tmp_path / "wide.xlsx", sheet(rows))
    assert refusal(path) == "Row 1 has more than 100 columns."


def test_csv_value_past_the_column_limit_is_refused(reference, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(HEADER) + "\n" + "2023-yunnan,甲,new-energy,5309,1,万元" + "," * 200 + "x\n")
    assert refusal(path) == "Row 2 has more than 100 columns."


def test_csv_empty_cells_past_the_column_limit_do_not_count(reference, tmp_path):
    path = tmp_path / "padded.csv"
    path.write_text(",".join(HEADER) + "," * 200 + "\n" + "2023-yunnan,甲,new-energy,5309,1,万元" + "," * 200 + "\n")
    assert run(path)[0] == "Imported: 1 to create, 0 to update.\n"


def test_xlsx_cell_longer_than_a_spreadsheet_allows_is_refused(reference, tmp_path):
    path = xlsx(tmp_path / "long-cell.xlsx", [HEADER, ["2023-yunnan", "甲" * 40_000, "new-energy", "5309", 1, "万元"]])
    assert refusal(path) == "Row 2: a cell holds more than 32767 characters, more than a spreadsheet allows."


def test_csv_unterminated_quote_is_refused(reference, tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text(",".join(HEADER) + '\n2023-yunnan,"' + "x" * 200_000 + "\n")
    assert refusal(path) == "Row 2: a cell holds more than 32767 characters, more than a spreadsheet allows."


def test_xlsx_huge_shared_string_is_refused_before_it_is_unpacked(reference, tmp_path):
    strings = shared_strings([b"<si><t>", *text_chunks("a", 300 * MB), b"</t></si>"])
    path = write_xlsx(tmp_path / "string.xlsx", sheet(sheet_rows([HEADER])), strings)
    assert path.stat().st_size < 1 * MB
    assert refusal(path) == "The workbook unpacks to more than 64 MB; save it again in Excel or split it."


def test_xlsx_understating_its_unpacked_size_is_refused(reference, tmp_path):
    """zipfile stops at the declared size and the checksum then fails: the file is damaged, not read further."""
    rows = sheet_rows([HEADER, *good_rows(2000)])
    path = understate_size(write_xlsx(tmp_path / "liar.xlsx", sheet(rows)), "xl/worksheets/sheet1.xml", 1000)
    assert refusal(path) == "The file is not a readable XLSX workbook."
    assert SignedProject.objects.count() == 0


def test_xlsx_zip_bomb_sheet_is_refused(reference, tmp_path):
    path = write_xlsx(tmp_path / "zip-bomb.xlsx", sheet(text_chunks(" ", 400 * MB)))
    assert path.stat().st_size < 1 * MB
    assert refusal(path) == "The workbook unpacks to more than 256 MB; save it again in Excel or split it."


def test_xlsx_with_a_dtd_is_refused(reference, tmp_path):
    laughs = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    path = write_xlsx(
        tmp_path / "laughs.xlsx", sheet([b'<row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row>'], before=laughs)
    )
    assert refusal(path) == "The file is not a readable XLSX workbook."


def test_xlsx_with_thousands_of_members_is_refused(reference, tmp_path):
    path = write_xlsx(tmp_path / "members.xlsx", sheet(sheet_rows([HEADER])), extra_members=30_000)
    assert refusal(path) == "The workbook holds too many files to be a register; save it again in Excel."


def test_command_refuses_a_file_over_the_size_limit_before_reading_it(reference, tmp_path, settings):
    settings.PROJECTS_IMPORT_LIMITS = {"file_bytes": 1 * MB}
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (1 * MB + 1))
    assert refusal(path) == "The file is larger than 1 MB; split it into smaller files."


@pytest.fixture
def admin_client(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def test_admin_refuses_an_upload_over_the_limit(admin_client, reference, settings):
    settings.PROJECTS_IMPORT_LIMITS = {"upload_bytes": 1 * MB}
    content = (",".join(HEADER) + "\n").encode() + b"x" * MB
    response = admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("big.csv", content)})
    assert response.status_code == 200
    assert "The file is larger than 1 MB; split it, or import it with the import_projects command." in (
        response.content.decode()
    )


def test_admin_shows_a_zip_bomb_as_a_form_error_in_chinese(admin_client, reference, tmp_path):
    path = write_xlsx(tmp_path / "zip-bomb.xlsx", sheet(text_chunks(" ", 400 * MB)))
    response = admin_client.post(
        IMPORT_URL,
        {"file": SimpleUploadedFile("bomb.xlsx", path.read_bytes())},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert "工作簿解压后超过 256 MB" in response.content.decode()
    assert 'name="payload"' not in response.content.decode()


def test_admin_preview_of_the_dimension_bomb_lists_its_rows(admin_client, reference, tmp_path):
    path = xlsx(tmp_path / "bomb.xlsx", [HEADER, *good_rows(2)], dimension="A1:XFD1048576")
    response = admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("bomb.xlsx", path.read_bytes())})
    assert "2 projects will be created and 0 updated" in response.content.decode()


# Peak memory, measured in a child process running the command.

CHILD = """
import json, os, resource, sys
limit = 2 * 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
message = "ok"
try:
    with translation.override("en"):
        call_command("import_projects", sys.argv[1], "--dry-run", stdout=open(os.devnull, "w"))
except CommandError as error:
    message = str(error)
# VmHWM, the peak of this program's own memory: ru_maxrss would count the forking test runner's as well.
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"message": message, "peak_mb": peak_kb // 1024}))
"""


@pytest.fixture(scope="session")
def child_database(tmp_path_factory):
    """A migrated SQLite file with the reference rows, for child processes: the test database is in memory."""
    path = tmp_path_factory.mktemp("child") / "import.sqlite3"
    env = child_env(path)
    manage = str(Path(settings.BASE_DIR, "manage.py"))
    subprocess.run([sys.executable, manage, "migrate", "-v0"], env=env, check=True, timeout=300)
    script = (
        "from tests.factories import make_edition, make_sector; "
        "make_edition(slug='2023-yunnan'); make_sector(slug='new-energy')"
    )
    subprocess.run([sys.executable, manage, "shell", "-c", script], env=env, check=True, timeout=120)
    return path


def child_env(database):
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(settings.BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }


def measure(child_database, path):
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        env=child_env(child_database),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout.splitlines()[-1])


def two_million_rows(tmp_path):
    """Two million rows under a dimension that declares two, a value in each (80 MB of XML)."""

    def rows():
        yield from sheet_rows([HEADER])
        for start in range(2, 2_000_002, 10_000):
            yield b"".join(b'<row r="%d"><c><v>1</v></c></row>' % number for number in range(start, start + 10_000))

    return write_xlsx(tmp_path / "two-million.xlsx", sheet(rows(), dimension="A1:F2"), level=1)


def many_shared_strings(tmp_path):
    """Shared strings just under the part limit, each short, the sheet using one: memory is the strings' bytes."""
    count = (63 * MB) // len(b"<si><t>ab</t></si>")
    strings = shared_strings(b"<si><t>ab</t></si>" * 100_000 for _ in range(count // 100_000))
    return write_xlsx(tmp_path / "strings.xlsx", sheet(sheet_rows([HEADER])), strings)


def row_limit_csv(tmp_path):
    path = tmp_path / "limit.csv"
    with path.open("w", encoding="utf-8") as file:
        file.write(",".join(HEADER) + ",description_zh\n")
        for number in range(100_000):
            file.write(f"2023-yunnan,临沧测试项目{number:06d},new-energy,5309,{number + 1},万元,{'说明' * 40}\n")
    return path


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda tmp: xlsx(tmp / "bomb.xlsx", [HEADER, *good_rows(2)], dimension="A1:XFD1048576"), "ok"),
        (two_million_rows, "The file has more than 100000 rows; split it into smaller files."),
        (many_shared_strings, "ok"),
        (row_limit_csv, "ok"),
    ],
    ids=["dimension-bomb", "two-million-rows", "shared-strings-at-the-limit", "csv-at-the-row-limit"],
)
def test_peak_memory_of_the_command_stays_under_300_mb(child_database, tmp_path, build, message):
    result = measure(child_database, build(tmp_path))
    assert result["message"] == message
    assert result["peak_mb"] < PEAK_MEMORY_MB


def test_admin_refuses_more_rows_than_its_own_limit(admin_client, reference, settings):
    settings.PROJECTS_IMPORT_LIMITS = {"upload_rows": 2}
    rows = "".join(f"2023-yunnan,项目{n},new-energy,5309,1,万元\n" for n in range(3))
    content = (",".join(HEADER) + "\n" + rows).encode()
    html = admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("rows.csv", content)}).content.decode()
    assert "The file has more than 2 rows; split it into smaller files." in html
    assert 'name="payload"' not in html
