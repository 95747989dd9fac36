"""Settings for the news portal.

One module for every environment: each difference is an environment variable
with a safe local default (see README.md, "Configuration").
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Core

DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "local-development-only-key-never-used-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "django_prose_editor",
    "reversion",
    "axes",
    "sorl.thumbnail",
    "portal",
    "news",
    "projects",
]

MIDDLEWARE = [
    # First: a Host port out of range or a NUL in an admin query string is a 400 before anything uses them.
    "portal.bad_requests.BadRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that may touch the database (sessions, users, the page cache): a lost database is a 503.
    "portal.outage.DatabaseOutageMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the database: a crawler over its rate costs nothing (portal/crawlers.py).
    "portal.crawlers.CrawlerRateMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.db_router.PrimaryReplicaMiddleware",
    "portal.middleware.AnonymousPageCacheMiddleware",
    # Inside the page cache, so that a hit serves bytes compressed once (pages on slow phones, feeds for readers).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: turns a refused login into the lockout page (portal.login_throttle.lockout_response).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site_chrome",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static", "portal.templatetags.portal"],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another server. DATABASE_REPLICA_URLS (comma-separated URLs)
# adds read replicas replica_1, replica_2, …; portal.db_router then sends reads there (docs/scaling.md).

VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)
conn_max_age = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=conn_max_age,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction begins, so concurrent saves wait for each other (and a stale one
    # then sees the newer version) instead of failing with "database is locked" when a read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Trigram search needs a UTF-8 ctype; tests create their database from this template.
    DATABASES["default"].setdefault("TEST", {}).update({"TEMPLATE": "template0", "CHARSET": "UTF8"})
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica_{number}"] = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    # Under test a replica is the test database itself, as if replication were instant.
    DATABASES[f"replica_{number}"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["portal.db_router.PrimaryReplicaRouter"] if len(DATABASES) > 1 else []
# After content changes, every request reads from the primary for this long, so that no page is rendered (and
# cached) from a replica that has not caught up yet. Set it above the replicas' usual lag.
DATABASE_REPLICA_LAG_SECONDS = int(os.environ.get("DATABASE_REPLICA_LAG_SECONDS", "5"))
# A replica that refuses a connection gets no reads from this process for this long; the primary answers instead.
DATABASE_REPLICA_RETRY_SECONDS = int(os.environ.get("DATABASE_REPLICA_RETRY_SECONDS", "30"))
# While the primary is down, every request that needs it gets a 503 asking clients to come back after this long.
DATABASE_OUTAGE_RETRY_AFTER_SECONDS = int(os.environ.get("DATABASE_OUTAGE_RETRY_AFTER_SECONDS", "30"))
# A server that does not answer at all fails a request after this long, instead of holding the worker until the
# app server kills it (docs/reliability-database.md).
DATABASE_CONNECT_TIMEOUT_SECONDS = int(os.environ.get("DATABASE_CONNECT_TIMEOUT_SECONDS", "5"))
# The hottest reads by key are prepared once per PostgreSQL connection (news.models.execute_prepared). A pooler that
# hands one client's statements to another connection (PgBouncer in transaction mode) needs it off: 0.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", default=True)
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {}).setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT_SECONDS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, the local-memory cache otherwise (docs/caching.md). Redis is a cache, not a
# single point of failure: portal.cache.GuardedRedisCache answers a failed command as a miss, and the short timeouts
# make a dead or frozen server cost milliseconds. "local" holds each process's own copies in front of Redis.

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_LOCAL = {
    "BACKEND": "portal.cache.ProcessMemoryCache",
    "LOCATION": "portal-local",
    # Pages are 5 to 40 kB compressed: a few thousand entries stay well under 100 MB per process.
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("DJANGO_LOCAL_CACHE_ENTRIES", "3000")), "CULL_FREQUENCY": 10},
}
# The pages this process has seen read in the last few minutes (portal/middleware.py): most pages of the long tail are
# cached only when read again. Apart from "local", so that a crawler's first reads never push the pages readers come
# back to out of it; an entry, a key and a flag, takes under 400 bytes.
CACHE_SEEN_PAGES = {
    "BACKEND": "portal.cache.ProcessMemoryCache",
    "LOCATION": "portal-seen-pages",
    "OPTIONS": {"MAX_ENTRIES": 10_000, "CULL_FREQUENCY": 10},
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.GuardedRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        },
        "local": CACHE_LOCAL,
        "seen-pages": CACHE_SEEN_PAGES,
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "local": CACHE_LOCAL,
        "seen-pages": CACHE_SEEN_PAGES,
    }
# Sessions (editors' logins) live in the database, never in the cache: editors log in and save while Redis is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Anonymous readers get whole pages from the cache; 0 switches it off. Edits invalidate at once; the lifetime only
# bounds how stale a view count or the header date may be. Browsers and a CDN may keep a page for
# PAGE_CACHE_CLIENT_SECONDS, so an edit reaches them at most that late (the server-side cache is invalidated at once).
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "60"))
# Requests per second each worker process answers one crawling client (portal/crawlers.py); 0: no limit.
CRAWLER_REQUESTS_PER_SECOND = float(os.environ.get("DJANGO_CRAWLER_RATE", "5"))
PAGE_CACHE_CLIENT_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_CLIENT_SECONDS", "60"))
# While the database is down, a page still in the cache is served this long past its freshness (X-Page-Cache: stale).
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_STALE_SECONDS", "3600"))

# Authentication

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Login throttling (django-axes; policy in docs/reliability-hardening.md). AxesStandaloneBackend comes first: it refuses
# a locked-out login before any password is checked. Failures are counted in the database, not the cache, so that a
# Redis outage neither opens the door nor locks anyone out.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "portal.login_throttle.LoginThrottleHandler"
# One account from one address: an attacker elsewhere cannot lock an editor out of her usual address. Every account
# from one address, with a larger limit: one address trying many accounts is stopped as well.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = 5
LOGIN_ADDRESS_FAILURE_LIMIT = 30
# Failures older than this are forgotten, and a lock ends this long after the last failure.
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLDOWN_MINUTES", "15")))
# A success does not wipe the address's count: an attacker logging into his own account must not reset it.
AXES_RESET_ON_SUCCESS = False
# Behind N reverse proxies, the client's address is the N-th from the right of X-Forwarded-For; 0 trusts no header.
LOGIN_TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "portal.login_throttle.client_address"
AXES_LOCKOUT_CALLABLE = "portal.login_throttle.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429

# Languages and time

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("en", _("English")),
    ("my", _("Burmese")),
]
# BCP 47 tags for <html lang>, hreflang and feeds; Django's codes are lower-case.
LANGUAGE_TAGS = {"zh-hans": "zh-Hans", "en": "en", "my": "my"}
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_LANGUAGES = ("zh-hans", "en", "my")
# A Burmese page must never borrow Chinese or English content.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ()}
MODELTRANSLATION_AUTO_POPULATE = False

# Static and media files

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "portal.storage.PortalStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads (and the sorl-thumbnail renditions, which use the default storage) go to S3-compatible object storage when
# DJANGO_S3_BUCKET is set, so that every app server sees every upload. Static files stay with whitenoise.
s3_bucket = os.environ.get("DJANGO_S3_BUCKET", "")
s3_endpoint_url = os.environ.get("DJANGO_S3_ENDPOINT_URL", "")
s3_custom_domain = os.environ.get("DJANGO_S3_CUSTOM_DOMAIN", "")
MEDIA_ORIGIN = ""
if s3_bucket:
    s3_options = {
        "bucket_name": s3_bucket,
        "endpoint_url": s3_endpoint_url,
        "region_name": os.environ.get("DJANGO_S3_REGION", ""),
        "custom_domain": s3_custom_domain,
        # Unset keys leave boto3 to its own chain (AWS_* variables, an instance or container role).
        "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID", ""),
        "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY", ""),
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **{name: value for name, value in s3_options.items() if value},
            # Media are public: plain URLs that the page cache, the CDN and browsers can keep, never expiring ones.
            "querystring_auth": False,
            # As on disk, a second "cover.jpg" gets a new name instead of replacing the first one.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
    # Where the files' URLs point, for the CSP's img-src: the custom domain, the endpoint (path-style URLs) or AWS.
    if s3_custom_domain:
        MEDIA_ORIGIN = "https://" + s3_custom_domain.split("/")[0]
    elif s3_endpoint_url:
        MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(s3_endpoint_url))
    else:
        MEDIA_ORIGIN = f"https://{s3_bucket}.s3.amazonaws.com"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Nothing is loaded from another host (but the media bucket, when there is one), and no inline script or style runs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The rich-text editor (tiptap, in django-prose-editor) injects one fixed <style> element: allowed by its hash.
    "style-src": [CSP.SELF, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    "img-src": [CSP.SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Logging: errors to stderr, where gunicorn and systemd collect them.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Admin: modeltranslation's tabbed admin uses a self-hosted jQuery UI, never a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
JQUERY_URL = "admin/js/vendor/jquery/jquery.min.js"

# Images: sorl-thumbnail keeps its key-value store in the cache, so pages with pictures make no extra SQL queries.
THUMBNAIL_KVSTORE = "news.thumbnails.CacheKVStore"
THUMBNAIL_UPSCALE = False
THUMBNAIL_PRESERVE_FORMAT = False
