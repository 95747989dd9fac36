# The two commands of README.md: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint format messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

# Compiled only when a catalog changed, so that two `make test` at once (CI) never write them while a test reads them.
$(MO_FILES) &: $(PO_FILES) $(VENV)/.installed
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	touch $(MO_FILES)

setup: $(VENV)/.installed $(MO_FILES)

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "Portal: http://$(HOST):$(PORT)/   Editors: http://$(HOST):$(PORT)/admin/ (the logins are listed above)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the catalogs after changing interface text; then translate every new msgid in all three.
messages: setup
	$(BIN)/python manage.py makemessages -l zh_Hans -l en -l my --ignore=.venv --ignore=var --ignore=tests --no-obsolete

clean:
	rm -rf $(VENV) var

# The benchmark behind docs/performance.md: PostgreSQL, gunicorn, wrk on loopback (apt-get install wrk).
bench: setup
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)
