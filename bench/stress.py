"""`make bench`: the generated stress tests of issue 8 at full size, with the tables behind the
sampled assertions in tests/stress/. Names drawn from names-dataset (3,000 private mentions by
default, 69 countries, 60 templates), identifiers in 45 formats beside public numbers, and the
adversarial spellings; every figure counts a private mention caught only when all its non-space
characters are masked (`redactor test-policy`'s rule) and a public one kept only when none is.

    python bench/stress.py [--seed 8] [--mentions 3000] [--identifiers 1200] [--public 600]

Prints generated names and numbers in the failure examples (drawn from the dataset at run time,
never stored). Prints figures; asserts nothing."""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.stress import adversarial, score  # noqa: E402
from tests.stress.corpus import build_name_corpus, build_number_corpus  # noqa: E402
from tests.stress.score import Outcome, Result  # noqa: E402


def headline(label: str, outcomes: list[Outcome], target: float) -> str:
    good, total, r = score.rate(outcomes)
    letters = ""
    if outcomes and outcomes[0].span.private:
        readable = sum(o.alnum_left > 0 for o in outcomes)
        letters = f"; {readable} with letters or digits left readable (the rest: separators only)"
    mark = "ok" if r >= target else "BELOW TARGET"
    return f"{label}: {r:.3f} ({good} of {total}), target {target}: {mark}{letters}"


def tables(result: Result, outcomes: list[Outcome], keys: dict, target: float, examples: int) -> None:
    for title, key in keys.items():
        print()
        print(score.table(result, outcomes, key, title, target, examples=examples, why=True, label=True))


def names_part(args) -> None:
    from tests.stress.names import name_pool

    start = time.perf_counter()
    try:
        pool = name_pool()
    except ImportError:
        print("names: names-dataset is not installed; skipped")
        return
    loaded = time.perf_counter() - start
    corpus = build_name_corpus(pool, args.seed, args.mentions)
    start = time.perf_counter()
    result = score.run(corpus)
    took = time.perf_counter() - start
    private, public = result.private(), result.public()
    chars = sum(map(len, corpus.texts))
    print("=" * 100)
    print(f"NAMES: {len(corpus.texts)} documents, {chars:,} characters, {len(private)} private mentions, "
          f"{len(public)} public; {len({s.country for s in corpus.spans if s.private})} countries, "
          f"{len({s.cls for s in corpus.spans if s.private})} private templates "
          f"(names-dataset loaded in {loaded:.1f} s; detection {took:.1f} s)")
    print(headline("PERSON recall", private, score.PERSON_RECALL))
    print(headline("public names kept", public, score.PUBLIC_NAMES_KEPT))
    print(f"  private mentions whose words are all outside the detector's rank<=3000 artefact: "
          f"{sum(not o.span.in_artefact for o in private)}")
    tables(result, private, {
        "PERSON recall by template": lambda s: s.cls,
        "by template category": lambda s: s.group,
        "by name form": lambda s: s.form,
    }, score.PERSON_RECALL, args.examples)
    # which names fail: leave out the templates that fail whatever the name, so that what remains
    # says something about the names themselves
    template_recall = {name: score.rate(group)[2] for name, group in score.by(private, lambda s: s.cls).items()}
    steady = [o for o in private if template_recall[o.span.cls] >= 0.9]
    left_out = sorted(name for name, r in template_recall.items() if r < 0.9)
    print(f"\nBY NAME, in the {len(steady)} mentions of templates with recall >= 0.9 "
          f"(left out: {', '.join(left_out) or 'none'}); the example line shows the template")
    tables(result, steady, {
        "by rank band of the rarest word shown (top <= 500 < mid <= 3000 < rare)": lambda s: s.band,
        "by the detector's artefact (rank <= 3000 in some country)":
            lambda s: "in artefact" if s.in_artefact else "not in artefact",
        "by kind of word (common English word, place name)": lambda s: ",".join(s.tags) or "plain",
        "by country": lambda s: s.country,
    }, score.PERSON_RECALL, args.examples)
    tables(result, public, {"public names kept, by template": lambda s: s.cls}, score.PUBLIC_NAMES_KEPT,
           args.examples)


