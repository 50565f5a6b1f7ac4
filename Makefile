# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make serve   build and serve the site with live reload on http://127.0.0.1:8000/kb/ (PORT=...)
#   make test    lint and run the whole test suite (includes a strict build)
# Each creates .venv from the pinned requirements when it is missing or stale.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
CONFIG ?= mkdocs.yml
FORMAT ?= text
SITE   ?= site
PORT   ?= 8000

# Material for MkDocs prints an end-of-life banner on every run; this is the
# variable its code documents for switching it off. (Zensical is the planned
# successor; see README.md.)
export NO_MKDOCS_2_WARNING := 1
# The kbcheck package lives in hooks/ (MkDocs imports it from there too).
export PYTHONPATH := $(CURDIR)/hooks
export PIP_DISABLE_PIP_VERSION_CHECK := 1

RUNTIME_STAMP := $(VENV)/.runtime-installed
ENGINES_STAMP := $(VENV)/.engines-installed
DEV_STAMP     := $(VENV)/.dev-installed
# axe-core for the browser tests, pinned in package-lock.json; reinstalled when the lock file changes.
NODE_STAMP    := node_modules/.kb-installed

.PHONY: help serve build build-properdocs build-zensical check rules add-ref import-refs evidence-watch pr-summary test lint format linkcheck verify-refs readability bench constraints clean

