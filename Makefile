# Infimate — one entry point for every routine task. See README.md.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
DEMO := data/demo

.PHONY: run test check demo bench venv devdeps browser java spark fmt clean screenshots

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null

$(VENV)/.runtime: requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install -c constraints.txt -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt constraints.txt $(VENV)/.runtime
	$(BIN)/pip install -c constraints.txt -r requirements-dev.txt
	touch $@

# the optional Spark job (python -m infimate spark-tag): pyspark (~450 MB download) in the venv
$(VENV)/.spark: requirements-spark.txt requirements.txt constraints.txt $(VENV)/.runtime
	$(BIN)/pip install -c constraints.txt -r requirements-spark.txt
	touch $@

venv: $(VENV)/.runtime

devdeps: $(VENV)/.dev

$(DEMO)/manifest.json: | $(VENV)/.runtime
	$(BIN)/python -m infimate demo --out $(DEMO)

demo: $(VENV)/.runtime
	$(BIN)/python -m infimate demo --out $(DEMO)

run: $(VENV)/.runtime $(DEMO)/manifest.json
	$(BIN)/streamlit run app.py --server.headless true --server.port $(PORT) --browser.gatherUsageStats false

browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh 2>/dev/null | grep -q . \
	     || ! fc-list 2>/dev/null | grep -qi emoji; then \
	  echo "installing Debian chromium + CJK and emoji fonts (see DEVELOPERS.md)"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
	    chromium chromium-driver fonts-wqy-microhei fonts-noto-color-emoji; \
	fi

# a Java runtime for Spark (17+; Debian's default JRE) when none is on PATH
java:
	@if ! command -v java >/dev/null 2>&1; then \
	  echo "installing a Java runtime for the Spark tests (default-jre-headless)"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y default-jre-headless; \
	fi

spark: $(VENV)/.spark java

# CI runs this on a fresh clone: the type check, then every test (unit, doctests, AppTest,
# browser, Spark in local mode)
test: $(VENV)/.dev browser spark $(DEMO)/manifest.json
	$(BIN)/mypy
	$(BIN)/python -m pytest

# refresh the README screenshots (docs/screenshots) from the browser suite's pages
screenshots: $(VENV)/.dev browser
	INFIMATE_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/e2e/test_pages.py

fmt: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# before every commit: format, lint, types (strict on infimate/ but ui/), doctests + unit tests
# (the browser target brings the CJK font the PDF report tests need, and Chromium for kaleido)
check: $(VENV)/.dev browser
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not e2e"

# runs every benchmark but scale and saves its JSON in bench/results/
bench: $(VENV)/.runtime $(DEMO)/manifest.json
	$(BIN)/python -m infimate bench --save

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
