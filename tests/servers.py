"""What the tests that start real servers (gunicorn, PostgreSQL, Redis) share: ports, waiting, a production
environment."""

import os
import socket
import time

HOST = "127.0.0.1"


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def poll(seconds, check, interval=0.05):
    """Call `check` until it returns true or `seconds` have passed; its last result."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() >= deadline:
            return result
        time.sleep(interval)


def production_env(tmp_path, **variables):
    """The environment of a production process (DEBUG off, TLS proxy in front), without this process's own
    DJANGO_/DATABASE_/REDIS_ settings; `variables` add or override."""
    inherited = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    return {
        **inherited,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-test-server-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_PAGE_CACHE_SECONDS": "60",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        **variables,
    }
