"""Policy testing against gold samples: per-type recall and precision of masks, keep spans masked by
mistake, and every leak by location (its text only when asked)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from redactor.gold import GoldDocument, load_gold
from redactor.model import RedactionPlan


@dataclass
class TypeScore:
    gold: int = 0
    caught: int = 0
    predicted: int = 0
    predicted_true: int = 0

    @property
    def recall(self) -> float | None:
        return self.caught / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.predicted_true / self.predicted if self.predicted else None


@dataclass(frozen=True)
class Miss:
    doc: str
    line: int
    column: int
    entity_type: str
    role: str | None
    text: str
    kind: str  # leak | over-redaction


@dataclass
class Evaluation:
    by_type: dict[str, TypeScore] = field(default_factory=lambda: defaultdict(TypeScore))
    keep_total: int = 0
    keep_masked: int = 0
    misses: list[Miss] = field(default_factory=list)
    documents: int = 0

    @property
    def keep_violation_rate(self) -> float:
        return self.keep_masked / self.keep_total if self.keep_total else 0.0

    def recall_of(self, types: tuple[str, ...] | None = None) -> tuple[int, int]:
        """(caught, gold) over the given types, or over every masked gold span."""
        chosen = [s for t, s in self.by_type.items() if types is None or t in types]
        return sum(s.caught for s in chosen), sum(s.gold for s in chosen)


DIRECT_IDS = ("A_NUMBER", "RECEIPT_NUMBER", "DOCKET", "ID_CODE")


def _masked_chars(text: str, plan: RedactionPlan) -> bytearray:
    covered = bytearray(len(text))
    for d in plan.masked:
        covered[d.finding.start:d.finding.end] = b"\x01" * (d.finding.end - d.finding.start)
    return covered


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def score_document(gold: GoldDocument, plan: RedactionPlan, result: Evaluation) -> None:
    text = gold.text
    covered = _masked_chars(text, plan)
    result.documents += 1
    mask_spans = [s for s in gold.spans if s.action == "mask"]
    for span in gold.spans:
        chars = [i for i in range(span.start, span.end) if not text[i].isspace()]
        if span.action == "mask":
            score = result.by_type[span.type]
            score.gold += 1
            if all(covered[i] for i in chars):
                score.caught += 1
            else:
                line, col = _line_col(text, span.start)
                result.misses.append(Miss(gold.doc, line, col, span.type, span.role, span.text, "leak"))
        else:
            result.keep_total += 1
            if any(covered[i] for i in chars):
                result.keep_masked += 1
                line, col = _line_col(text, span.start)
                result.misses.append(
                    Miss(gold.doc, line, col, span.type, span.role, span.text, "over-redaction"))
    for d in plan.masked:
        f = d.finding
        score = result.by_type[f.entity_type]
        score.predicted += 1
        if any(s.start < f.end and f.start < s.end for s in mask_spans):
            score.predicted_true += 1


def gold_files(samples: Path) -> list[Path]:
    return sorted(samples.glob("*.gold.json")) if samples.is_dir() else [samples]


def load_samples(samples: Path) -> list[GoldDocument]:
    return [load_gold(p) for p in gold_files(samples)]
