# Casebook: `make build` and `make test` are the whole set-up on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CASEBOOK := $(BIN)/casebook
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq

# Browser code from npm, in package.json with every version exact and locked with its integrity
# hash in package-lock.json, installed by `npm ci` (which installs exactly the lock, or fails):
# Typst as WebAssembly for packs made in the reader's browser, and docx for their Word files
# (both vendored into the site by `casebook build`); Ajv and ajv-formats compile the record schema for the Propose page
# (scripts/casebook/builders/propose_validator.py checks their versions); axe-core for the
# accessibility tests; vnu-jar, the Nu Html Checker, for the markup tests. Install scripts are
# not run: none of these needs one. Nothing is
# fetched at build or test time once installed.
NPM_STAMP := node_modules/.casebook-npm

.PHONY: build test test-fast lint serve bench chromium fonts node java clean venv lock

build: $(STAMP) fonts $(NPM_STAMP)
	$(CASEBOOK) build

venv: $(STAMP)

# Every Python package, pip and the build backend included, from requirements.txt: exact
# versions with their sha256 hashes, so pip refuses any file that is not the one locked. The
# project itself is installed apart, without dependencies (they are all in the lock) and without
# build isolation (which would fetch setuptools unchecked): the locked setuptools builds it.
$(STAMP): pyproject.toml requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# After changing a pin in pyproject.toml or package.json: rewrite both locks. pip's configuration
# files are ignored so the hashes are PyPI's own files, not a local wheel cache's.
lock: $(STAMP) | node
	env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	  $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --all-build-deps --extra test \
	  --strip-extras --output-file requirements.txt pyproject.toml
	npm install --package-lock-only --ignore-scripts --no-audit --no-fund

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

# The Nu Html Checker (npm vnu-jar, in package.json) runs on Java; install Debian's rather than skip
# the markup test (tests/test_html_validity.py).
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Debian's Java for the Nu Html Checker"; \
	  $(APT_INSTALL) default-jre-headless; }

$(NPM_STAMP): package.json package-lock.json | node
	npm ci --ignore-scripts --no-audit --no-fund
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
