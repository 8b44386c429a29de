# Foedus: `make run` to run everything, `make test` to test everything.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
FOEDUS := $(VENV)/bin/foedus
PYTHON ?= python3
SHARED ?= ../shared

.PHONY: install neo4j run stop test test-reliability score bench lint clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

neo4j: install  ## start the local Neo4j (nothing when NEO4J_URI is set)
	$(FOEDUS) neo4j start

run: neo4j  ## Neo4j up, the sample corpus loaded, the API on 127.0.0.1:8000
	$(FOEDUS) load corpus
	@echo "API docs:      http://127.0.0.1:8000/docs"
	@echo "Neo4j Browser: http://127.0.0.1:7474/browser/  (user neo4j, password in .foedus/neo4j-main/password)"
	$(FOEDUS) serve

stop:  ## stop the local Neo4j servers (main and test)
	-$(FOEDUS) neo4j stop
	-FOEDUS_LOCAL_INSTANCE=test FOEDUS_LOCAL_BOLT_PORT=7688 FOEDUS_LOCAL_HTTP_PORT=7475 $(FOEDUS) neo4j stop

test: install  ## the whole test suite against a real (test) Neo4j, then the extraction ratchet
	$(PY) -m pytest
	$(MAKE) score

score: install  ## score the extractor on the visible gold files; fail below the recorded floor
	$(PY) tools/extraction_ratchet.py --shared $(SHARED)

test-reliability: install  ## the long crash tests (kill -9 mid-load)
	$(PY) -m pytest -m reliability

bench: install  ## benchmarks; results in bench/README.md
	$(PY) -m bench.run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy foedus graph ontology loaders api

clean:
	rm -rf $(VENV) .foedus graph/neo4j/target