def numbers_part(args) -> None:
    corpus = build_number_corpus(args.seed, args.identifiers, args.public)
    start = time.perf_counter()
    result = score.run(corpus)
    took = time.perf_counter() - start
    private, public = result.private(), result.public()
    print("=" * 100)
    print(f"NUMBERS: {len(corpus.texts)} documents, {sum(map(len, corpus.texts)):,} characters, "
          f"{len(private)} identifiers in {len({o.span.cls for o in private})} formats, {len(public)} public numbers "
          f"in {len({o.span.cls for o in public})} kinds (detection {took:.1f} s)")
    print(headline("identifier recall", private, score.IDENTIFIER_RECALL))
    print(headline("public numbers kept", public, score.PUBLIC_NUMBERS_KEPT))
    tables(result, private, {"identifier recall by format": lambda s: s.cls,
                             "by family": lambda s: s.group}, score.IDENTIFIER_RECALL, args.examples)
    tables(result, public, {"public numbers kept, by kind": lambda s: s.cls}, score.PUBLIC_NUMBERS_KEPT,
           args.examples)
    citations = [o for o in public if o.span.cls.startswith("cite_")]
    tables(result, citations, {"case citations kept, by where the sentence stands (opening its line, or "
                               "after prose on the line)": lambda s: ",".join(s.tags)},
           score.PUBLIC_NUMBERS_KEPT, args.examples)


def adversarial_part(args) -> None:
    rng = random.Random(args.seed)
    variants = {**adversarial.VARIANTS, **adversarial.EXTRA_VARIANTS}
    groups = [("numbers", adversarial.number_cases(rng, args.adversarial, variants))]
    try:
        from tests.stress.names import name_pool

        groups.insert(0, ("names", adversarial.name_cases(name_pool(), rng, args.adversarial, variants)))
    except ImportError:
        print("adversarial names: names-dataset is not installed; skipped")
    print("=" * 100)
    print("ADVERSARIAL SPELLINGS (homoglyph: reported only, nothing claims to handle it)")
    for label, cases in groups:
        plain, written = (score.run(c) for c in adversarial.corpora(cases))
        print(f"\n{label}: {'variant':18} {'plain ok':>9} {'written ok':>11} {'lost by the variant':>20}")
        for variant in variants:
            rows = [(c, p, w) for c, p, w in zip(cases, plain.outcomes, written.outcomes) if c.variant == variant]
            if not rows:
                continue
            lost = [(c, w) for c, p, w in rows if p.ok and not w.ok]
            print(f"{'':9}{variant:18} {sum(p.ok for _, p, _ in rows):5d}/{len(rows):<3d} "
                  f"{sum(w.ok for _, _, w in rows):7d}/{len(rows):<3d} {len(lost):12d}")
            for c, w in lost[:args.examples]:
                print(f"{'':12}{c.written!r}: {written.shown(w)}  ({w.alnum_left} letters/digits readable)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--mentions", type=int, default=3000, help="private name mentions (issue: >= 2,000)")
    parser.add_argument("--identifiers", type=int, default=1200, help="identifiers (issue: >= 1,000)")
    parser.add_argument("--public", type=int, default=600, help="public numbers (issue: >= 300)")
    parser.add_argument("--adversarial", type=int, default=30, help="cases per adversarial variant")
    parser.add_argument("--examples", type=int, default=2, help="failures shown per class")
    parser.add_argument("--only", choices=["names", "numbers", "adversarial"])
    args = parser.parse_args()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    # eyecite warns about overlapping citations with the text around them: no document text here
    logging.getLogger("eyecite").setLevel(logging.ERROR)
    start = time.perf_counter()
    for part, run in (("names", names_part), ("numbers", numbers_part), ("adversarial", adversarial_part)):
        if args.only in (None, part):
            run(args)
    print(f"\nstress bench: {time.perf_counter() - start:.0f} s in all (seed {args.seed})")


if __name__ == "__main__":
    main()
