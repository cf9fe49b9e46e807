"""`make bench` (case part): a generated case of 200 documents (about 3 MB) in which one fictional
family appears under many spellings, amid court prose (the shared ECHR corpus if present, else
sample_docs/). Prints detection and linking time for the first 50, 100 and 200 documents (linking
must grow linearly with the case and add at most 15% to detection), and documents/s end to end
(detect, link, policy, write and verify every output, the case log and the index) for one and two
detection workers. Prints figures; asserts nothing."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench import corpus  # noqa: E402

FAMILY = {
    "applicant": ["Oksana Mykolaivna Petrenko", "Oksana Petrenko", "OKSANA PETRENKO", "Oxana Petrenko",
                  "Ms. Petrenko", "PETRENKO", "O. Petrenko", "Oksana"],
    "husband": ["Taras Petrenko", "Taras Ivanovych Petrenko", "Mr. Taras Petrenko", "Taras"],
    "son": ["Danylo Petrenko", "Danylo", "DANYLO PETRENKO"],
    "daughter": ["Sofiia Petrenko", "Sofiia", "Sofia Petrenko"],
    "witness": ["Halyna Moroz", "Ms. Moroz", "Galina Moroz"],
    "persecutor": ["Major Viktor Kravets", "Kravets", "Viktor Kravets"],
}
TEMPLATES = [
    "The applicant, {applicant}, was born on 12 April 1986 in Bakhmut. Her A-number is A204-118-337.",
    "{applicant} told the officer that {persecutor} had threatened her son, {son}, at school.",
    "Her husband, {husband}, was detained on 3 March 2022; {witness} saw the arrest from her window.",
    "In her declaration {applicant} explains that her daughter, {daughter}, was born in 2015.",
    "Counsel for the respondent, Priya Raman-Holt, called {witness} as a witness. Judge Carol Whitfield presided.",
    "The report of Dr. Miriam Castellanos states that {applicant} suffers from post-traumatic stress.",
    "According to the news item, {applicant} and {husband} left {city} in the spring of 2022.",
    "Child: {son} (DOB 05/06/2012). Child: {daughter}. Mother: {applicant}.",
]
CITIES = ["Bakhmut", "Kramatorsk", "Sloviansk"]


def case_texts(count: int, size: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    prose = [p.strip() for text in corpus(127) for p in text.split("\n\n") if len(p.strip()) > 200]
    texts = []
    for _ in range(count):
        parts: list[str] = []
        while sum(map(len, parts)) < size:
            if rng.random() < 0.35:
                template = rng.choice(TEMPLATES)
                values = {role: rng.choice(forms) for role, forms in FAMILY.items()}
                parts.append(template.format(city=rng.choice(CITIES), **values))
            else:
                parts.append(rng.choice(prose))
        texts.append("\n\n".join(parts))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--size", type=int, default=15_000, help="characters per document")
    args = parser.parse_args()

    from redactor.case import case_inputs, detect_case, plan_case, write_case
    from redactor.case.link import link_case
    from redactor.detect.engine import get_analyzer
    from redactor.policy import load_policy
    from redactor.service import OutputOptions
    from redactor.settings import get_settings

    loaded = load_policy("asylum-confidential")
    get_analyzer(get_settings().spacy_model)  # model loading is not detection
    texts = case_texts(args.docs, args.size)
    total = sum(map(len, texts))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "case"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"doc{i:03d}.txt").write_text(text, encoding="utf-8")
        inputs = case_inputs([folder])
        print(f"case: {len(texts)} documents, {total:,} characters ({total / 1e6:.1f} MB)")

        # detection, in steps, so that 50, 100 and 200 documents each have their time
        steps = [n for n in (50, 100, 200) if n <= len(inputs)] or [len(inputs)]
        documents, detect_time, done = [], 0.0, 0
        print(f"{'documents':>9} {'chars':>10} {'detect s':>9} {'link s':>7} {'link/detect':>11} "
              f"{'link µs/char':>12} {'entities':>8}")
        for n in steps:
            start = time.perf_counter()
            more = detect_case(inputs[done:n])
            detect_time += time.perf_counter() - start
            documents.extend(type(d)(done + i, d.rel, d.document, d.findings) for i, d in enumerate(more))
            done = n
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                linked = link_case(documents)
                best = min(best, time.perf_counter() - start)
            chars = sum(len(d.document.text) for d in documents)
            people = sum(1 for e in linked.entities if e.entity_type == "PERSON")
            print(f"{n:>9} {chars:>10,} {detect_time:>9.1f} {best:>7.2f} {best / detect_time:>10.1%} "
                  f"{best / chars * 1e6:>12.2f} {people:>8}")

        # end to end, one and two detection workers (policy, outputs and verification included)
        for workers in (1, 2):
            out = Path(tmp) / f"out{workers}"
            start = time.perf_counter()
            case = plan_case(detect_case(inputs, workers=workers), loaded)
            write_case(case, out, OutputOptions.from_policy(loaded))
            seconds = time.perf_counter() - start
            print(f"end to end, {workers} worker(s): {len(inputs) / seconds:.2f} documents/s, "
                  f"{total / seconds:,.0f} chars/s ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
