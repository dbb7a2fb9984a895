# Face the Numbers: two commands on a fresh machine.
#   make lab    set everything up (once) and open the course in JupyterLab
#   make test   install the test tools (once) and run the whole test suite
# Also: make app (every calculator in one page, served by Voila), make exercises (regenerate
# exercises/ from solutions/), make bench (speed report).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Stamps: pip runs again only when pyproject.toml changes.
INSTALLED      := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
# JupyterLab refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help lab test exercises bench app axe screenshots

help:
	@sed -n '2,5p' Makefile | sed 's/^# //'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

# The tests include nbgrader's path (tests/test_nbgrader.py), so they install the instructor extra.
$(TEST_INSTALLED): pyproject.toml $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[test,instructor]'
	@touch $@

# axe-core, for the accessibility tests (tests/axe_support.py), from the npm registry into a
# git-ignored folder; the stamp names the pinned major version, so changing it reinstalls.
# Without npm the accessibility tests skip (and fail under CI=true): apt-get install nodejs npm.
AXE_MAJOR     := 4
AXE_DIR       := .cache/axe
AXE_INSTALLED := $(AXE_DIR)/.installed-axe-core-$(AXE_MAJOR)

$(AXE_INSTALLED):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix $(AXE_DIR) --no-audit --no-fund --no-package-lock \
			--loglevel=error axe-core@$(AXE_MAJOR) && touch $@; \
	else \
		echo "npm not found: the accessibility tests will skip (apt-get install nodejs npm)"; \
	fi

axe: $(AXE_INSTALLED)

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

# A PNG of the app and of each calculator, in docs/images/ (Chromium and Playwright, as the tests).
screenshots: $(TEST_INSTALLED)
	$(BIN)/python apps/screenshots.py --out docs/images

test: $(TEST_INSTALLED) $(AXE_INSTALLED)
	$(BIN)/python -m pytest

exercises: $(INSTALLED)
	$(BIN)/facenumbers exercises

# Writes benchmarks/results/latest.md and refreshes the figures in docs/performance.md.
bench: $(TEST_INSTALLED)
	$(BIN)/python benchmarks/run.py --doc docs/performance.md
