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
