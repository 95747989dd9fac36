"""Import speed and peak memory, measured: the figures of docs/import-format.md and docs/reliability-import.md.

    .venv/bin/python scripts/bench_import.py                       # SQLite, in a temporary folder
    .venv/bin/python scripts/bench_import.py --postgres postgres://postgres@127.0.0.1:5432/postgres

With --postgres, a database `portal_import_bench` is created on that server, and dropped at the end. Each run is a
child process (`manage.py import_projects` through call_command, or the admin through Django's test client) that
reports its own wall time, CPU time and peak resident memory. Hostile files are those of
tests/projects/test_import_limits.py, plus a 1.5 GB shared string. Nothing here is run by the test suite.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from tests.projects.spreadsheet_files import (  # noqa: E402
    shared_strings,
    sheet,
    sheet_rows,
    understate_size,
    write_xlsx,
    xlsx,
)

MB = 1024 * 1024
HEADER = [
    "edition",
    "name_zh",
    "name_en",
    "sector",
    "region",
    "amount",
    "amount_unit",
    "status",
    "signed_on",
    "investor_zh",
    "county_zh",
    "published",
]

CHILD = """
import json, os, resource, sys, time
limit = 4 * 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from projects.models import SignedProject
mode, path = sys.argv[1], sys.argv[2]
before = SignedProject.objects.count()
start, cpu = time.monotonic(), time.process_time()
message = "ok"
with translation.override("en"):
    if mode == "admin":
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client
        from django.test.utils import setup_test_environment
        import re
        setup_test_environment()
        user, _ = get_user_model().objects.get_or_create(username="bench", is_staff=True, is_superuser=True)
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        url = "/admin/projects/signedproject/import/"
        response = client.post(url, {"file": SimpleUploadedFile(os.path.basename(path), open(path, "rb").read())})
        preview = time.monotonic() - start
        html = response.content.decode()
        found = re.search(r'name="payload" value="([^"]+)"', html)
        if found:
            response = client.post(url, {"payload": found.group(1)})
            message = "preview %.1f s, confirm %.1f s, status %s" % (preview, time.monotonic() - start - preview,
                                                                      response.status_code)
        else:
            errors = re.findall(r'<ul class="errorlist"[^>]*><li>([^<]+)', html)
            message = "preview %.1f s: %s" % (preview, errors[0] if errors else "row errors")
    else:
        try:
            call_command("import_projects", path, *(["--dry-run"] if mode == "dry-run" else []),
                         stdout=open(os.devnull, "w"))
        except CommandError as error:
            message = str(error)
