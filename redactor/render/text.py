"""Redacted text through presidio-anonymizer: every masked decision is one operation with the plan's
own replacement, so the output is exactly what the plan (and the review preview) says. Long texts
are rendered piece by piece (cut between decisions), which keeps the cost linear."""

from __future__ import annotations

from functools import cache

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from redactor.model import Decision, RedactionPlan

PIECE = 20_000  # characters per anonymizer call


@cache
def _engine() -> AnonymizerEngine:
    return AnonymizerEngine()


def _constant(value: str):
    return lambda _original: value


def _render_piece(text: str, offset: int, decisions: list[Decision]) -> str:
    if not decisions:
        return text
    results, operators = [], {}
    for number, decision in enumerate(decisions):
        key = f"D{number}"  # one operator per decision: replacements differ per span
        f = decision.finding
        results.append(RecognizerResult(entity_type=key, start=f.start - offset, end=f.end - offset, score=1.0))
        # `custom` rather than `replace`: replace turns an empty value into "<D0>"
        operators[key] = OperatorConfig("custom", {"lambda": _constant(decision.replacement or "")})
    return _engine().anonymize(text=text, analyzer_results=results, operators=operators).text


def render_text(text: str, plan: RedactionPlan) -> str:
    masked = sorted(plan.masked, key=lambda d: d.finding.start)
    if not masked:
        return text
    out, piece_start, batch = [], 0, []
    for decision in masked:
        f = decision.finding
        if batch and f.start - piece_start > PIECE:
            cut = batch[-1].finding.end  # cut after the last decision of this piece
            out.append(_render_piece(text[piece_start:cut], piece_start, batch))
            piece_start, batch = cut, []
        batch.append(decision)
    out.append(_render_piece(text[piece_start:], piece_start, batch))
    return "".join(out)
