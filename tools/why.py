"""Developer aid: why was a span found, kept or masked? Prints the candidates, role regions,
public explanations, catch-all decisions and final findings around the n-th occurrence of a
string in a development document (prints document text: development corpora only).

    python tools/why.py ../shared/corpus/asylum-dev/x.txt "Santa Teresa" [--occurrence 0]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from redactor.detect import catchall, pipeline
from redactor.detect.explain import explain
from redactor.detect.normalise import normalise
from redactor.detect.recognise import recognise
from redactor.spans import SpanIndex


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("needle")
    parser.add_argument("--occurrence", type=int, default=0)
    args = parser.parse_args()
    text = normalise(args.path.read_text(encoding="utf-8")).text
    pos = -1
    for _ in range(args.occurrence + 1):
        pos = text.find(args.needle, pos + 1)
    if pos < 0:
        print("not found")
        return 1
    lo, hi = pos, pos + len(args.needle)

    def near(s, e):
        return s < hi + 30 and e > lo - 30

    print("context:", repr(text[max(0, lo - 80):hi + 80]))
    candidates = recognise([text])[0]
    for c in candidates:
        if near(c.start, c.end):
            print(f"  candidate {c.entity_type:9} {c.recognizer:18} {c.role} {text[c.start:c.end]!r}")
    explained = explain(text, candidates)
    for r in explained.regions:
        if near(r.start, r.end):
            print(f"  region    {r.role:15} {r.source:8} seed={r.seed} {text[r.start:r.end]!r}")
    for p in explained.public:
        if near(p.start, p.end):
            print(f"  public    {p.reason:30} {text[p.start:p.end]!r}")
    print(f"  own case  private={[text[s:e] for s, e in explained.own_case.private]} "
          f"public={[text[s:e] for s, e in explained.own_case.public]}")
    typed = SpanIndex((r.start, r.end) for r in candidates
                      if r.entity_type not in ("PERSON", "ORG", "NRP", "LOCATION"))
    for n in catchall.catch_names(text, explained, typed):
        if near(n.start, n.end):
            print(f"  catch-all {n.kind:12} {n.reason:28} {text[n.start:n.end]!r}")
    for f in pipeline.document_pass(text, candidates):
        if near(f.start, f.end):
            print(f"  finding   {f.entity_type:9} {f.entity_id:11} {str(f.role):15} [{f.recognizer}] "
                  f"{f.explanation[:70]!r} {text[f.start:f.end]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
