"""The document's own case: found in its caption or case header before any citation is read.

"X v. Garland" as the title, "X, Petitioner, v. ...", "In re X" / "Matter of X" at the head,
"Respondent: X" on a cover page. The private party of the own case is the applicant everywhere in the
document, even where the same name later appears in what looks like a citation of the case; only
cited cases make precedent parties. The government party (the Attorney General, DHS, the United
States) is an official."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict

from redactor.detect.cues import RoleRegion
from redactor.detect.legal import Citation
from redactor.detect.wordlists import DATA_DIR
from redactor.yamldata import load_model

HEAD_LINES = 40
TITLE_LINES = 8  # a title "X v. Y" stands among the first lines
SIGNAL = re.compile(r"(?i)(?:see|cf|accord|but|compare|contra|e\.g|see also|see,? e\.g)\b")
HEAD_CHARS = 4000
PARTY = r"[^\n,;()]{2,120}?"
VERSUS = r"\s+(?:v\.?|vs\.?|versus|-v-)\s+"
# a title line, the whole line: "Sunoto v. Gonzales" (a line "X v. Y, 512 F.3d 101." is a citation)
TITLE_CASE = re.compile(rf"^[ \t]*(?P<a>{PARTY}){VERSUS}(?P<b>{PARTY})[ \t]*$", re.M)
# "SUNOTO, Petitioner, v. Alberto GONZALES, Attorney General ..., Respondent."
LABELLED = re.compile(
    rf"(?P<a>{PARTY}),?\s*(?:(?:Petitioners?|Appellants?|Plaintiffs?(?:-Appellants?)?|Applicants?|"
    rf"PETITIONERS?|APPELLANTS?|PLAINTIFFS?)[,.]?)\s*(?:v\.?|vs\.?|versus|-v-)\s*(?P<b>{PARTY})[,\n]")
# "In re X", "Matter of X", "IN THE MATTER OF: X" at the head: X is the respondent (the alien)
MATTER = re.compile(
    r"^[ \t]*(?i:in\s+the\s+matter\s+of|matter\s+of|in\s+re)\b\s*:?[ \t]*(?:\n[ \t]*)*"
    r"(?P<a>(?![A-Z]-[A-Z]?-)[^\n,;()]{2,120}?)[ \t]*(?:,|\n|\(|$|[ \t]{3,}|\bin\s+removal|\bRespondent)"
    r"(?![ \t]*\d{1,3}\s+I\s?&\s?N)", re.M)


class PublicParties(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offices: list[str]
    office_holders: list[str]


@cache
def _public_parties() -> tuple[re.Pattern, frozenset[str]]:
    spec = load_model(DATA_DIR / "public_parties.yaml", PublicParties)
    offices = re.compile(r"(?i)\b(?:" + "|".join(spec.offices) + r")\b")
    return offices, frozenset(h.casefold() for h in spec.office_holders)


@dataclass(frozen=True)
class OwnCase:
    private: tuple[tuple[int, int], ...]  # where the own case's private party is named at the head
    public: tuple[tuple[int, int], ...]  # the government party
    citations: tuple[Citation, ...]  # citations of the own case itself (not precedents)

    @property
    def regions(self) -> list[RoleRegion]:
        return ([RoleRegion(s, e, "applicant", True, "caption") for s, e in self.private]
                + [RoleRegion(s, e, "official", False, "caption") for s, e in self.public])


def is_office(party: str) -> bool:
    return bool(_public_parties()[0].search(party))


def is_government(party: str) -> bool:
    """An office, or a party whose last word is the surname of a known office holder."""
    if is_office(party):
        return True
    words = [w.strip(".,*").casefold() for w in party.split()]
    while words and words[-1] in ("jr", "sr", "ii", "iii", "iv", "v"):
        words.pop()  # "Jefferson B. SESSIONS III"
    return bool(words) and words[-1] in _public_parties()[1]


def _party_shaped(party: str) -> bool:
    """A caption party names someone: no digits, and at least one word that could be a name."""
    from redactor.detect.vocabulary import word_class

    if any(c.isdigit() for c in party) or not any(c.isupper() for c in party):
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*", party)
    if len(words) > 8 or sum(w[0].isupper() for w in words) < 0.6 * len(words) \
            or re.search(r"[a-z]{2,}[.!?]\s", party):
        return False  # a sentence that happens to precede "v." ("… See Hong Fei Gao v. Sessions")
    return any(word_class(w) in ("weak", "strong", "place") for w in words) or is_office(party)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "*\"“'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "*.,\"”'"):
        end -= 1
    return start, end


def find_own_case(text: str, citations: list[Citation]) -> OwnCase:
    head_end = min(len(text), HEAD_CHARS)
    lines = 0
    for i, ch in enumerate(text[:head_end]):
        if ch == "\n":
            lines += 1
            if lines >= HEAD_LINES:
                head_end = i
                break
    head = text[:head_end]
    private: list[tuple[int, int]] = []
    public: list[tuple[int, int]] = []

    def add(span: tuple[int, int], public_if) -> None:
        s, e = _trim(text, *span)
        if e - s < 2 or not _party_shaped(text[s:e]):
            return
        # the office may follow the name: "MERRICK B. GARLAND, Attorney General, Respondent"
        office_after = public_if is is_government and is_office(text[e:e + 40].split("\n")[0])
        (public if office_after or public_if(text[s:e]) else private).append((s, e))

    title_lines = "\n".join(text[:head_end].split("\n")[:TITLE_LINES])
    for rx, where in ((TITLE_CASE, title_lines), (LABELLED, head)):
        for m in rx.finditer(where):
            if SIGNAL.match(m.group("a").strip()):
                continue  # "See X v. Garland, 593 U.S. 357": a citation, not the title
            # the petitioner is private unless it is an office ("United States v. X"); the other
            # side is public when it is the government
            add(m.span("a"), is_office)
            add(m.span("b"), is_government)
    for m in MATTER.finditer(head):
        add(m.span("a"), is_office)
    own = tuple(c for c in citations if c.party_spans and any(
        _same_party(text, p, q) for p in c.party_spans for q in private))
    return OwnCase(tuple(sorted(set(private))), tuple(sorted(set(public))), own)


def _same_party(text: str, cited: tuple[int, int], own: tuple[int, int]) -> bool:
    """A cited party span names the own case when it shares the own party's distinctive word."""
    def words(span):
        return {w.casefold() for w in re.findall(r"[^\W\d_]{3,}", text[span[0]:span[1]])}
    return bool(words(cited) & words(own))
