# Face the Numbers: two commands on a fresh machine.
#   make lab    set everything up (once) and open the course in JupyterLab
#   make test   install the test tools (once) and run the whole test suite
# Also: make app (every calculator in one page, served by Voila), make exercises (regenerate
# exercises/ from solutions/), make pacing (each lesson's minutes), make bench (speed report),
# make upgrade (newer locked versions), make site (the course as a website), make serve-site,
# make slides (slides and a one-page handout per lesson),
# make hub (a class on this machine's JupyterHub: see docs/hub.md; hub-plan, hub-grade, hub-undo).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Stamps: pip runs again only when pyproject.toml or the lock changes.
INSTALLED      := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
# JupyterLab refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help lab test exercises pacing bench app axe screenshots lock upgrade site serve-site \
        slides hub hub-plan hub-grade hub-undo

help:
	@sed -n '2,8p' Makefile | sed 's/^# //'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every Python package comes at the version in the lock (requirements/lock.txt), the versions
# the whole suite last passed with: pip and the build backend first, then the course, built
# with them (no build isolation, so nothing newer is fetched to build it). pyproject.toml keeps
# its ranges for people who pip install the package; `make upgrade` moves the lock within them.
LOCK        := requirements/lock.txt
PIP_INSTALL := $(BIN)/python -m pip install --quiet --constraint $(LOCK)

$(INSTALLED): pyproject.toml $(LOCK) | $(BIN)/python
	$(PIP_INSTALL) pip setuptools
	$(PIP_INSTALL) --no-build-isolation -e .
	@touch $@

# The tests include nbgrader's path (tests/test_nbgrader.py) and a class on JupyterHub
# (tests/test_hub.py), so they install the instructor and hub extras.
$(TEST_INSTALLED): pyproject.toml $(LOCK) $(INSTALLED)
	$(PIP_INSTALL) --no-build-isolation -e '.[test,instructor,site,hub]'
	@touch $@

# axe-core, for the accessibility tests (tests/axe_support.py), from the npm registry into the
# git-ignored node_modules/, at the version package-lock.json locks (npm ci installs exactly
# that, checked against the lock's integrity hash). Without npm the accessibility tests skip
# (and fail under CI=true): apt-get install nodejs npm.
NODE_INSTALLED := node_modules/.installed

$(NODE_INSTALLED): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the accessibility tests will skip (apt-get install nodejs npm)"; \
	fi

axe: $(NODE_INSTALLED)

# The lock is made by uv (pinned here, installed into its own folder, not the course's venv)
# for every platform and Python >= 3.11 at once: Windows and macOS get their own few packages.
# `make lock` after editing pyproject.toml keeps every other version; `make upgrade` moves
# every package to the newest version the ranges allow (npm's too), installs, and runs the suite.
UV_VERSION := 0.13.9
TOOLS      := .cache/tools
UV         := $(TOOLS)/bin/uv
LOCK_ARGS  := pip compile --quiet --universal --python-version 3.11 --extra test --extra instructor --extra site --extra hub \
              pyproject.toml requirements/build.in --output-file $(LOCK)

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION)

lock: $(UV)
	$(UV) $(LOCK_ARGS)

upgrade: $(UV)
	$(UV) $(LOCK_ARGS) --upgrade
	npm update --no-audit --no-fund --loglevel=error --omit-lockfile-registry-resolved
	$(MAKE) test

lab: $(INSTALLED)
	@echo "Opening JupyterLab on 127.0.0.1. If the browser does not open, copy the address"
	@echo "with its ?token=... from the lines below. Stop it with Ctrl+C (twice)."
	$(BIN)/jupyter lab --ip=127.0.0.1 $(ROOT_FLAG) --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/lessons/00-start-here.ipynb

APP_PORT ?= 8866
# Voila with the course's own page template (apps/jupyter), which fetches nothing from the
# internet, and without the instructors' nbgrader extension in the page (apps/jupyter-config).
# Voila hides the code and shows only the calculators.
app: $(INSTALLED)
	@echo "Serving the calculators on http://127.0.0.1:$(APP_PORT)/ (Ctrl+C to stop)."
	JUPYTER_PATH="$(CURDIR)/apps/jupyter" JUPYTER_CONFIG_PATH="$(CURDIR)/apps/jupyter-config" \
		$(BIN)/voila apps/calculators.ipynb \
		--template=facenumbers --Voila.ip=127.0.0.1 --port=$(APP_PORT) --no-browser

