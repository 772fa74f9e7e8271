# make demo  - install into .venv, then run the demo on ../shared (or DEMO_CORPUS=folder)
# make test  - install into .venv, then lint and run the tests
VENV ?= .venv
PYTHON ?= python3
SHARED ?= ../shared
DEMO_CORPUS ?=
DEMO_OUT ?= demo-out
STAMP := $(VENV)/.installed

.PHONY: install test demo lint bench clean

$(STAMP): pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

lint: install
	$(VENV)/bin/ruff check policyscope tests bench

test: install lint
	$(VENV)/bin/python -m pytest -q -rs

demo: install
	$(VENV)/bin/policyscope demo --out $(DEMO_OUT) --shared $(SHARED) $(if $(DEMO_CORPUS),--corpus $(DEMO_CORPUS),)

bench: install
	$(VENV)/bin/python bench/ingest.py
	$(VENV)/bin/python bench/query.py

clean:
	rm -rf $(DEMO_OUT) .pytest_cache build *.egg-info
