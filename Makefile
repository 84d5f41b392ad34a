# Two commands do everything on a fresh machine:
#   make run   set up and serve the site at http://127.0.0.1:8000
#   make test  set up and run every test, browser tests included
# and, while working:
#   make test-fast  every test that needs neither a browser, Node nor nginx (under 30 s)
.PHONY: run test test-fast check readability browser-deps bench-deps deploy-deps gettext-deps clean lighthouse

# The system's Python 3 when it is 3.10 or later and can make a venv, else the first python3 on PATH.
# Debian builds its Python with profile-guided and link-time optimisation, which a pyenv or source
# build lacks unless configured with --enable-optimizations: here that makes start-up and every
# request about an eighth faster (docs/performance.md).
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 10))' \
                  2>/dev/null && echo /usr/bin/python3 || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamp files re-run pip only when the requirements change.
$(VENV)/.run-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

# The browser-side checkers (axe-core, html-validate, Lighthouse) come from npm, pinned by
# package-lock.json; the stamp re-runs `npm ci` when node_modules is missing or the lockfile changes.
node_modules/.npm-installed: package.json package-lock.json
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "Node.js and npm are missing: run 'sudo apt-get install nodejs npm' and try again."; exit 1; fi; \
	fi
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

staticfiles/staticfiles.json: $(VENV)/.run-installed $(shell find static -type f)
	LOCAL_MODE=1 $(PY) manage.py collectstatic --noinput --clear --verbosity 0

# Serve locally over plain HTTP (LOCAL_MODE=1: development secret key, no HTTPS redirect).
# Content problems are listed; broken files are skipped and the rest is served.
# `make run PORT=8080` serves on another port; the site's own address (links, QR codes, the
# sitemap) follows it unless SITE_URL is given too.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
run: staticfiles/staticfiles.json $(MESSAGES)
	LOG_LEVEL=critical LOCAL_MODE=1 SITE_URL=$(SITE_URL) $(PY) manage.py check || echo "** Content problems above: those pages are not served until fixed. **"
	LOCAL_MODE=1 PORT=$(PORT) SITE_URL=$(SITE_URL) $(VENV)/bin/gunicorn -c gunicorn.conf.py kyphoplasty_site.wsgi:application

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here).
browser-deps:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium' (Debian) and try again."; exit 1; \
	  fi; \
	fi

# apt-get install whichever of the tools named in $(1) are missing (as root; else say how).
define install-missing
	@missing=""; for tool in $(1); do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing:$$missing. Run 'sudo apt-get install$$missing' (Debian) and try again."; exit 1; \
	  fi; \
	fi
endef

# Interface translations: each locale/<code>/LC_MESSAGES/django.po (and djangojs.po, the scripts' words)
# compiled by GNU gettext's msgfmt
# (apt package gettext), which also checks that every translation keeps its %(name)s placeholders.
MESSAGES := $(patsubst %.po,%.mo,$(filter-out locale/en_XA/% locale/ar_XB/%,$(wildcard locale/*/LC_MESSAGES/*.po)))
# The tests' pseudo-locales, written from the English strings (manage.py pseudo_locales); not in git.
PSEUDO_CATALOGUES := $(foreach code,en_XA ar_XB,$(foreach domain,django djangojs,locale/$(code)/LC_MESSAGES/$(domain).po))
PSEUDO_MESSAGES := $(PSEUDO_CATALOGUES:.po=.mo)

gettext-deps:
	@if ! command -v msgfmt >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "GNU gettext is missing: run 'sudo apt-get install gettext' (Debian) and try again."; exit 1; fi; \
	fi

%.mo: %.po | gettext-deps
	msgfmt --check-format --output-file=$@ $<

$(PSEUDO_CATALOGUES) &: locale/pl/LC_MESSAGES/django.po locale/pl/LC_MESSAGES/djangojs.po $(VENV)/.dev-installed
	LOCAL_MODE=1 $(PY) manage.py pseudo_locales

# nginx and openssl for deploy/nginx-check, which tests the configurations in docs/nginx/.
deploy-deps:
	$(call install-missing,nginx openssl)

# wrk and nginx for the load benchmarks in bench/ (not needed to run or test the site).
bench-deps: $(VENV)/.dev-installed
	$(call install-missing,wrk nginx)

test: $(VENV)/.dev-installed browser-deps deploy-deps node_modules/.npm-installed staticfiles/staticfiles.json $(MESSAGES) $(PSEUDO_MESSAGES)
	$(VENV)/bin/ruff check
	$(PY) -m pytest

# Installs no browser, npm packages or nginx: the tests marked browser, node or nginx (pytest.ini) are left out.
test-fast: $(VENV)/.dev-installed $(MESSAGES) $(PSEUDO_MESSAGES)
	$(VENV)/bin/ruff check
	$(PY) -m pytest -m "not browser and not node and not nginx"

check: $(VENV)/.run-installed $(MESSAGES)
	LOG_LEVEL=critical LOCAL_MODE=1 $(PY) manage.py check

readability: $(VENV)/.dev-installed
	LOG_LEVEL=critical LOCAL_MODE=1 $(PY) manage.py readability

# Lighthouse on five key pages, served by gunicorn on 127.0.0.1:8101; not part of `make test`.
lighthouse: $(VENV)/.run-installed browser-deps node_modules/.npm-installed
	bench/lighthouse

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-results screenshots node_modules
