# Casebook: `make build` and `make test` are the whole set-up on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CASEBOOK := $(BIN)/casebook
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq

# Browser code from npm, pinned, in one install (a later `npm install --no-save` removes the
# packages it does not name): Typst as WebAssembly for packs made in the reader's browser
# (vendored into the site by `casebook build`); Ajv and ajv-formats compile the record schema
# for the Propose page (scripts/casebook/site/propose_validator.py holds the same pins);
# axe-core for the accessibility tests. Nothing is fetched at build or test time.
NPM_PACKAGES := @myriaddreamin/typst.ts@0.7.0 @myriaddreamin/typst-ts-web-compiler@0.7.0 ajv@8.20.0 ajv-formats@3.0.1 axe-core@4.14.1 vnu-jar@26.9.27
NPM_STAMP := node_modules/.casebook-npm

.PHONY: build test test-fast lint serve bench chromium fonts node java clean venv

build: $(STAMP) fonts $(NPM_STAMP)
	$(CASEBOOK) build

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The PDF packs are set in these fonts, by Typst in Python and in the browser alike.
fonts:
	@[ -f /usr/share/fonts/opentype/linux-libertine/LinLibertine_R.otf ] && \
	 [ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || { \
	  echo "Installing Debian fonts for the briefing packs"; \
	  $(APT_INSTALL) fonts-linuxlibertine fonts-dejavu-core; }

# Browser tests need Debian's chromium; install it rather than skip.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium for the browser tests"; \
	  $(APT_INSTALL) chromium; }

# The site build needs Node.js (the Propose page's validator); install Debian's rather than fail.
node:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian nodejs and npm for the site build"; \
	  $(APT_INSTALL) nodejs npm; }

# The Nu Html Checker (npm vnu-jar, in NPM_PACKAGES) runs on Java; install Debian's rather than skip
# the markup test (tests/test_html_validity.py).
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Debian's Java for the Nu Html Checker"; \
	  $(APT_INSTALL) default-jre-headless; }

$(NPM_STAMP): Makefile | node
	npm install --no-save --no-package-lock --no-audit --no-fund $(NPM_PACKAGES)
	touch $@

test: $(STAMP) fonts chromium java $(NPM_STAMP)
	$(BIN)/python -m pytest -q

# The edit-test loop: no browser, nothing marked slow. `make test` stays the whole suite.
test-fast: $(STAMP) fonts $(NPM_STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check scripts tests

serve: $(STAMP) fonts $(NPM_STAMP)
	$(CASEBOOK) serve

bench: $(STAMP) fonts chromium $(NPM_STAMP)
	$(CASEBOOK) bench

clean:
	rm -rf site build