# `make help` prints the "## " comment of every target below, so no target can be left out.
help: ## list every target
	@awk -F ':.*## ' '/^[a-z][a-z-]*:.*## / { printf "make %-15s %s\n", $$1, $$2 }' $(firstword $(MAKEFILE_LIST))

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (PYTHON=$(PYTHON) is " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)

# The .pth file makes our Markdown extension (kbcheck.mdext, in hooks/) importable
# by every engine run from .venv, whatever the working directory.
$(RUNTIME_STAMP): requirements.txt constraints.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	$(PY) -c 'import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()["purelib"], "kbcheck-hooks.pth").write_text("$(CURDIR)/hooks\n")'
	@touch $@

$(ENGINES_STAMP): requirements-engines.txt $(RUNTIME_STAMP)
	$(PY) -m pip install --quiet -r requirements-engines.txt -c constraints.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt requirements-engines.txt $(RUNTIME_STAMP)
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	@touch $(ENGINES_STAMP) $@

serve: $(RUNTIME_STAMP) ## serve the site with live reload on http://127.0.0.1:8000/kb/ (PORT=... for another port)
	$(BIN)/mkdocs serve --config-file $(CONFIG) --dev-addr 127.0.0.1:$(PORT) --livereload

# Never add -q/--quiet here: `mkdocs build --strict --quiet` exits 0 despite warnings.
build: $(RUNTIME_STAMP) ## strict build into site/ (SITE=dir)
	$(BIN)/mkdocs build --strict --clean --config-file $(CONFIG) --site-dir $(abspath $(SITE))
	$(PY) -m kbcheck built $(SITE)

# The same docs/ and mkdocs.yml with the other engines. ProperDocs runs our hooks like
# MkDocs; Zensical runs only our Markdown extension, so `kbcheck finish` then checks the
# site and adds the page foot and JSON-LD (what the hooks do under MkDocs).
build-properdocs: $(ENGINES_STAMP) ## strict build with ProperDocs into site-properdocs/
	$(BIN)/properdocs build --strict --clean --config-file $(CONFIG) --site-dir $(abspath site-properdocs)
	$(PY) -m kbcheck built site-properdocs

build-zensical: $(ENGINES_STAMP) ## build with Zensical into site/ (its fixed folder), then check and finish it
	$(BIN)/zensical build --clean --config-file $(CONFIG)
	$(PY) -m kbcheck finish site --config $(CONFIG) --format $(FORMAT) --strict

check: $(RUNTIME_STAMP) ## standalone checks (CONFIG=path/to/mkdocs.yml FORMAT=text|json|github)
	$(PY) -m kbcheck check --config $(CONFIG) --format $(FORMAT) --strict

# SINCE=REF: only URLs on lines added since REF; SUMMARY=FILE: append a Markdown report.
linkcheck: $(RUNTIME_STAMP) ## check external links (network; SINCE=ref, SUMMARY=file)
	$(PY) -m kbcheck linkcheck --config $(CONFIG) --format $(FORMAT) \
		$(if $(SINCE),--since "$(SINCE)") $(if $(SUMMARY),--summary "$(SUMMARY)")

verify-refs: $(RUNTIME_STAMP) ## verify DOIs/PMIDs against Crossref and PubMed (network)
	$(PY) -m kbcheck verify-refs --config $(CONFIG) --format $(FORMAT)

readability: $(RUNTIME_STAMP) ## readability figures for every page
	$(PY) -m kbcheck readability --config $(CONFIG) --format $(FORMAT)

# ID=10.xxxx/yyyy, PMID:nnnnnnn or PMCnnnnnnn; KIND=rct (asked at a terminal when omitted); KEY=own-id.
add-ref: $(RUNTIME_STAMP) ## add a source by DOI, PMID or PMCID (network; ID=... KIND=... KEY=...)
	@test -n "$(ID)" || { echo "usage: make add-ref ID=10.xxxx/yyyy|PMID:nnnnnnn|PMCnnnnnnn [KIND=rct]" >&2; exit 2; }
	$(PY) -m kbcheck add-ref "$(ID)" --config $(CONFIG) --format $(FORMAT) \
		$(if $(KIND),--kind "$(KIND)") $(if $(KEY),--key "$(KEY)") $(if $(DRY_RUN),--dry-run)

import-refs: $(RUNTIME_STAMP) ## add every source of a BibTeX or RIS file, e.g. a Zotero export (network; FILE=... KIND=...)
	@test -n "$(FILE)" || { echo "usage: make import-refs FILE=refs.bib|refs.ris [KIND=rct]" >&2; exit 2; }
	$(PY) -m kbcheck import-refs "$(FILE)" --config $(CONFIG) --format $(FORMAT) \
		$(if $(KIND),--kind "$(KIND)") $(if $(DRY_RUN),--dry-run)

# REPORT=file (default .cache/kbcheck/evidence-watch.md); ISSUES=dir also writes one issue body per page with new items.
evidence-watch: $(RUNTIME_STAMP) ## new trials, reviews and guidelines per clinical page since its review (network; REPORT=... ISSUES=...)
	$(PY) -m kbcheck evidence-watch --config $(CONFIG) --format $(FORMAT) \
		$(if $(REPORT),--output "$(REPORT)") $(if $(ISSUES),--issues "$(ISSUES)")

# BASE=ref the pull request goes into; writes to $$GITHUB_STEP_SUMMARY in CI, else prints.
pr-summary: $(RUNTIME_STAMP) ## what a pull request changes: citations, records, links, readability, review dates (BASE=origin/main)
	$(PY) -m kbcheck pr-summary --config $(CONFIG) --base "$(or $(BASE),origin/main)"

rules: $(RUNTIME_STAMP) ## list every rule code (KBnnn) with its default severity
	$(PY) -m kbcheck rules

lint: $(DEV_STAMP) ## ruff lint and format check; zizmor audit of .github/workflows/
	$(BIN)/ruff check hooks tests bench tools
	$(BIN)/ruff format --check hooks tests bench tools
	$(BIN)/zizmor --offline --no-progress --quiet --pedantic .github/workflows/

format: $(DEV_STAMP) ## apply ruff fixes and formatting
	$(BIN)/ruff check --fix hooks tests bench tools
	$(BIN)/ruff format hooks tests bench tools

# Without npm, or when npm cannot reach its registry, the browser tests say once why they did not run.
$(NODE_STAMP): package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "npm not found: the browser tests will not run (install Node.js and npm, then run make test again)"; \
	elif npm ci --ignore-scripts --no-audit --no-fund; then touch $@; \
	else echo "npm ci failed: the browser tests will not run until it succeeds"; fi

test: $(DEV_STAMP) $(NODE_STAMP) lint ## lint + the whole test suite (includes a strict build; PYTEST_ARGS=...)
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(DEV_STAMP) ## benchmarks (prints figures)
	$(PY) -m pip install --quiet -r requirements-bench.txt -c constraints.txt
	$(PY) bench/run_all.py

# Re-pin transitive dependencies after editing a requirements file.
constraints: ## re-pin transitive dependencies into constraints.txt
	rm -rf .venv-constraints && $(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/pip install --quiet -r requirements-bench.txt
	.venv-constraints/bin/pip freeze | $(PYTHON) tools/write_constraints.py > constraints.txt
	rm -rf .venv-constraints

clean: ## remove the built site and tool caches
	rm -rf $(SITE) .pytest_cache .ruff_cache
