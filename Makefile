# Casebook: `make build` and `make test` are the whole set-up on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CASEBOOK := $(BIN)/casebook
STAMP := $(VENV)/.installed
# npm packages, pinned (see the node_modules rule below).
NPM_PACKAGES := axe-core@4.14.1 ajv@8.20.0 ajv-formats@3.0.1
NPM_STAMP := node_modules/.casebook-npm
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test test-fast lint serve bench chromium node clean venv

build: $(STAMP) $(NPM_STAMP)
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

# The Propose page is compiled with Node.js; install Debian's nodejs and npm rather than fail.
node:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian nodejs and npm for the site build"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; }

# The npm packages in one install (a later `npm install --no-save` removes the packages it
# does not name): axe-core for the browser tests' accessibility checks; Ajv and ajv-formats
# compile the record schema for the Propose page (scripts/casebook/site/propose_validator.py
# holds the same pins). Nothing is fetched at build or test time.
$(NPM_STAMP): Makefile | node
	npm install --no-save --no-package-lock --no-audit --no-fund $(NPM_PACKAGES)
	touch $@

test: $(STAMP) chromium $(NPM_STAMP)
	$(BIN)/python -m pytest -q

# The edit-test loop: no browser, nothing marked slow. `make test` stays the whole suite.
test-fast: $(STAMP) $(NPM_STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check scripts tests

serve: $(STAMP) $(NPM_STAMP)
	$(CASEBOOK) serve

bench: $(STAMP) chromium $(NPM_STAMP)
	$(CASEBOOK) bench

clean:
	rm -rf site build
