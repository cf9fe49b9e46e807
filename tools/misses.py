"""Developer aid: every leak and over-redaction of a policy on a gold folder, with context and the
finding (recognizer, explanation) behind each over-redaction. Prints document text: run it only on
development corpora, never on real records.

    python tools/misses.py asylum-confidential ../shared/corpus/asylum-dev [--only leak|over] [--doc NAME]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from redactor.evaluate import load_samples
from redactor.io import document_from_text
from redactor.policy import load_policy
from redactor.service import plan_documents


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("policy")
    parser.add_argument("samples", type=Path)
    parser.add_argument("--only", choices=("leak", "over"))
    parser.add_argument("--doc")
    args = parser.parse_args()
    loaded = load_policy(args.policy)
    totals = {"mask": 0, "caught": 0, "keep": 0, "over": 0}
    for gold in load_samples(args.samples):
        if args.doc and args.doc not in gold.doc:
            continue
        document = document_from_text(gold.text, gold.doc)
        plan = plan_documents([document], loaded)[0]
        text = gold.text
        covered = bytearray(len(text))
        owner = {}
        for d in plan.masked:
            f = d.finding
            for i in range(f.start, f.end):
                covered[i] = 1
                owner[i] = f
        for span in gold.spans:
            chars = [i for i in range(span.start, span.end) if not text[i].isspace()]
            ctx = text[max(0, span.start - 40):span.end + 40].replace("\n", "⏎")
            if span.action == "mask":
                totals["mask"] += 1
                if all(covered[i] for i in chars):
                    totals["caught"] += 1
                elif args.only != "over":
                    print(f"LEAK {gold.doc[:24]} {span.type}/{span.role} {span.text!r}  …{ctx}…")
            else:
                totals["keep"] += 1
                hit = [owner[i] for i in chars if covered[i]]
                if hit:
                    totals["over"] += 1
                    if args.only != "leak":
                        f = hit[0]
                        print(f"OVER {gold.doc[:24]} {span.type}/{span.role} {span.text!r} by "
                              f"{f.entity_type}/{f.role} [{f.recognizer}] {f.explanation[:60]!r}  …{ctx}…")
    print(f"mask recall {totals['caught'] / max(1, totals['mask']):.3f} ({totals['caught']}/{totals['mask']}), "
          f"keep masked {totals['over'] / max(1, totals['keep']):.3f} ({totals['over']}/{totals['keep']})",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
