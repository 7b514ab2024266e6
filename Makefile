# Two commands on a fresh machine with only Python >= 3.11:
#   make run   - create .venv if missing, install, start the app on http://localhost:8501
#   make test  - create .venv if missing, install dev deps, run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Line coverage of geo/ and models/ that `make test` requires (issue 11 §6).
COV_MIN ?= 90

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate
	$(BIN)/streamlit run app.py

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest --cov=geo --cov=models --cov-report=term:skip-covered --cov-fail-under=$(COV_MIN)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/mypy

bench: $(VENV)/.installed-dev
	$(BIN)/python manage.py bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
