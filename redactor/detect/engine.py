"""Build the Presidio AnalyzerEngine once per process: the spaCy model from settings (NER only),
Presidio's e-mail recognizer (offline), our multilingual date recognizer and our YAML recognizers."""

from __future__ import annotations

import importlib.util
import logging
from functools import cache

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from redactor.detect.generic.dates import MultilingualDateRecognizer
from redactor.detect.generic.email import OfflineEmailRecognizer
from redactor.detect.loader import VALIDATORS, load_recognizer_files
from redactor.detect.span_recognizer import SpanPatternRecognizer
from redactor.errors import ModelError

# spaCy labels → our entity types; everything else the model predicts is ignored.
NER_MAPPING = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "NORP": "NRP",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "ORG": "ORG",
    "DATE": "DATE",
}
NER_ENTITIES = sorted(set(NER_MAPPING.values()))
IGNORED_LABELS = ["CARDINAL", "EVENT", "LANGUAGE", "LAW", "MONEY", "ORDINAL", "PERCENT",
                  "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART", "MISC"]


class NerOnlySpacyEngine(SpacyNlpEngine):
    """Loads the configured model without downloading, and runs only NER (and what NER listens to)."""

    def load(self) -> None:
        self.nlp = {}
        for model in self.models:
            name = model["model_name"]
            if importlib.util.find_spec(name) is None and not spacy.util.is_package(name):
                raise ModelError(
                    f"spaCy model '{name}' is not installed; install it (make install) or set "
                    "REDACTOR_SPACY_MODEL to an installed model"
                )
            nlp = spacy.load(name)
            keep = {"ner"} | {
                pipe_name
                for pipe_name, pipe in nlp.pipeline
                if "ner" in (getattr(pipe, "listening_components", None) or [])
            }
            nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep])
            nlp.max_length = 2_000_000
            self.nlp[model["lang_code"]] = nlp


class NoContextEnhancer(ContextAwareEnhancer):
    """Our patterns carry their context in the regex (labels, lookbehinds) and the NER-only
    pipeline has no lemmas; Presidio's lemma enhancer would only deep-copy every result."""

    def __init__(self):
        super().__init__(context_similarity_factor=0.0, min_score_with_context_similarity=0.0,
                         context_prefix_count=0, context_suffix_count=0)

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        return raw_results


def build_nlp_engine(model_name: str) -> NerOnlySpacyEngine:
    config = NerModelConfiguration(
        model_to_presidio_entity_mapping=NER_MAPPING,
        labels_to_ignore=IGNORED_LABELS,
        default_score=0.85,
    )
    engine = NerOnlySpacyEngine(
        models=[{"lang_code": "en", "model_name": model_name}], ner_model_configuration=config
    )
    engine.load()
    return engine


def yaml_recognizers() -> tuple[list[SpanPatternRecognizer], list]:
    recognizers, retypes = [], []
    for spec_file in load_recognizer_files():
        retypes.extend(spec_file.retype)
        for spec in spec_file.recognizers:
            recognizers.append(
                SpanPatternRecognizer(
                    name=spec.name,
                    entity=spec.entity,
                    patterns=[(p.name, p.regex, p.score, p.ignore_case) for p in spec.patterns],
                    role=spec.role,
                    validator=VALIDATORS.get(spec.validator) if spec.validator else None,
                    context=spec.context,
                )
            )
    return recognizers, retypes


@cache
def get_analyzer(model_name: str) -> AnalyzerEngine:
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    nlp_engine = build_nlp_engine(model_name)
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(SpacyRecognizer(supported_entities=NER_ENTITIES, name="spacy"))
    registry.add_recognizer(OfflineEmailRecognizer())
    registry.add_recognizer(MultilingualDateRecognizer())
    for recognizer in yaml_recognizers()[0]:
        registry.add_recognizer(recognizer)
    # Phone numbers come from our YAML patterns: Presidio's phonenumbers-based recognizer tries every
    # digit run of a legal text (citations, dockets) and costs a fifth of the whole pipeline.
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"],
                          context_aware_enhancer=NoContextEnhancer())


@cache
def get_retypes():
    return tuple(yaml_recognizers()[1])
