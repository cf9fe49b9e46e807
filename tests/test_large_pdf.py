"""A 500-page text PDF redacted end to end in a separate process: the pages are read, redacted and
verified one at a time, so the peak memory stays bounded (a memory bound, not a timing test)."""

from __future__ import annotations

import sys

import fitz

from tests.docbuild import _FIRST, _LAST, long_pdf, pdftotext, run_measured

PAGES = 500
PEAK_BOUND = 1.5 * 1024**3  # generous: the spaCy model and MuPDF alone take ~0.4 GB


def test_500_page_pdf_peak_memory(tmp_path):
    source = long_pdf(tmp_path / "hearing_record.pdf", PAGES)
    out = tmp_path / "out"
    code, stdout, stderr, peak, seconds = run_measured(
        [sys.executable, "-m", "redactor.cli", "redact", source, "--out", out])
    print(f"\n{PAGES}-page PDF: peak RSS {peak / 1024**2:.0f} MB, {seconds:.1f} s "
          f"({PAGES / seconds:.1f} pages/s) in a subprocess")
    assert code == 0, (stdout + stderr)[-2000:]
    [redacted] = out.glob("*.redacted.pdf")
    with fitz.open(redacted) as pdf:
        assert pdf.page_count == PAGES
    text = pdftotext(redacted)
    assert text.count("Department of Homeland Security") == PAGES  # kept on every page
    survivors = [name for name in _FIRST + _LAST if name in text]
    assert not survivors, survivors
    assert "A20100" not in text and "A2010" not in text
    assert peak < PEAK_BOUND, f"peak RSS {peak / 1024**2:.0f} MB"
