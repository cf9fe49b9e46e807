"""Legal citations with eyecite: reporter citations and statutes to keep, the parties of cited
precedents (public), and the citation spans under which dates are citation years."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from functools import cache

from eyecite import get_citations
from eyecite.tokenizers import AhocorasickTokenizer
from eyecite.models import FullCaseCitation, FullLawCitation, ShortCaseCitation


@dataclass(frozen=True)
class Citation:
    start: int  # the reporter or statute citation, with its pin cite
    end: int
    role: str  # citation | statute
    full_start: int  # the whole citation: case name through the closing parenthetical
    full_end: int
    party_spans: tuple[tuple[int, int], ...] = ()  # where the parties' names stand


def _pin_end(text: str, end: int, pin: str | None) -> int:
    if pin:
        stripped = pin.lstrip(", ")
        at = text.find(stripped, end, end + len(pin) + 4)
        if at != -1:
            return at + len(stripped)
    return end


# eyecite warns about overlapping citations with the text around them: document text must never
# reach a log or the terminal
logging.getLogger("eyecite").setLevel(logging.ERROR)


@cache
def _tokenizer() -> AhocorasickTokenizer:
    # the Aho-Corasick tokenizer finds the same citations as eyecite's default one, several times
    # faster on long documents
    return AhocorasickTokenizer()


def find_citations(text: str) -> list[Citation]:
    found: list[Citation] = []
    for cit in get_citations(text, tokenizer=_tokenizer()):
        if isinstance(cit, (FullCaseCitation, ShortCaseCitation)):
            start, end = cit.span()
            full_start, full_end = cit.full_span()
            meta = cit.metadata
            end = _pin_end(text, end, meta.pin_cite)
            parties = []
            if full_start < start:
                parties.append((full_start, start))
            found.append(Citation(start, end, "citation", min(full_start, start),
                                  max(full_end, end), tuple(parties)))
        elif isinstance(cit, FullLawCitation):
            start, end = cit.span()
            reporter = (cit.groups or {}).get("reporter", "")
            if "§" not in text[start:end] and "." not in reporter:
                continue  # "Proof of Registration No. 519-…": a plain word is not a code
            full_start, full_end = cit.full_span()
            end = _pin_end(text, end, cit.metadata.pin_cite)
            found.append(Citation(start, end, "statute", full_start, max(full_end, end)))
    return found
