# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make serve   build and serve the site with live reload on http://127.0.0.1:8000/kb/
#   make test    lint and run the whole test suite (includes a strict build)
# Each creates .venv from the pinned requirements when it is missing or stale.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
CONFIG ?= mkdocs.yml
FORMAT ?= text
SITE   ?= site

# Material for MkDocs prints an end-of-life banner on every run; this is the
# variable its code documents for switching it off. (Zensical is the planned
# successor; see README.md.)
export NO_MKDOCS_2_WARNING := 1
# The kbcheck package lives in hooks/ (MkDocs imports it from there too).
export PYTHONPATH := $(CURDIR)/hooks
export PIP_DISABLE_PIP_VERSION_CHECK := 1

RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed

.PHONY: help serve build check test lint format linkcheck verify-refs readability bench constraints clean

help:
	@echo "make serve        serve the site with live reload on http://127.0.0.1:8000/kb/"
	@echo "make test         lint + the whole test suite (includes a strict build)"
	@echo "make build        strict build into $(SITE)/"
	@echo "make check        standalone checks (CONFIG=path/to/mkdocs.yml FORMAT=text|json|github)"
	@echo "make linkcheck    check external links (network; CONFIG=..., FORMAT=..., SINCE=ref, SUMMARY=file)"
	@echo "make verify-refs  verify DOIs/PMIDs against Crossref and PubMed (network)"
	@echo "make readability  readability figures for every page"
	@echo "make bench        benchmarks (prints figures)"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (PYTHON=$(PYTHON) is " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)

# The .pth file makes our Markdown extension (kbcheck.mdext, in hooks/) importable
# by every engine run from .venv, whatever the working directory.
$(RUNTIME_STAMP): requirements.txt constraints.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	$(PY) -c 'import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()["purelib"], "kbcheck-hooks.pth").write_text("$(CURDIR)/hooks\n")'
	@touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	@touch $@

serve: $(RUNTIME_STAMP)
	$(BIN)/mkdocs serve --config-file $(CONFIG) --dev-addr 127.0.0.1:8000 --livereload

# Never add -q/--quiet here: `mkdocs build --strict --quiet` exits 0 despite warnings.
build: $(RUNTIME_STAMP)
	$(BIN)/mkdocs build --strict --clean --config-file $(CONFIG) --site-dir $(abspath $(SITE))
	$(PY) -m kbcheck built $(SITE)

check: $(RUNTIME_STAMP)
	$(PY) -m kbcheck check --config $(CONFIG) --format $(FORMAT) --strict

# SINCE=REF: only URLs on lines added since REF; SUMMARY=FILE: append a Markdown report.
linkcheck: $(RUNTIME_STAMP)
	$(PY) -m kbcheck linkcheck --config $(CONFIG) --format $(FORMAT) \
		$(if $(SINCE),--since "$(SINCE)") $(if $(SUMMARY),--summary "$(SUMMARY)")

verify-refs: $(RUNTIME_STAMP)
	$(PY) -m kbcheck verify-refs --config $(CONFIG) --format $(FORMAT)

readability: $(RUNTIME_STAMP)
	$(PY) -m kbcheck readability --config $(CONFIG) --format $(FORMAT)

lint: $(DEV_STAMP)
	$(BIN)/ruff check hooks tests bench tools
	$(BIN)/ruff format --check hooks tests bench tools

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix hooks tests bench tools
	$(BIN)/ruff format hooks tests bench tools

test: $(DEV_STAMP) lint
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(DEV_STAMP)
	$(PY) -m pip install --quiet -r requirements-bench.txt -c constraints.txt
	$(PY) bench/run_all.py

# Re-pin transitive dependencies after editing a requirements file.
constraints:
	rm -rf .venv-constraints && $(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/pip install --quiet -r requirements-bench.txt
	.venv-constraints/bin/pip freeze | $(PYTHON) tools/write_constraints.py > constraints.txt
	rm -rf .venv-constraints

clean:
	rm -rf $(SITE) .pytest_cache .ruff_cache
