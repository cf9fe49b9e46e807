"""Stage 2 of detection: recognise. The Presidio analyzer (spaCy NER + our YAML pattern recognizers
+ the multilingual date recognizer) over the normalised text, chunk by chunk through `nlp.pipe`.
It proposes candidates; it decides nothing about what is public."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from redactor.detect.chunking import chunk_text
from redactor.detect.engine import get_analyzer
from redactor.settings import get_settings


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    role: str | None  # a public role the recognizer itself asserts (statute, form, citation, court)


# Each chunk is analysed with this much of its neighbours' text on both sides, so that a pattern
# straddling a cut (a label on one line, the number on the next) is seen whole; a result belongs to
# the chunk in which it starts.
OVERLAP = 400
GAP = re.compile(r"\n[ \t]*\n|[ \t]{3,}")


def recognise(texts: Sequence[str]) -> list[list[Candidate]]:
    settings = get_settings()
    analyzer = get_analyzer(settings.spacy_model)
    pieces = []  # (text index, window offset, own start, own end, window text)
    for i, text in enumerate(texts):
        for offset, chunk in chunk_text(text, settings.chunk_chars):
            lo = max(0, offset - OVERLAP)
            hi = min(len(text), offset + len(chunk) + OVERLAP)
            pieces.append((i, lo, offset, offset + len(chunk), text[lo:hi]))
    found: list[list[Candidate]] = [[] for _ in texts]
    batch = analyzer.nlp_engine.process_batch([p[4] for p in pieces], "en", batch_size=8)
    for (i, lo, own_start, own_end, window), (_, artifacts) in zip(pieces, batch):
        text = texts[i]
        for r in analyzer.analyze(window, "en", nlp_artifacts=artifacts):
            meta = r.recognition_metadata or {}
            start, end = r.start + lo, r.end + lo
            if meta.get("recognizer_name") == "spacy":
                # the model runs over column gaps and blank lines ("March 15, 2023      Decided")
                gap = GAP.search(text, start, end)
                if gap:
                    end = gap.start()
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end or not own_start <= start < own_end:
                continue
            found[i].append(Candidate(start, end, r.entity_type, round(r.score, 3),
                                      meta.get("recognizer_name", "presidio"), meta.get("role")))
    return found
