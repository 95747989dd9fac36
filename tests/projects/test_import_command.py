"""`manage.py import_projects`: the same import from the command line, with honest exit codes."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.utils import translation

from projects.models import SignedProject
from tests.factories import make_edition, make_sector

SAMPLE = Path(settings.BASE_DIR, "docs", "samples", "projects.csv")
HEADER = "edition,name_zh,sector,region,amount,amount_unit\n"


@pytest.fixture
def reference(db):
    make_edition(slug="2023-yunnan")
    for slug in ("new-energy", "new-materials", "e-commerce"):
        make_sector(slug=slug)


def run(*args, language="en"):
    out, err = io.StringIO(), io.StringIO()
    with translation.override(language):
        call_command("import_projects", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_the_sample(reference):
    out, _err = run(str(SAMPLE))
    assert "Imported: 3 to create, 0 to update." in out
    assert SignedProject.objects.count() == 3


def test_command_reimport_updates(reference):
    run(str(SAMPLE))
    out, _err = run(str(SAMPLE))
    assert "0 to create, 3 to update" in out
    assert SignedProject.objects.count() == 3


def test_command_dry_run_writes_nothing(reference):
    out, _err = run(str(SAMPLE), "--dry-run")
    assert "Dry run, nothing written: 3 to create, 0 to update." in out
    assert SignedProject.objects.count() == 0


def test_command_failure_prints_row_errors_and_changes_nothing(reference, tmp_path):
    run(str(SAMPLE))
    before = list(SignedProject.objects.values_list("name_zh_hans", "amount_yuan").order_by("pk"))
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER + "2023-yunnan,示例光伏组件项目,new-energy,5309,99,亿元\n2023-yunnan,乙,mystery,5309,1,亿元\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as failure, translation.override("en"):
        call_command("import_projects", str(bad), stdout=io.StringIO(), stderr=err)
    assert failure.value.returncode == 2
    assert "Row 3, column “sector”: Unknown sector “mystery”." in err.getvalue()
    assert list(SignedProject.objects.values_list("name_zh_hans", "amount_yuan").order_by("pk")) == before


def test_command_exit_status_is_non_zero_on_failure(reference, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "2023-yunnan,乙,new-energy,5309,1,\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_status:
        execute_from_command_line(["manage.py", "import_projects", str(bad)])
    assert exit_status.value.code == 2
    assert "amount_unit" in capsys.readouterr().err


def test_command_speaks_chinese_to_chinese_editors(reference):
    out, _err = run(str(SAMPLE), "--dry-run", language="zh-hans")
    assert "试运行，未写入任何数据：将新建 3 项，更新 0 项。" in out


def test_command_missing_file_fails(reference):
    with pytest.raises(CommandError, match="No such file"):
        run("/nonexistent/projects.csv")


def test_command_unreadable_file_fails(reference, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK not really a workbook")
    with pytest.raises(CommandError, match="not a readable XLSX"):
        run(str(broken))


def test_command_shows_progress_on_large_files(reference, tmp_path):
    big = tmp_path / "big.csv"
    rows = "".join(f"2023-yunnan,批量项目{number},new-energy,5301,{number + 1},万元\n" for number in range(60))
    big.write_text(HEADER + rows, encoding="gb18030")
    out, err = run(str(big), "--progress")
    assert out == "Imported: 60 to create, 0 to update.\n"
    assert err.endswith("] 100% 60 rows\n")
    assert SignedProject.objects.count() == 60
    assert SignedProject.objects.get(name_zh_hans="批量项目59").amount_yuan == Decimal("600000.00")


def test_command_creates_a_new_investor_once_per_file(reference, tmp_path):
    from projects.models import Investor

    path = tmp_path / "two.csv"
    path.write_text(
        "edition,name_zh,sector,region,amount,amount_unit,investor_zh\n"
        "2023-yunnan,甲,new-energy,5301,1,亿元,新公司\n2023-yunnan,乙,new-energy,5301,2,亿元,新公司\n",
        encoding="utf-8",
    )
    run(str(path))
    investor = Investor.objects.get()
    assert sorted(investor.projects.values_list("name_zh_hans", flat=True)) == ["乙", "甲"]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("2023-yunnan,甲,new-energy,5301,NaN,元", "amount"),
        ("2023-yunnan,甲,new-energy,5301,9999999999999999.995,元", "amount"),
        ("2023-yunnan,甲,new-energy,5301,1e-400,元", "amount"),
        ('2023-yunnan,甲,new-energy,5301,"1,2,3",亿元', "amount"),
        ("2023-yunnan," + "长" * 300 + ",new-energy,5301,1,亿元", "name_zh"),
        ("2023-yunnan,甲\x00乙,new-energy,5301,1,亿元", "name_zh"),
    ],
)
def test_command_commit_refuses_what_the_dry_run_refuses(reference, tmp_path, row, column):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "2023-yunnan,好项目,new-energy,5301,2,亿元\n" + row + "\n", encoding="utf-8")
    for args in (["--dry-run"], []):
        err = io.StringIO()
        with pytest.raises(CommandError) as failure, translation.override("en"):
            call_command("import_projects", str(path), *args, stdout=io.StringIO(), stderr=err)
        assert failure.value.returncode == 2
        assert err.getvalue().startswith(f"Row 3, column “{column}”: ")
    assert SignedProject.objects.count() == 0


def test_command_failing_last_row_leaves_nothing_written(reference, tmp_path, monkeypatch):
    """Batches of ten: three are written before the last row fails, and the transaction takes them back."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("projects.services.BATCH_SIZE", 10)
    run(str(SAMPLE))
    before = list(SignedProject.objects.values_list("name_zh_hans", "amount_yuan", "status").order_by("pk"))
    path = tmp_path / "last.csv"
    rows = "".join(f"2023-yunnan,批量项目{number},new-energy,5301,{number + 1},万元\n" for number in range(34))
    path.write_text(HEADER + rows + "2023-yunnan,最后一行,new-energy,5301,1,万吨\n", encoding="utf-8")
    with CaptureQueriesContext(connection) as queries, pytest.raises(CommandError) as failure:
        run(str(path))
    assert failure.value.returncode == 2
    inserts = [query for query in queries if query["sql"].startswith('INSERT INTO "projects_signedproject"')]
    assert len(inserts) == 3
    assert list(SignedProject.objects.values_list("name_zh_hans", "amount_yuan", "status").order_by("pk")) == before
    assert SignedProject.objects.count() == 3


