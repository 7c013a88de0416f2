# Casebook: `make build` and `make test` are the whole set-up on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CASEBOOK := $(BIN)/casebook
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test test-fast lint serve bench chromium clean venv

build: $(STAMP)
	$(CASEBOOK) build

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Browser tests need Debian's chromium; install it rather than skip.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# axe-core for the accessibility checks in the browser tests (npm; nothing fetched at test time).
AXE := node_modules/axe-core/axe.min.js
$(AXE):
	npm install --no-save --no-package-lock --no-audit --no-fund axe-core@4.14.1

test: $(STAMP) chromium $(AXE)
	$(BIN)/python -m pytest -q

# The edit-test loop: no browser, nothing marked slow. `make test` stays the whole suite.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check scripts tests

serve: $(STAMP)
	$(CASEBOOK) serve

bench: $(STAMP) chromium
	$(CASEBOOK) bench

clean:
	rm -rf site build
