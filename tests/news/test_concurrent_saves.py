"""A stale save lost in a race gets the same clear message as a sequential one, with the editor's text kept."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.news.race import RACE_TITLES, run_race

EXPECTED = {
    "first_status": 302,
    "second_status": 200,
    "second_told": True,
    "second_text_kept": True,
    "stored_title": RACE_TITLES["first"],
}


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="threads share a server database; SQLite runs the race in its own process below",
)
@pytest.mark.django_db(transaction=True)
def test_racing_saves_on_postgresql_refuse_the_second_with_the_stale_message():
    assert run_race() == EXPECTED


def test_racing_saves_on_sqlite_refuse_the_second_with_the_stale_message(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_LOG_LEVEL": "CRITICAL",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "tests.news.race"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == EXPECTED