# The course as a static website in build/site: every lesson executed, every calculator a twin
# that computes in the browser, nothing loaded from another server (docs/website.md).
# SOLUTIONS=no leaves the solution notebooks out of the downloads.
SITE_OUT  ?= build/site
SITE_PORT ?= 8000
site: $(TEST_INSTALLED)
	$(BIN)/python site/build.py --out $(SITE_OUT) $(if $(filter no,$(SOLUTIONS)),--no-solutions,)

serve-site: site
	@echo "Serving the website on http://127.0.0.1:$(SITE_PORT)/ (Ctrl+C to stop)."
	$(BIN)/python -m http.server $(SITE_PORT) --bind 127.0.0.1 --directory $(SITE_OUT)

# Slides and a one-page handout for each lesson (docs/slides.md), into build/slides and
# build/handouts: built from the lessons, with a local copy of reveal.js from node_modules
# (npm ci, package-lock.json); nothing comes from a CDN. make site puts them on the website too.
SLIDES_OUT ?= build/slides
slides: $(INSTALLED) $(NODE_INSTALLED)
	$(BIN)/python -m facenumbers.slides --out $(SLIDES_OUT)

# A class on this machine's JupyterHub (docs/hub.md). Run as root: it makes one system account
# per student (from ROSTER=roster.csv, whose student column holds logins, and/or
# STUDENTS=alice,bob), the instructor's (INSTRUCTOR=, the hub's admin) and the grader's; the
# hub's folder HUB_DIR; and makes this course folder private. `make hub-plan` says all of it
# first and changes nothing; `make hub-undo` removes it. The students' servers run from their
# own environment, installed from the lock; configurable-http-proxy comes from package-lock.json.
HUB_INSTALLED := $(VENV)/.installed-hub
HUB_DIR       ?= /srv/facenumbers-hub
HUB_PORT      ?= 8010
INSTRUCTOR    ?= instructor
HUB_ARGS       = --dir $(HUB_DIR) --port $(HUB_PORT) --instructor $(INSTRUCTOR) \
                 $(if $(ROSTER),--roster $(ROSTER),) $(if $(STUDENTS),--students $(STUDENTS),)

$(HUB_INSTALLED): pyproject.toml $(LOCK) $(INSTALLED)
	$(PIP_INSTALL) --no-build-isolation -e '.[hub]'
	@touch $@

hub-plan: $(HUB_INSTALLED)
	$(BIN)/facenumbers hub plan $(HUB_ARGS)

hub: $(HUB_INSTALLED) $(NODE_INSTALLED)
	$(BIN)/facenumbers hub start $(HUB_ARGS)

# ASSIGNMENT=04-base-rates: grades every student's hand-in into grades/ (as the grader's account).
hub-grade: $(HUB_INSTALLED)
	$(BIN)/facenumbers hub grade --dir $(HUB_DIR) --assignment $(ASSIGNMENT) --out grades/$(ASSIGNMENT)

hub-undo: $(HUB_INSTALLED)
	$(BIN)/facenumbers hub undo --dir $(HUB_DIR)

# A PNG of the app and of each calculator, in docs/images/ (Chromium and Playwright, as the tests).
screenshots: $(TEST_INSTALLED)
	$(BIN)/python apps/screenshots.py --out docs/images

test: $(TEST_INSTALLED) $(NODE_INSTALLED)
	$(BIN)/python -m pytest

exercises: $(INSTALLED)
	$(BIN)/facenumbers exercises

# Each lesson's estimated minutes (reading, code and calculators, exercises), and the rates used.
pacing: $(INSTALLED)
	$(BIN)/facenumbers pacing

# Writes benchmarks/results/latest.md and refreshes the figures in docs/performance.md.
bench: $(TEST_INSTALLED) $(NODE_INSTALLED)
	$(BIN)/python benchmarks/run.py --doc docs/performance.md
