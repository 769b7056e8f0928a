# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve test lint install services chromium clean bench bench-smoke bench-compare

run: install  ## Set up the embedded hotline (SQLite, no Twilio) and text it from this terminal
	$(BIN)/flask --app app setup
	$(BIN)/flask --app app chat

serve: install  ## Set up and serve the web app (webhooks, admin) on http://127.0.0.1:5000
	$(BIN)/flask --app app setup
	$(BIN)/flask --app app serve

test: install services chromium  ## Set up and run the whole suite on SQLite and PostgreSQL with a real Redis
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2

bench: install services  ## Measure speed on this machine (under 10 min): bench/results/latest.md
	$(BIN)/python -m bench.run

bench-smoke: install services  ## The benchmark harness end to end in seconds, no timing targets
	$(BIN)/python -m bench.run --smoke

bench-compare: install services  ## This checkout's webhook against REV's, in turn: make bench-compare REV=<commit>
	$(BIN)/python -m bench.compare $(REV)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

services:
	bash scripts/services.sh

chromium:
	bash scripts/chromium.sh

clean:
	rm -rf $(VENV) instance .pytest_cache
