"""Document throughput and memory: pages/second for text PDFs and for scanned (OCRed) pages, each
through the whole pipeline (read → detect → policy → render → verification, which is always on),
and the peak memory of a 500-page text PDF redacted in a separate process. Prints figures; asserts
nothing. The PDFs are built from sample_docs/ when the benchmark runs.

    python bench/documents.py [--text-pages 50] [--scan-pages 6] [--long-pages 500]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.docbuild import long_pdf, run_measured, scan_pdf, text_pdf  # noqa: E402

POLICY = "asylum-confidential"


def sample_texts() -> list[str]:
    files = sorted(p for p in (ROOT / "sample_docs").glob("*.txt") if not p.name.endswith(".marked.txt"))
    return [p.read_text(encoding="utf-8") for p in files]


def sample_pdf(path: Path, pages: int) -> Path:
    """`pages` pages of real sample documents (repeated as needed), each starting on a new page."""
    import fitz

    texts = sample_texts()
    chunk: list[str] = []
    while True:
        chunk.extend(texts)
        _, doc = text_pdf("\n\f".join(chunk), save=False)
        if doc.page_count >= pages:
            break
        doc.close()
    doc.select(list(range(pages)))
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    with fitz.open(path) as check:
        assert check.page_count == pages
    return path


def timed_redaction(path: Path, out: Path, policy) -> tuple[float, str]:
    """Seconds for one redaction, and a note: spans masked, or why the document failed (a failed
    verification costs the same time, and is worth seeing in a benchmark too)."""
    from redactor.errors import RedactorError
    from redactor.service import redact_file

    start = time.perf_counter()
    try:
        outcome = redact_file(path, policy, out)
        note = f"{len(outcome.plan.masked)} spans masked"
    except RedactorError as exc:
        note = f"FAILED: {str(exc).replace(str(path), path.name)}"
    return time.perf_counter() - start, note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-pages", type=int, default=50)
    parser.add_argument("--scan-pages", type=int, default=6)
    parser.add_argument("--long-pages", type=int, default=500)
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    from redactor.policy import load_policy

    policy = load_policy(POLICY)
    with tempfile.TemporaryDirectory(prefix="redactor-bench-") as tmp:
        tmp = Path(tmp)
        # warm up: load the spaCy model and Presidio once, outside the timings
        warm = tmp / "warm.pdf"
        text_pdf("The applicant Amir Karimi, A-Number A 221-904-376, testified.", warm)
        timed_redaction(warm, tmp / "warm-out", policy)

        source = sample_pdf(tmp / "text.pdf", args.text_pages)
        seconds, note = timed_redaction(source, tmp / "text-out", policy)
        print(f"text PDF     {args.text_pages:4d} pages  {seconds:7.2f} s  "
              f"{args.text_pages / seconds:6.2f} pages/s  (verification included; {note})")

        scan_source = sample_pdf(tmp / "scan-source.pdf", args.scan_pages)
        scan = scan_pdf(scan_source, tmp / "scan.pdf", dpi=args.dpi)
        seconds, note = timed_redaction(scan, tmp / "scan-out", policy)
        print(f"scanned PDF  {args.scan_pages:4d} pages  {seconds:7.2f} s  "
              f"{args.scan_pages / seconds:6.2f} pages/s  ({args.dpi} dpi, OCR on read and again "
              f"on verification; {note})")

        for pages in (5, args.long_pages):
            path = long_pdf(tmp / f"long-{pages}.pdf", pages)
            code, _, stderr, peak, seconds = run_measured(
                [sys.executable, "-m", "redactor.cli", "redact", path, "--out", tmp / f"long-{pages}-out",
                 "--policy", POLICY])
            status = "" if code == 0 else f"  FAILED: {stderr.strip().splitlines()[-1:]}"
            print(f"long PDF     {pages:4d} pages  {seconds:7.2f} s  {pages / seconds:6.2f} pages/s  "
                  f"peak RSS {peak / 1024**2:6.0f} MB (separate process, model load included){status}")


if __name__ == "__main__":
    main()
