"""External check on the Text Anonymization Benchmark (TAB) gold in ../shared/corpus/tab: mask the
five ECHR judgments with a policy, write TAB predictions, and print TAB's privacy metrics with the
benchmark's own scorer. A sanity check on foreign legal prose, not a target to tune to."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAB = ROOT.parent / "shared" / "corpus" / "tab"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--policy", default="asylum-confidential")
    args = parser.parse_args()
    gold_path = TAB / "echr_test_first5_reconstructed.json"
    if not gold_path.exists():
        print("TAB gold not found (../shared/corpus/tab); nothing to score")
        return 0

    from redactor.io import document_from_text
    from redactor.policy import load_policy
    from redactor.service import plan_documents

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    docs = [document_from_text(g["text"], g["doc_id"]) for g in gold]
    plans = plan_documents(docs, load_policy(args.policy))
    with tempfile.TemporaryDirectory() as tmp:
        preds = Path(tmp) / "preds.jsonl"
        with preds.open("w", encoding="utf-8") as out:
            for doc, plan in zip(docs, plans):
                spans = [{"start": _with_title(doc.text, d.finding), "end": d.finding.end,
                          "label": d.finding.entity_type} for d in plan.masked]
                out.write(json.dumps({"doc_id": doc.source, "spans": spans}) + "\n")
        return subprocess.call([sys.executable, str(TAB / "tab_eval.py"), str(gold_path), str(preds)])


TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+$")


def _with_title(text: str, finding) -> int:
    """TAB's annotators include a title in a person's mention ("Mr Kamil Prus"); Redactor leaves it
    readable ("Mr [PERSON-1]"). The predictions follow TAB's convention so that a title is not
    scored as a leak; nothing else changes."""
    if finding.entity_type != "PERSON":
        return finding.start
    m = TITLE.search(text[max(0, finding.start - 6):finding.start])
    return finding.start - (len(m.group()) if m else 0)


if __name__ == "__main__":
    sys.exit(main())
