# The two commands of the quick start (README): `make demo` and `make test`.
# Both set up a virtual environment in .venv first (Python 3.11+), with the package and its test extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/.installed

demo: setup
	@mkdir -p out
	$(BIN)/sijill extract examples/documents.jsonl --format table
	$(BIN)/sijill ingest examples/documents.jsonl --db out/register.sqlite
	$(BIN)/sijill export --db out/register.sqlite --format acled -o out/events.csv
	$(BIN)/sijill export --db out/register.sqlite --format geojson -o out/events.geojson
	@echo "register: out/register.sqlite; exports: out/events.csv, out/events.geojson"

test: setup
	$(BIN)/sijill kb check
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) out .pytest_cache