def test_command_shows_no_bar_when_stderr_is_not_a_terminal(reference, tmp_path):
    big = tmp_path / "big.csv"
    big.write_text(HEADER + "".join(f"2023-yunnan,项目{n},new-energy,5301,1,万元\n" for n in range(60)))
    out, err = run(str(big))
    assert (out, err) == ("Imported: 60 to create, 0 to update.\n", "")


def test_command_row_without_investor_links_none_even_if_one_has_no_name(reference, tmp_path):
    from projects.models import Investor

    Investor.objects.create(name_zh_hans="", name_en="Nameless")
    path = tmp_path / "plain.csv"
    path.write_text(HEADER + "2023-yunnan,甲,new-energy,5301,1,亿元\n", encoding="utf-8")
    run(str(path))
    assert SignedProject.objects.get().investor is None


def test_command_import_reaches_cached_pages(reference, tmp_path, client, page_cache):
    """Bulk writes send no signals of their own: the import's one post_save must still turn the page cache over."""
    assert "Cached Solar Park" not in client.get("/en/projects/").content.decode()
    path = tmp_path / "published.csv"
    path.write_text(
        "edition,name_zh,name_en,sector,region,amount,amount_unit,published\n"
        "2023-yunnan,缓存光伏项目,Cached Solar Park,new-energy,5301,1,亿元,yes\n",
        encoding="utf-8",
    )
    run(str(path))
    assert "Cached Solar Park" in client.get("/en/projects/").content.decode()
