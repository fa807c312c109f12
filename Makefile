# Two commands, each doing all its set-up: `make serve` (live preview) and `make test`.
# Python packages install into .venv from pinned requirements (needs Python 3.11 with venv, and
# make); `make test` also needs Node.js 20 with npm, and root for apt-get or chromium + a JRE +
# a Japanese font (fonts-ipafont-gothic).
# Secondary: `make build` (SITE_URL=<final URL> for a host), `make check`, `make urls`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test lint tools engines lighthouse check urls bench clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The maintained successors of MkDocs the tests also build the site with (tests/test_engines.py),
# each in its own venv from its own full lock; `make test` installs them, `make serve` never does.
ENGINES := properdocs mkdocs-ng
ENGINE_DIR := .venv-engines

# Re-made from scratch whenever its lock changes; --no-deps installs exactly the lock, and
# `pip check` proves the lock is complete.
$(ENGINE_DIR)/%/.installed: requirements-engines/%.txt
	rm -rf $(ENGINE_DIR)/$*
	$(PYTHON) -m venv $(ENGINE_DIR)/$*
	$(ENGINE_DIR)/$*/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r $<
	$(ENGINE_DIR)/$*/bin/python -m pip check --disable-pip-version-check
	touch $@

## engines: install ProperDocs and mkdocs-ng (+ mkdocs-ng-material) into .venv-engines/<name>/
engines: $(ENGINES:%=$(ENGINE_DIR)/%/.installed)

## serve: set up and serve the site with live reload on http://127.0.0.1:8000/new-approach/
## (the path of site_url; SITE_URL changes it), in its three editions (/ja/, /ru/); EDITIONS=en
## serves English only, for the fastest reload
serve: $(BIN)/.installed
	$(BIN)/mkdocs serve

## build: set up and build the site into site/ (strict: any warning fails), English at the root
## and the ja/ and ru/ editions below it; set SITE_URL to the final URL, base path included,
## when building for a host
build: $(BIN)/.installed
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 0) $(BIN)/mkdocs build --strict

## check: validate data/ only, printing every problem
check: $(BIN)/.installed
	PYTHONPATH=hooks $(BIN)/python -m explainer_core check data

## urls: build, then add newly published page URLs to urls.txt (the URL contract; never removes one)
urls: build
	PYTHONPATH=hooks $(BIN)/python -m explainer_core urls site --contract urls.txt --update

## tools: install the browser-side test tools where missing (npm ci; as root, Debian's chromium, a JRE and a Japanese font)
tools: $(BIN)/.installed
	$(BIN)/python tests/support/tools.py

## lint: ruff (lint) and mypy (types) over hooks/, bench/ and tests/, configured in pyproject.toml
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

## test: set up everything (Python deps, test tools, the other engines), lint, then run the whole test suite
test: tools engines lint
	$(BIN)/python -m pytest

## bench: time mkdocs build at 100, 1,000 and 10,000 synthetic events, hooks vs floor, and the
## live reload (long: about an hour on 2 cores); writes bench/results.md
bench: $(BIN)/.installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## lighthouse: Lighthouse scores for the home, timeline and an event page, served on 127.0.0.1
lighthouse: tools
	$(BIN)/python tests/support/lighthouse.py

clean:
	rm -rf site $(VENV) $(ENGINE_DIR) .pytest_cache
