# Two commands do everything on a fresh machine:
#   make run   set up and serve the site at http://127.0.0.1:8000
#   make test  set up and run every test, browser tests included
.PHONY: run test check readability browser-deps clean

PYTHON ?= python3
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

staticfiles/staticfiles.json: $(VENV)/.run-installed $(shell find static -type f)
	LOCAL_MODE=1 $(PY) manage.py collectstatic --noinput --clear --verbosity 0

# Serve locally over plain HTTP (LOCAL_MODE=1: development secret key, no HTTPS redirect).
# Content problems are listed; broken files are skipped and the rest is served.
run: staticfiles/staticfiles.json
	LOG_LEVEL=critical LOCAL_MODE=1 $(PY) manage.py check || echo "** Content problems above: those pages are not served until fixed. **"
	LOCAL_MODE=1 $(VENV)/bin/gunicorn -c gunicorn.conf.py kyphoplasty_site.wsgi:application

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here).
browser-deps:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium' (Debian) and try again."; exit 1; \
	  fi; \
	fi

test: $(VENV)/.dev-installed browser-deps staticfiles/staticfiles.json
	$(PY) -m pytest

check: $(VENV)/.run-installed
	LOG_LEVEL=critical LOCAL_MODE=1 $(PY) manage.py check

readability: $(VENV)/.dev-installed
	LOG_LEVEL=critical LOCAL_MODE=1 $(PY) manage.py readability

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-results screenshots
