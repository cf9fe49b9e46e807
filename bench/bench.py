"""`make bench`: throughput of the full pipeline (detect + policy + render) against vanilla Presidio
on the same texts in the same run, and linear growth on long documents (chunked past spaCy's
max_length). Prints figures; asserts nothing about time."""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ECHR = ROOT.parent / "shared" / "corpus" / "echr"


def corpus(limit: int) -> list[str]:
    files = sorted(ECHR.glob("*.txt"))[:limit] if ECHR.is_dir() else []
    if not files:
        files = sorted((ROOT / "sample_docs").glob("*.txt"))
        files = [f for f in files if not f.name.endswith(".marked.txt")]
    return [f.read_text(encoding="utf-8") for f in files]


def vanilla_analyzer(model: str):
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]})
    return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])


def run_pipeline(texts: list[str], policy) -> float:
    from redactor.io import document_from_text
    from redactor.render import render_text
    from redactor.service import plan_documents

    docs = [document_from_text(t, f"bench-{i}") for i, t in enumerate(texts)]
    start = time.perf_counter()
    plans = plan_documents(docs, policy)
    for doc, plan in zip(docs, plans):
        render_text(doc.text, plan)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=40, help="how many ECHR judgments to use")
    args = parser.parse_args()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

    from redactor.detect.engine import get_analyzer
    from redactor.policy import load_policy
    from redactor.settings import get_settings

    model = get_settings().spacy_model
    policy = load_policy("asylum-confidential")
    texts = corpus(args.docs)
    chars = sum(map(len, texts))
    print(f"corpus: {len(texts)} documents, {chars:,} characters; model {model}")

    get_analyzer(model)  # load once, outside the timings
    run_pipeline(texts[:1], policy)  # warm up
    ours = run_pipeline(texts, policy)

    vanilla = vanilla_analyzer(model)
    vanilla.analyze(texts[0][:1000], "en")
    start = time.perf_counter()
    for text in texts:
        vanilla.analyze(text, "en")
    theirs = time.perf_counter() - start

    print(f"pipeline (detect+policy+render): {chars / ours:,.0f} chars/s ({ours:.1f} s)")
    print(f"vanilla Presidio analyze:        {chars / theirs:,.0f} chars/s ({theirs:.1f} s)")
    print(f"ratio pipeline/vanilla: {theirs / ours:.2f}")

    print("long documents (one document each, chunked):")
    joined = "\n\n".join(texts)
    while len(joined) < 1_100_000:
        joined += "\n\n" + joined
    for size in (250_000, 500_000, 1_000_000):
        seconds = run_pipeline([joined[:size]], policy)
        print(f"  {size:>9,} chars: {seconds:6.1f} s, {size / seconds:,.0f} chars/s")


if __name__ == "__main__":
    main()
