# Qinqing: `make run` starts the embedded system, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench bench-export bench-tickets e2e browser-deps clean translations screenshots

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/qinqing run --host $(HOST) --port $(PORT)

# Chromium comes from Debian's package; Playwright drives it through executable_path.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-microhei) \
	  || echo "chromium could not be installed: browser tests will skip (fail with REQUIRE_SERVICES=1)"; }

test: $(STAMP) browser-deps
	$(BIN)/pytest $(PYTEST_ARGS)

e2e: $(STAMP)
	REQUIRE_SERVICES=1 $(BIN)/pytest tests/e2e -q

# Screenshots of the real pages for the README (embedded run, Debian's Chromium).
screenshots: $(STAMP) browser-deps
	$(BIN)/python -m scripts.screenshots --out docs/screenshots

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench.thin_slice

# A form's XLSX/CSV export of 100,000 submissions next to XlsxWriter alone (ROWS=, ROUNDS=).
bench-export: $(STAMP)
	$(BIN)/python -m bench.export_submissions $(if $(ROWS),--rows $(ROWS)) $(if $(ROUNDS),--rounds $(ROUNDS))

# Tickets opened and routed through workflow's event path next to a bare insert of the same
# rows, on SQLite and PostgreSQL (TICKETS= per round, ROUNDS=, DATABASES=sqlite,postgresql).
bench-tickets: $(STAMP)
	$(BIN)/python -m bench.tickets $(if $(TICKETS),--tickets $(TICKETS)) $(if $(ROUNDS),--rounds $(ROUNDS)) $(if $(DATABASES),--databases $(DATABASES))

clean:
	rm -rf var .pytest_cache

# Extract user-facing text, merge it into the zh-CN catalogue, compile it.
translations: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k _ -k gettext -k lazy_gettext -k _l -k N_ -o shared/web/translations/messages.pot .
	test -f shared/web/translations/zh_Hans_CN/LC_MESSAGES/messages.po \
	  || $(BIN)/pybabel -q init -i shared/web/translations/messages.pot -d shared/web/translations -l zh_Hans_CN
	$(BIN)/pybabel -q update -i shared/web/translations/messages.pot -d shared/web/translations -l zh_Hans_CN --no-fuzzy-matching
	$(BIN)/pybabel -q compile -d shared/web/translations -l zh_Hans_CN
