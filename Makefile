# make demo  - install into .venv, then run the demo on ../shared (or DEMO_CORPUS=folder)
# make test  - install into .venv, then lint, type-check and run the tests
# make fonts - install the CJK font charts need (fonts-noto-cjk, with apt-get as root)
VENV ?= .venv
PYTHON ?= python3
SHARED ?= ../shared
DEMO_CORPUS ?=
DEMO_OUT ?= demo-out
STAMP := $(VENV)/.installed

.PHONY: install test demo lint typecheck bench clean fonts fontcheck

# the test extra pulls the optional extras too (server, pdf, postgres): demo and tests use them
$(STAMP): pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

lint: install
	$(VENV)/bin/ruff check policyscope tests bench

# mypy over the package with check_untyped_defs ([tool.mypy] in pyproject.toml)
typecheck: install
	$(VENV)/bin/python -m mypy

test: install lint typecheck fontcheck
	$(VENV)/bin/python -m pytest -q -rs

# Charts (and the report tests that draw them) need a Noto CJK font. Without one, `make test`
# skips those tests with the reason (CI=true makes them fail instead: .ci/run installs it).
HAVE_CJK_FONT = fc-list 2>/dev/null | grep -q 'Noto S[a-z]* CJK'

fontcheck:
	@$(HAVE_CJK_FONT) || echo "note: no Noto CJK font; the chart tests will be skipped (run 'make fonts' or apt-get install fonts-noto-cjk)"

fonts:
	@if $(HAVE_CJK_FONT); then echo "a Noto CJK font is installed"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  apt-get install -y -q --no-install-recommends fonts-noto-cjk; \
	else echo "cannot install fonts-noto-cjk here (needs apt-get as root): run 'sudo apt-get install fonts-noto-cjk'"; exit 1; fi

demo: install
	$(VENV)/bin/policyscope demo --out $(DEMO_OUT) --shared $(SHARED) $(if $(DEMO_CORPUS),--corpus $(DEMO_CORPUS),)

bench: install
	$(VENV)/bin/python bench/ingest.py
	$(VENV)/bin/python bench/query.py

clean:
	rm -rf $(DEMO_OUT) .pytest_cache .mypy_cache build *.egg-info
