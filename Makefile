# The two commands of the quick start (README): `make demo` and `make test`.
# Both set up a virtual environment in .venv first (Python 3.11+), with the package and its test extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo serve test bench clean

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
	@echo "dashboard: run 'make serve' (or '$(BIN)/sijill serve --db out/register.sqlite'), then open http://127.0.0.1:$(PORT)/ (API docs at /docs)"

# The dashboard and API on the demo register (`make demo` first); PORT=8080 make serve for another port.
PORT ?= 8000
serve: setup
	@test -f out/register.sqlite || { echo "no demo register: run 'make demo' first"; exit 1; }
	$(BIN)/sijill serve --db out/register.sqlite --port $(PORT)

test: setup
	$(BIN)/sijill kb check
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) out .pytest_cache
