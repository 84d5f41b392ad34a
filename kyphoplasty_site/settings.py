"""Settings for the kyphoplasty patient-information site.

Everything that differs between a laptop and production is read from the
environment, with safe local defaults. See docs/deploying.md, "Configuration".
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# DEBUG is off unless asked for, so a forgotten variable never exposes tracebacks.
DEBUG = env_bool("DEBUG")

# Production must set SECRET_KEY. Nothing on the public site is signed (no
# sessions, no forms that post), but Django requires a key, and a published
# default would be a trap the day a signed feature arrives.
_LOCAL_KEY = "local-development-key-not-for-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
_RUNNING_LOCALLY = DEBUG or os.environ.get("LOCAL_MODE") == "1" or "pytest" in sys.modules
if not SECRET_KEY:
    if not _RUNNING_LOCALLY:
        # One clear line rather than a traceback: this is set-up, not a bug.
        sys.exit("Cannot start: SECRET_KEY is not set. In production, set the SECRET_KEY environment variable "
                 "to a long random string (see docs/deploying.md). For local use, run `make run`.")
    SECRET_KEY = _LOCAL_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# The clinic that runs the site. These appear in the footer, on printouts and
# inside articles through [[placeholders]].
CLINIC_NAME = os.environ.get("CLINIC_NAME", "Spine Fracture Clinic")
CLINIC_PHONE = os.environ.get("CLINIC_PHONE", "01234 567890")
EMERGENCY_NUMBER = os.environ.get("EMERGENCY_NUMBER", "999")
# The public address used for absolute links, QR codes, the sitemap and link previews.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Spine Fracture Guide")

# Where the Markdown and YAML content lives. It is read into memory once, at
# start-up (see kyphoplasty_site/site.py): restart the site to publish a change
# (runserver restarts by itself when a file here or in FIGURES_DIR changes).
CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR / "content"))
FIGURES_DIR = BASE_DIR / "static" / "figures"

INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "kyphoplasty_site.apps.KyphoplastySiteConfig",
]

# Lean on purpose: no sessions, auth or messages, so no page ever sets a cookie. Stored public pages are answered
# before Django (kyphoplasty_site.page_cache); these run for everything else.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "kyphoplasty_site.middleware.AddressLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "kyphoplasty_site.middleware.PermissionsPolicyMiddleware",
]
# No CSRF middleware: every view accepts only GET and HEAD (require_safe) and no
# form posts, so there is nothing to forge; with it, an unsupported method would
# answer 403 before the view could answer 405. Add it with the first POST form.
SILENCED_SYSTEM_CHECKS = ["security.W003"]
PERMISSIONS_POLICY_DENY = ["accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
                           "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
                           "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock",
                           "sync-xhr", "usb", "xr-spatial-tracking", "browsing-topics", "interest-cohort"]

ROOT_URLCONF = "kyphoplasty_site.urls"
# Django's default, stated because addresses printed on paper rely on it: /go/abcd (no final
# slash) and /faq answer with a permanent redirect to /go/abcd/ and /faq/ (CommonMiddleware).
APPEND_SLASH = True
WSGI_APPLICATION = "kyphoplasty_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,  # for the sitemap framework's own templates
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "kyphoplasty_site.context_processors.site",
            ],
            # `|soft_hyphens` for headings in every template, without a {% load %} in each.
            "builtins": ["kyphoplasty_site.templatetags.headings"],
        },
    },
]

# The content is files, read into memory at start-up; nothing is stored in a
# database. Django's test tools (live_server) still expect one to be named, so
# an in-memory SQLite database is declared and never written to.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# The languages the site has, English first. English lives at the root (/articles/...), each other
# language under its code (/pl/articles/...): those addresses are published and never change.
# Interface strings are translated in locale/<code>/LC_MESSAGES/django.po, the content in content/<code>/.
EDITIONS = {"en-gb": "English", "pl": "Polski"}
# The languages served and offered (switcher, hreflang, sitemap). A clinic holds one back (until its
# translation is checked, say) by leaving it out: PUBLISHED_LANGUAGES=en-gb. English is always served.
PUBLISHED_LANGUAGES = ["en-gb", *[code for code in env_list("PUBLISHED_LANGUAGES", "pl")
                                  if code != "en-gb" and code in EDITIONS]]
# Pseudo-locales (manage.py pseudo_locales), made from the English to prove that every interface string
# is translatable and that the layout survives longer words and right-to-left text: en-xa (accented,
# a third longer) and ar-xb (right to left). The tests serve them (PSEUDO_LOCALES=1); they are never
# offered to readers: no switcher, hreflang or sitemap names them.
PSEUDO_LOCALES = {"en-xa": "English (accented, pseudo)", "ar-xb": "English (right to left, pseudo)"} \
    if env_bool("PSEUDO_LOCALES", default="pytest" in sys.modules) else {}
# What Django serves: a language missing here answers 404 under its prefix.
LANGUAGES = [(code, EDITIONS[code]) for code in PUBLISHED_LANGUAGES] + list(PSEUDO_LOCALES.items())
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "staticfiles": {
        # Hashed names so static files can be cached forever; gzip and brotli
        # copies so WhiteNoise serves them compressed; CSS minified first (storage.py).
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "kyphoplasty_site.storage.MinifiedStaticFilesStorage"
        ),
    },
}
WHITENOISE_MAX_AGE = 31536000

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security headers. HTTPS-only settings switch on when the site is served over
# HTTPS (set SECURE=1 behind a TLS-terminating proxy).
SECURE = env_bool("SECURE", default=not DEBUG and not _RUNNING_LOCALLY)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# Pages are pure functions of the content and nothing varies per visitor, so
# browsers may keep them for PAGE_MAX_AGE seconds and shared caches (a CDN)
# for PAGE_SHARED_MAX_AGE.
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "300"))
PAGE_SHARED_MAX_AGE = int(os.environ.get("PAGE_SHARED_MAX_AGE", "3600"))

# Memory for stored pages and search results (kyphoplasty_site.page_cache), per
# worker process; past it, those used longest ago are dropped and rendered
# again when next asked for. 64 MB holds about 1,000 articles (their plain,
# brotli and gzip copies) or 3,000 search results. Set in MB: PAGE_CACHE_MAX_MB.
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_MB", "64")) * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "kyphoplasty_site": {"level": os.environ.get("LOG_LEVEL", "INFO").upper()},
        # 404s from scanners and mistyped addresses are not news; 5xx still is.
        "django.request": {"level": "ERROR"},
        # A disallowed Host header is noise from scanners, not news.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
    },
}
