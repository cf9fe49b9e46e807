"""A Presidio PatternRecognizer whose patterns may report a named group (`span`) instead of the
whole match, so a label such as "A#" or "passport No." is context, not part of the finding."""

from __future__ import annotations

import re
from typing import Callable, List, Optional

from presidio_analyzer import AnalysisExplanation, Pattern, PatternRecognizer, RecognizerResult


class SpanPatternRecognizer(PatternRecognizer):
    def __init__(
        self,
        name: str,
        entity: str,
        patterns: list[tuple[str, str, float, bool]],
        role: Optional[str] = None,
        validator: Optional[Callable[[str], bool]] = None,
        context: Optional[list[str]] = None,
    ):
        super().__init__(
            supported_entity=entity,
            name=name,
            patterns=[Pattern(n, rx, score) for n, rx, score, _ in patterns],
            context=context or None,
        )
        self.role = role
        self._validator = validator
        self._compiled = [
            (n, re.compile(rx, re.IGNORECASE if ic else 0), score) for n, rx, score, ic in patterns
        ]

    def analyze(self, text: str, entities: List[str], nlp_artifacts=None, regex_flags=None):
        results: list[RecognizerResult] = []
        for pattern_name, regex, score in self._compiled:
            for match in regex.finditer(text):
                group = next(
                    (g for g, v in match.groupdict().items() if g.startswith("span") and v),
                    None,
                )
                start, end = match.span(group) if group else match.span()
                value = text[start:end]
                if start == end or (self._validator and not self._validator(value)):
                    continue
                explanation = AnalysisExplanation(
                    recognizer=self.name,
                    original_score=score,
                    pattern_name=pattern_name,
                    pattern=regex.pattern,
                    validation_result=True if self._validator else None,
                )
                results.append(
                    RecognizerResult(
                        entity_type=self.supported_entities[0],
                        start=start,
                        end=end,
                        score=score,
                        analysis_explanation=explanation,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                            "role": self.role,
                        },
                    )
                )
        return results
