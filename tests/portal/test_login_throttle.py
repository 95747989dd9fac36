"""Failed logins through the admin's real login form: locks per account and address, per address, cool-down."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from tests.portal.test_deploy import PRODUCTION

PASSWORD = "a-long-editor-passphrase"
ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.20"
LOCKED = {
    "zh-hans": "登录失败次数过多",
    "en": "Too many failed logins",
    "my": "မအောင်မြင်သည့် အကြိမ်ရေ များလွန်းပါသည်",
}


@pytest.fixture(autouse=True)
def fast_hashes(settings):
    """Each failed login checks a password; the production hasher would make these tests take minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True, is_superuser=True)


@pytest.fixture
def reporter(django_user_model):
    return django_user_model.objects.create_user("reporter", password=PASSWORD, is_staff=True, is_superuser=True)


def log_in(client, username, password, address=ATTACKER, language="en", **headers):
    """One POST of the admin's login form from `address`; the response, with the client logged out again."""
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
        **headers,
    )
    response.logged_in = "_auth_user_id" in client.session
    client.logout()
    return response


def fail(client, username, times, address=ATTACKER, **headers):
    for _ in range(times):
        response = log_in(client, username, "wrong-password", address, **headers)
        assert response.status_code in (200, 429)


def test_login_below_the_limit_still_works(client, editor):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT - 1)
    response = log_in(client, "editor", PASSWORD)
    assert (response.status_code, response["Location"], response.logged_in) == (302, "/admin/", True)


def test_login_wrong_passwords_lock_the_account_from_that_address(client, editor):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    response = log_in(client, "editor", PASSWORD)
    assert (response.status_code, response.logged_in) == (429, False)
    html = response.content.decode()
    assert "Too many failed logins" in html and "15 minutes" in html
    # The admin's own login page, ready for the next try once the pause is over.
    assert 'name="username"' in html and 'value="editor"' in html and "csrfmiddlewaretoken" in html
    assert "Please enter the correct username and password" not in html


@pytest.mark.parametrize("language", LOCKED)
def test_login_lockout_message_is_translated(client, editor, language):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    response = log_in(client, "editor", PASSWORD, language=language)
    assert response.status_code == 429
    assert LOCKED[language] in response.content.decode()


def test_login_locked_account_still_logs_in_from_another_address(client, editor):
    fail(client, "editor", 50)
    assert log_in(client, "editor", PASSWORD).status_code == 429
    response = log_in(client, "editor", PASSWORD, address=OFFICE)
    assert (response.status_code, response.logged_in) == (302, True)


def test_login_other_account_from_the_attackers_address_works_until_the_address_limit(client, editor, reporter):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "reporter", PASSWORD).logged_in
    # Many accounts tried from one address: the address is stopped, for every account, and only that address.
    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - settings.AXES_FAILURE_LIMIT):
        log_in(client, f"guess-{number}", "wrong-password")
    response = log_in(client, "reporter", PASSWORD)
    assert (response.status_code, response.logged_in) == (429, False)
    assert log_in(client, "reporter", PASSWORD, address=OFFICE).logged_in


def test_login_works_again_after_the_cooldown(client, editor):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "editor", PASSWORD).status_code == 429
    # Every failure (and the refused try) a minute older than the cool-down.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    response = log_in(client, "editor", PASSWORD)
    assert (response.status_code, response.logged_in) == (302, True)


def test_login_still_locked_just_before_the_cooldown_ends(client, editor):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    assert log_in(client, "editor", PASSWORD).status_code == 429


def test_login_cooldown_follows_its_setting(client, editor, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=2)
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    response = log_in(client, "editor", PASSWORD)
    assert "2 minutes" in response.content.decode()
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=3))
    assert log_in(client, "editor", PASSWORD).logged_in


def test_login_ignores_x_forwarded_for_without_proxies(client, editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "editor", "wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    response = log_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_login_behind_one_proxy_reads_the_address_it_saw(client, editor, settings):
    settings.LOGIN_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    # The left part is the client's own claim; the proxy appended the address it saw.
    fail(client, "editor", settings.AXES_FAILURE_LIMIT, address=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    locked = log_in(client, "editor", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=f"9.9.9.9, {ATTACKER}")
    assert locked.status_code == 429
    response = log_in(client, "editor", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=OFFICE)
    assert response.logged_in
    # Garbage in the header falls back to the connection's address instead of failing.
    assert log_in(client, "reporter", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="not-an-address").status_code == 200
    assert AccessAttempt.objects.filter(username="reporter").get().ip_address == proxy
    log_in(client, "writer", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="fe80::1%eth0")
    assert AccessAttempt.objects.filter(username="writer").get().ip_address == proxy


def test_force_login_is_not_throttled(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_login_cooldown_and_proxy_count_come_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.AXES_COOLOFF_TIME.total_seconds(), settings.LOGIN_TRUSTED_PROXY_COUNT)"
    )
    env = {**os.environ, **PRODUCTION, "DJANGO_LOGIN_COOLDOWN_MINUTES": "7", "DJANGO_TRUSTED_PROXY_COUNT": "2"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["420.0", "2"]
