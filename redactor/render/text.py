"""Redacted text through presidio-anonymizer: every masked decision is one `replace` operation with
the plan's own replacement, so the output is exactly what the plan (and the review preview) says."""

from __future__ import annotations

from functools import cache

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from redactor.model import RedactionPlan


@cache
def _engine() -> AnonymizerEngine:
    return AnonymizerEngine()


def _constant(value: str):
    return lambda _original: value


def render_text(text: str, plan: RedactionPlan) -> str:
    masked = plan.masked
    if not masked:
        return text
    results = []
    operators = {}
    for number, decision in enumerate(masked):
        key = f"D{number}"  # one operator per decision: replacements differ per span
        f = decision.finding
        results.append(RecognizerResult(entity_type=key, start=f.start, end=f.end, score=1.0))
        # `custom` rather than `replace`: replace turns an empty value into "<D0>"
        operators[key] = OperatorConfig("custom", {"lambda": _constant(decision.replacement or "")})
    return _engine().anonymize(text=text, analyzer_results=results, operators=operators).text
