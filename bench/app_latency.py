"""`make bench`: the reviewer app's latency on a ~150,000-character document, measured with
Streamlit's AppTest (the script run and its element tree, without a browser's own rendering).

Prints: detection (first open, uncached), the first full render of a new session once detection is
cached (goal < 3 s), the rerun after one decision (goal < 300 ms) with the document tab open and
with the redacted preview open (it renders the whole text again), and moving to the next finding.
Asserts nothing."""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"


def long_text(chars: int) -> str:
    samples = [p for p in sorted((ROOT / "sample_docs").glob("*.txt")) if not p.name.endswith(".marked.txt")]
    parts, total, copy = [], 0, 0
    while total < chars:
        for path in samples:
            body = path.read_text(encoding="utf-8")
            parts.append(f"--- Exhibit {copy + 1}: {path.stem} ---\n\n{body}")
            total += len(parts[-1]) + 2
            copy += 1
    text = "\n\n".join(parts)
    cut = text.rfind("\n\n", 0, chars)
    return text[: cut if cut > chars * 0.9 else chars]


def timed_run(at, action=None) -> float:
    start = time.perf_counter()
    (action() if action else at).run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise SystemExit("the app raised an exception during the benchmark")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=150_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REDACTOR_REVIEW_DB"] = str(Path(tmp) / "review.db")
        from streamlit.testing.v1 import AppTest

        # AppTest outside a server warns once per session about a missing run context: noise here
        logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(lambda _: False)

        from redactor.io import document_from_text
        from redactor.review import ReviewStore

        document = document_from_text(long_text(args.chars), "bench_long_record.txt")
        ReviewStore(os.environ["REDACTOR_REVIEW_DB"]).put_document(document, "bench")

        def session(name: str):
            at = AppTest.from_file(str(APP), default_timeout=600)
            at.run()
            at.text_input(key="reviewer_name").input(name)
            return at

        at = session("bench-0")
        at.button(key="start").click().run()
        detect_s = timed_run(at, at.button(key=f"resume_{document.id}").click)
        progress = at.get("progress")[0].proto.text if at.get("progress") else "?"

        timings: dict[str, list[float]] = {k: [] for k in ("first", "accept", "next", "reject", "preview")}
        for _ in range(args.repeat):
            # a new browser session on the same document: resumes it, detection already cached
            at = session("bench-0")
            timings["first"].append(timed_run(at, at.button(key="start").click))
            if at.get("progress") and "decided" not in at.get("progress")[0].proto.text:
                raise SystemExit("the benchmark session did not open the document")
            timings["accept"].append(timed_run(at, at.button(key="accept").click))
            timings["next"].append(timed_run(at, at.button(key="next").click))
            timings["reject"].append(timed_run(at, at.button(key="reject").click))
            at.session_state["view"] = "Redacted preview"
            at.run()
            timings["preview"].append(timed_run(at, at.button(key="reject").click))

    median = {k: statistics.median(v) for k, v in timings.items()}
    print(f"app latency on a {len(document.text):,}-character document ({progress} at first open), "
          f"AppTest, median of {args.repeat}:")
    print(f"  first open: model load + detection (uncached): {detect_s:7.2f} s")
    print(f"  first full render, detection cached:           {median['first']:7.3f} s   (goal < 3 s)")
    print(f"  rerun after one decision (accept):             {median['accept'] * 1000:7.0f} ms  (goal < 300 ms)")
    print(f"  rerun after one decision (reject):             {median['reject'] * 1000:7.0f} ms  (goal < 300 ms)")
    print(f"  rerun after a reject with the preview open:    {median['preview'] * 1000:7.0f} ms")
    print(f"  rerun after moving to the next finding:        {median['next'] * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