print(json.dumps({
    "message": message,
    "seconds": round(time.monotonic() - start, 1),
    "cpu": round(time.process_time() - cpu, 1),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "written": SignedProject.objects.count() - before,
}))
"""


def child(env, mode, path):
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path)], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )
    if completed.returncode:
        message = completed.stderr.strip().splitlines()[-1]
        return {"message": message, "seconds": "", "cpu": "", "peak_mb": "", "written": ""}
    return json.loads(completed.stdout.splitlines()[-1])


def register_csv(path, count, compact=False):
    """`count` rows; compact: the six required columns with short values, as many rows as fit in few bytes."""
    with path.open("w", encoding="utf-8") as file:
        if compact:
            file.write("edition,name_zh,sector,region,amount,amount_unit\n")
            file.writelines(f"2023-yunnan,项{number},new-energy,5309,1,万元\n" for number in range(count))
        else:
            file.write(",".join(HEADER) + "\n")
            file.writelines(
                f"2023-yunnan,临沧测试项目{number:06d},Test project {number},new-energy,5309,{1 + number % 5000}.5,"
                f"万元,已签约,2023-09-03,投资公司{number % 2000},临翔区,是\n"
                for number in range(count)
            )
    return path


def register_xlsx(path, count):
    rows = (
        [
            "2023-yunnan",
            f"临沧测试项目{number:06d}",
            f"Test project {number}",
            "new-energy",
            5309,
            1 + number % 5000 + 0.5,
            "万元",
            "已签约",
            "2023-09-03",
            f"投资公司{number % 2000}",
            "临翔区",
            "是",
        ]
        for number in range(count)
    )
    return write_xlsx(path, sheet(sheet_rows([HEADER, *rows])))


def chunks(text, total):
    block = (text * (MB // len(text))).encode()
    for _ in range(total // MB):
        yield block


def hostile_files(folder):
    """(description, path) of each hostile file."""
    required = HEADER[:2] + HEADER[3:7]
    good = [["2023-yunnan", f"项目{number}", "new-energy", "5309", 1, "万元"] for number in range(2)]

    def two_million():
        yield from sheet_rows([required])
        for start in range(2, 2_000_002, 10_000):
            yield b"".join(b'<row r="%d"><c><v>1</v></c></row>' % number for number in range(start, start + 10_000))

    laughs = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    yield (
        "XLSX declaring `A1:XFD1048576`, two rows",
        xlsx(folder / "dimension.xlsx", [required, *good], dimension="A1:XFD1048576"),
    )
    yield (
        "XLSX with a 1.5 GB shared string",
        write_xlsx(
            folder / "string.xlsx",
            sheet(sheet_rows([required])),
            shared_strings([b"<si><t>", *chunks("a", 1536 * MB), b"</t></si>"]),
        ),
    )
    yield (
        "the same, its size declared as 1 KB",
        understate_size(
            write_xlsx(
                folder / "string-liar.xlsx",
                sheet(sheet_rows([required])),
                shared_strings([b"<si><t>", *chunks("a", 1536 * MB), b"</t></si>"]),
            ),
            "xl/sharedStrings.xml",
            1024,
        ),
    )
    yield (
        "XLSX with 2,000,000 rows, declaring 2",
        write_xlsx(folder / "two-million.xlsx", sheet(two_million(), dimension="A1:F2"), level=1),
    )
    yield (
        "XLSX whose sheet unpacks to 2 GB (zip bomb)",
        write_xlsx(folder / "zip-bomb.xlsx", sheet(chunks(" ", 2000 * MB))),
    )
    yield (
        "XLSX with a value in column XFD",
        write_xlsx(folder / "wide.xlsx", sheet([b'<row r="1"><c r="XFD1"><v>1</v></c></row>'])),
    )
    yield (
        "XLSX with entity expansion (billion laughs)",
        write_xlsx(
            folder / "laughs.xlsx", sheet([b'<row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row>'], before=laughs)
        ),
    )
    yield (
        "XLSX with 30,000 zip members",
        write_xlsx(folder / "members.xlsx", sheet(sheet_rows([required])), extra_members=30_000),
    )
    yield (
        "XLSX with shared strings just under the limit (63 MB, 3.7 million strings)",
        write_xlsx(
            folder / "strings.xlsx",
            sheet(sheet_rows([required])),
            shared_strings(b"<si><t>ab</t></si>" * 100_000 for _ in range(37)),
        ),
    )
    unterminated = folder / "quote.csv"
    unterminated.write_text(",".join(required) + '\n2023-yunnan,"' + "x" * 20 * MB + "\n")
    yield "CSV with an unterminated quote (20 MB cell)", unterminated
    big = folder / "big.csv"
    with big.open("wb") as file:
        for block in chunks("x", 60 * MB):
            file.write(block)
    yield "CSV of 60 MB", big


def table(title, header, rows):
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="server URL; a database portal_import_bench is created and dropped")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-hostile", action="store_true")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    if arguments.postgres:
        import psycopg2

        server = psycopg2.connect(arguments.postgres)
        server.autocommit = True
        server.cursor().execute("DROP DATABASE IF EXISTS portal_import_bench")
        server.cursor().execute("CREATE DATABASE portal_import_bench TEMPLATE template0 ENCODING 'UTF8'")
        database_url = arguments.postgres.rsplit("/", 1)[0] + "/portal_import_bench"
    else:
        database_url = f"sqlite:///{folder / 'bench.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    setup = (
        "from tests.factories import make_edition, make_sector; "
        "make_edition(slug='2023-yunnan'); make_sector(slug='new-energy')"
    )
    subprocess.run([*manage, "shell", "-c", setup], env=env, check=True)
    try:
        count = arguments.rows
        csv_path = register_csv(folder / "register.csv", count)
        xlsx_path = register_xlsx(folder / "register.xlsx", count)
        admin_csv = register_csv(folder / "admin.csv", 20_000)
        admin_xlsx = register_xlsx(folder / "admin.xlsx", 20_000)
        runs = [
            (f"CSV, {count:,} rows, new ({csv_path.stat().st_size // MB} MB)", "import", csv_path),
            (f"the same CSV again: {count:,} updates", "import", csv_path),
            (f"XLSX, {count:,} rows, dry run ({xlsx_path.stat().st_size // MB} MB)", "dry-run", xlsx_path),
            (f"the same XLSX: {count:,} updates", "import", xlsx_path),
            (f"admin: CSV, 20,000 rows ({admin_csv.stat().st_size / MB:.1f} MB)", "admin", admin_csv),
            (f"admin: the same in XLSX ({admin_xlsx.stat().st_size / MB:.1f} MB): updates", "admin", admin_xlsx),
        ]
        rows = []
        for title, mode, path in runs:
            result = child(env, mode, path)
            rows.append((title, result["message"], result["seconds"], result["cpu"], result["peak_mb"]))
        table("Speed", ["run", "result", "wall s", "CPU s", "peak MB"], rows)
        if not arguments.skip_hostile:
            rows = []
            for title, path in hostile_files(folder):
                result = child(env, "import", path)
                size = path.stat().st_size
                size = f"{size / MB:.1f} MB" if size > MB else f"{size / 1024:.0f} KB"
                rows.append((title, size, result["message"], result["seconds"], result["peak_mb"], result["written"]))
                path.unlink()
            table(
                "Hostile files (imported for real)", ["file", "size", "message", "s", "peak MB", "rows written"], rows
            )
    finally:
        if arguments.postgres:
            server.cursor().execute("DROP DATABASE IF EXISTS portal_import_bench WITH (FORCE)")
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
