"""Stage 4 of detection: the fail-closed catch-alls. What no recognizer identified and no explainer
made public is masked here, with a reason, and always shown to the reviewer first.

- numbers: every run of three or more digits, alone or mixed with letters, separators or spaces
  ("SRC 21 902 48816", "0427/PNH/CS/21", "V-18.456.732"), unless explained; typed A_NUMBER where the
  record has A-numbers and the run is 8 or 9 digits (or a rider's shorthand right after one), DATE
  where it is a bare year, ID_CODE otherwise ("unexplained number");
- names: every capitalised or ALL-CAPS word that is not a common word of the document's languages
  (wordfreq), a month, a legal term, a title, a known public body, a country or a group word is a
  name candidate. A run of candidates, a candidate after a title or a label, or an unknown word on
  its own becomes a person seed; a run that ends in an organisation word is an organisation; a run
  that is a known place or is followed by a place word is a location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redactor.detect.explain import Explanations
from redactor.detect.names import Seed
from redactor.detect import vocabulary as vocab
from redactor.detect.vocabulary import INITIALS_TOKEN, word_class
from redactor.model import FAIL_CLOSED_PREFIX, Finding
from redactor.spans import SpanIndex

# ---- numbers ----------------------------------------------------------------------------------

NUMBER_TOKEN = re.compile(r"[^\W_]+(?:[-./:#][^\W_]+)*")
NUMBER_SIGN = re.compile(r"^(?:No|NO|Nº|N°|Nr|Nro)$")
PREFIX = re.compile(r"^(?:[A-Z]{1,4}|[А-ЯЁІЇЄҐ]{1,4})$")
A_NUMBER_SHAPE = re.compile(r"^A?[-\s.#]*(?:\d[-\s.]?){7,8}\d$")
YEAR = re.compile(r"^(?:1[3-4]\d{2}|19\d{2}|20\d{2})$")
RIDER_WINDOW = 24


@dataclass(frozen=True)
class NumberRun:
    start: int
    end: int
    digits: int


def _number_runs(text: str) -> list[list[tuple[int, int]]]:
    """Groups of tokens that carry digits, chained by single spaces, with a short capital prefix
    ("SRC 21 902 48816", "A 240 118 555", "LIN 21 904 51234")."""
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []

    def flush() -> None:
        if any(c.isdigit() for s, e in current for c in text[s:e]):
            groups.append(list(current))

    prev_end = -2
    for m in NUMBER_TOKEN.finditer(text):
        token = m.group()
        adjacent = m.start() == prev_end + 1 and (text[prev_end] == " " or (
            text[prev_end] == "\n" and len(current) == 1 and PREFIX.match(text[current[0][0]:current[0][1]])))
        # a prefix left at a line's end joins the digits on the next line ("ZLA\n2010228140")
        if any(c.isdigit() for c in token):
            if not adjacent:
                flush()
                current = []
            current.append(m.span())
        elif adjacent and NUMBER_SIGN.match(token) and current and all(
                PREFIX.match(text[a:b]) for a, b in current):
            current.append(m.span())  # "МН № 456123" (№ reads "No"): the sign joins a series to its number
        else:
            flush()
            current = [m.span()] if PREFIX.match(token) else []
        prev_end = m.end()
    flush()
    return groups


def catch_numbers(text: str, explained: Explanations, taken: SpanIndex, a_numbers: list[tuple[int, int]],
                  header: SpanIndex, blocks: SpanIndex) -> list[Finding]:
    """Every unexplained run of three or more digits, as a masked finding with its reason; in an
    institution's own header or contact block (a ZIP, a suite, a licence number) it is kept."""
    from redactor.detect.explain import header_has_postal_line

    has_a_numbers = bool(a_numbers)
    a_ends = sorted(e for _, e in a_numbers)
    # a header is an institution's only where it has a postal line: a number under a bare heading
    # ("NOTES OF ASYLUM INTERVIEW / His mother's number is …") is the person's
    header_postal = header_has_postal_line(text, header)
    findings: list[Finding] = []
    for group in _number_runs(text):
        digits = sum(c.isdigit() for s, e in group for c in text[s:e])
        if digits < 3:
            continue
        # a token only partly covered by a typed finding ("30-771" of "30-771-2284") is masked whole;
        # the overlapping masks merge
        pieces = [(s, e) for s, e in group
                  if not taken.contains(s, e) and not explained.why_public(s, e)
                  and not _digits_explained(text, s, e, explained)]
        if not pieces:
            continue
        for start, end in _adjacent(text, pieces):
            if not any(c.isdigit() for c in text[start:end]):
                continue
            if start > 0 and text[start - 1] == "+":
                start -= 1  # an international number's "+"
            value = text[start:end]
            if ((header_postal and header.contains(start, end)) or blocks.contains(start, end)) and CONTACT_LINE.search(
                    text[text.rfind("\n", 0, start) + 1:text.find("\n", end) % (len(text) + 1)]):
                findings.append(Finding(start, end, "ID_CODE", "", "professional", 0.5, "header_block",
                                        "kept: institution's header or contact block"))
                continue
            compact = re.sub(r"[^0-9A-Za-z]", "", value)
            near_a = _follows(a_ends, start)
            if near_a and re.fullmatch(r"\d{2,4}", compact) and text[start - 1] in "-/ ":
                if text[start - 1] in "-/":
                    start -= 1
                findings.append(_fail_closed(start, end, "A_NUMBER", "a_number_rider",
                                             "rider shorthand after an A-number"))
            elif has_a_numbers and A_NUMBER_SHAPE.match(value) and 8 <= sum(c.isdigit() for c in value) <= 9:
                findings.append(_fail_closed(start, end, "A_NUMBER", "a_number",
                                             "bare 8 or 9 digits in a record with A-numbers"))
            elif YEAR.match(value):
                findings.append(_fail_closed(start, end, "DATE", "year", "unexplained year"))
            else:
                findings.append(_fail_closed(start, end, "ID_CODE", "number", "unexplained number"))
    return findings


# a line of an address or a phone number: its numbers are the institution's contact details
CONTACT_LINE = re.compile(
    r"(?i)\b(?:street|st\.?|avenue|ave\.?|road|rd\.?|suite|ste\.?|floor|fl\.?|blvd|boulevard|pike|drive|"
    r"lane|way|plaza|box|tel|phone|fax|telephone|mobile)\b|\b[A-Z][A-Za-z]+\s+\d{5}(?:-\d{4})?\b|\+\d")


def _digits_explained(text: str, start: int, end: int, explained: Explanations) -> bool:
    """Every digit run of a token is explained ("Cir.2006": the year of a citation)."""
    runs = [(m.start(), m.end()) for m in re.finditer(r"\d+", text[start:end])]
    return bool(runs) and all(explained.why_public(start + a, start + b) for a, b in runs)


def _follows(ends: list[int], start: int) -> bool:
    from bisect import bisect_right

    i = bisect_right(ends, start)
    return i > 0 and start - ends[i - 1] <= RIDER_WINDOW


def _adjacent(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    runs: list[list[int]] = []
    for s, e in pieces:
        if runs and s - runs[-1][1] == 1 and text[runs[-1][1]] == " ":
            runs[-1][1] = e
        else:
            runs.append([s, e])
    return [(s, e) for s, e in runs]


def _fail_closed(start: int, end: int, entity_type: str, what: str, reason: str) -> Finding:
    return Finding(start, end, entity_type, "", None, 0.5, f"{FAIL_CLOSED_PREFIX}:{what}", reason)


# ---- names ------------------------------------------------------------------------------------

WORD_TOKEN = r"[^\W\d_](?:[^\W\d_]|['’](?=[^\W\d_]))*(?:-(?:[^\W\d_]|['’](?=[^\W\d_]))+)*\.?"
TOKEN = re.compile(rf"{INITIALS_TOKEN}|{WORD_TOKEN}")
LABEL = re.compile(
    r"(?i)(?:\b(?:full\s+)?(?:name|names|nombre|nombres|apellidos?|nom|prénom|nome|family\s+name|"
    r"given\s+names?|first\s+name|last\s+name|surname|middle\s+name|maiden\s+name|alias|aliases|aka|"
    r"a\.k\.a|also\s+known\s+as|s/o|d/o|w/o|son\s+of|daughter\s+of|wife\s+of|husband\s+of|"
    r"father|mother|spouse|child|children|sibling|brother|sister|beneficiary|derivative|"
    r"petitioner|applicant|respondent|client|patient|detainee|subject|declarant|affiant|witness|"
    r"deceased|victim|accused|suspect|complainant|informant|cc|to|from|attn|re|emergency\s+contact|"
    r"contact)\b['’]?s?"
    r"(?:\s*\([^)\n]{0,30}\))?\s*[:#]\s*|\b(?:s/o|d/o|w/o|son\s+of|daughter\s+of|wife\s+of|"
    r"husband\s+of|bin|bint|ibn)\s+|\b(?i:declaration|affidavit|statement|testimony|deposition|"
    r"application|petition|case|matter|file)\s+(?i:of|for)\s+)$")
SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*|\n\s*|[\"“(]\s*)$")
PLACE_BEFORE = re.compile(
    r"(?i)\b(?:village|town|city|district|province|region|oblast|municipality|county|governorate|"
    r"commune|locality|neighbou?rhood|suburb|camp|parish|canton|aldea|barrio|"
    r"colonia|caserío)\s+of\s+$")
PLACE_PREP = re.compile(r"(?i)\b(?:in|at|from|near|to|into|outside|toward|towards|via|through|of)\s+(?:the\s+)?$")


@dataclass(frozen=True)
class NameCandidate:
    """A capitalised run the catch-all decided on: a person seed, or a place or organisation."""

    start: int
    end: int
    kind: str  # person | place | org_public | org_private | group
    reason: str


NAMEISH = {"initials", "weak", "strong", "place"}


def _is_capitalised(token: str) -> bool:
    """Capitalised, or a name with a lower-case particle glued on ("al-Zubeidi", "d'Souza")."""
    return token[:1].isupper() or token[:1].istitle() or bool(vocab.PARTICLE_PREFIX.match(token))


# "TZOC IXCOY, Baltazar", "IXCOY BATZ, Juana": a family name in capitals, a comma, given names
SURNAME_GIVEN = re.compile(
    r"(?<![\w-])(?P<a>[A-ZÀ-Þ][A-ZÀ-Þ'’-]+(?:[ ][A-ZÀ-Þ][A-ZÀ-Þ'’-]+){0,3}),[ \t]+"
    r"(?P<b>[A-ZÀ-Þ][a-zß-ÿ'’-]+(?:[ ][A-ZÀ-Þ][a-zß-ÿ'’-]+){0,3})(?![\w-])")


def _surname_given(text: str, explained: Explanations, taken: SpanIndex) -> list[NameCandidate]:
    out = []
    for m in SURNAME_GIVEN.finditer(text):
        family = m.group("a").split()
        given = m.group("b").split()
        if any(word_class(w) not in NAMEISH for w in family) or any(
                word_class(w) not in ("weak", "strong") for w in given):
            continue
        if vocab.is_country(m.group("a")) or vocab.is_place(m.group("a")):
            continue
        if explained.public_index.overlaps(m.start(), m.end()) or taken.overlaps(m.start(), m.end()):
            continue
        out.append(NameCandidate(m.start("a"), m.end("a"), "person", "family name, given names"))
        out.append(NameCandidate(m.start("b"), m.end("b"), "person", "family name, given names"))
    return out


# Scripts without capital letters (Arabic, Hebrew, Ethiopic, Indic, Thai, CJK …): in a record
# written in a Latin or Cyrillic script, a run of such words is a name or a place until explained.
UNCASED_RUN = re.compile(
    r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1200-\u139f\u3040-\u30ff"
    r"\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\ufb1d-\ufdff\ufe70-\ufeff]+"
    r"(?:[ \u200c\u200d][\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1200-\u139f"
    r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\ufb1d-\ufdff\ufe70-\ufeff]+)*")


def _uncased_runs(text: str, explained: Explanations, taken: SpanIndex) -> list[NameCandidate]:
    out = []
    for m in UNCASED_RUN.finditer(text):
        if taken.overlaps(m.start(), m.end()) or explained.public_index.contains(m.start(), m.end()):
            continue
        out.append(NameCandidate(m.start(), m.end(), "person", "words in a script without capitals"))
    return out


PERSON_VERB_LOWER = re.compile(
    r"(?i:\b(?:spoke|speak|speaking|talked|talk|met|meet|meeting|called|call|texted|text|emailed|"
    r"visited|interviewed|saw|phoned|messaged)(?:\s+(?:with|to))?\s+)"
    r"([a-z][a-z'’-]{1,}(?:[ \t]+[a-z][a-z'’-]{1,}){0,2})")
LOWER_RARE_ZIPF = 3.3


def _lowercase_names(text: str, taken: SpanIndex) -> list[NameCandidate]:
    """Notes and e-mails typed in lower case: after a verb that takes a person ("spoke with", "met",
    "called"), the words no English dictionary knows well are a name ("spoke with chhayvirak
    srey this morning"); "spoke with counsel", "met the family" name nobody."""
    out = []
    for m in PERSON_VERB_LOWER.finditer(text):
        words = list(re.finditer(r"[a-z][a-z'’-]*", m.group(1)))
        kept = []
        for w in words:
            word = w.group()
            rare = vocab.zipf(word) < LOWER_RARE_ZIPF
            known_name = ((vocab.name_rank(word.capitalize()) or 10_000) <= 1000 and vocab.zipf(word) < 5.5
                          and vocab.word_class(word.capitalize()) in ("strong", "weak"))
            if not (rare or known_name):
                break
            kept.append(w)
        if not kept:
            continue
        start, end = m.start(1) + kept[0].start(), m.start(1) + kept[-1].end()
        if not taken.overlaps(start, end):
            out.append(NameCandidate(start, end, "person", "lower-case words after a verb of meeting"))
    return out


RUN_TOGETHER = re.compile(r"^([A-ZÀ-Þ]{2,}[A-ZÀ-Þ'’-]*[A-ZÀ-Þ])([a-zß-ÿ]{2,}[\w'’-]*)$")


DATE_WORD_BEFORE = re.compile(r"(?i)\b(?:on|by|last|next|this|every|until|till|since|from|before|after|of|in|each)\s+$")


def _weekday_name(text: str, tokens, i: int) -> bool:
    """A month or weekday that is a given name ("Sunday Eze", "April Nguyen"): capitalised, right
    before a name word, with no date around it."""
    s, e, tok = tokens[i]
    if word_class(tok) != "month" or i + 1 >= len(tokens):
        return False
    ns, ne, nt = tokens[i + 1]
    if text[e:ns] != " " or not _is_capitalised(nt) or word_class(nt) not in ("weak", "strong"):
        return False
    if DATE_WORD_BEFORE.search(text[max(0, s - 12):s]) or re.match(r"\s*,?\s*\d", text[e:e + 4]):
        return False
    return not re.match(r"\s*\d", text[ne:ne + 3])


FILE_NAME = re.compile(
    r"(?<![\w@/])([\w][\w.-]*?)\.(?i:pdf|docx?|jpe?g|png|tiff?|zip|txt|xlsx?|csv|msg|eml|heic|mp[34]|wav|m4a|odt|rtf)\b")
FILE_PART = re.compile(r"[^\W\d_]+")


def _names_in_file_names(text: str, taken: SpanIndex) -> list[NameCandidate]:
    """"Okonkwo_psych_eval_Dr_Haas_FINAL.pdf", "Lyn_declaration.pdf": in a file name, a capitalised
    part that is a name word is a name (the word boundaries of prose do not hold there)."""
    out = []
    for m in FILE_NAME.finditer(text):
        for part in FILE_PART.finditer(text, m.start(1), m.end(1)):
            word = part.group()
            if word[0].isupper() and word_class(word) in ("weak", "strong", "place") \
                    and not taken.overlaps(*part.span()) and not word.isupper() or (
                    word.isupper() and len(word) > 3 and word_class(word) in ("strong", "weak")):
                out.append(NameCandidate(part.start(), part.end(), "person", "name in a file name"))
    return out


def _name_word_before_name(text: str, tokens, i: int) -> bool:
    """A group or country word that is a given name, right before a rare name word: "Christian
    Mbeki", "Israël Okafor" (not "Christian church", "Sunni Muslim")."""
    s, e, tok = tokens[i]
    if word_class(tok) not in ("group", "country") or (vocab.name_rank(tok) or 10_000) > 3000:
        return False
    if i + 1 >= len(tokens):
        return False
    ns, ne, nt = tokens[i + 1]
    return text[e:ns] == " " and _is_capitalised(nt) and word_class(nt) in ("strong", "weak")


def catch_names(text: str, explained: Explanations, taken: SpanIndex) -> list[NameCandidate]:
    """The capitalised runs that nothing explained: people, places and organisations."""
    tokens = []
    for m in TOKEN.finditer(text):
        glued = RUN_TOGETHER.match(m.group())
        if glued:  # "HADDADthe": a name in capitals run into the next word
            tokens.append((m.start(), m.start() + glued.end(1), glued.group(1)))
            tokens.append((m.start() + glued.end(1), m.end(), glued.group(2)))
        else:
            token = m.group().rstrip(" ")  # initials take no trailing space ("A. R. Galiev")
            tokens.append((m.start(), m.start() + len(token), token))
    out: list[NameCandidate] = (_surname_given(text, explained, taken) + _names_in_file_names(text, taken)
                                + _lowercase_names(text, taken))
    if not text.isascii():
        out += _uncased_runs(text, explained, taken)
    particles = vocab.particles()
    i = 0
    n = len(tokens)
    while i < n:
        s, e, tok = tokens[i]
        if _is_capitalised(tok) and word_class(tok) == "group" and not taken.overlaps(s, e):
            # a nationality, language, faith or group word is positively public: a kept finding, so
            # that review and verification see it as such ("Language: Asante Twi")
            out.append(NameCandidate(s, e - (1 if tok.endswith(".") else 0), "group", "group word"))
        if not _is_capitalised(tok) or (word_class(tok) not in NAMEISH and not _weekday_name(text, tokens, i)
                                         and not _name_word_before_name(text, tokens, i)):
            i += 1
            continue
        # grow a run of name-ish tokens joined by one space (particles inside, not at the ends)
        j = i
        while j + 1 < n:
            if tokens[j][2].endswith(".") and word_class(tokens[j][2]) != "initials":
                break  # "… the RSF. I warned him": a sentence ends the run
            ns, ne, nt = tokens[j + 1]
            gap = text[tokens[j][1]:ns]
            if gap not in (" ", "\t", "-") and not (gap == "" and tokens[j][2].endswith(".")):
                break
            if _is_capitalised(nt) and (word_class(nt) in NAMEISH or (
                    word_class(nt) in ("group", "country", "month")
                    and (vocab.name_rank(nt) or 10_000) <= 3000
                    and not re.match(r"[ \t]*,?[ \t]*\d", text[ne:ne + 4]))):
                # a group, country or month word that is also a frequent name, inside or at the end
                # of a name: "Kwame Osei Asante Mensah", "Ibrahim Muslim", "Chaudhry Ramzan"
                j += 1
                continue
            if gap == "" or (text[tokens[j][1]:ns] == "\n" and tokens[j][2].isupper() and nt.isupper()
                             and len(nt) > 2 and word_class(nt) in ("weak", "strong")
                             and word_class(tokens[j][2]) in ("weak", "strong")):
                if gap != "":
                    j += 1  # a name in capitals wrapped at the line's end ("FABIAN\nOKORO")
                    continue
            # particles inside a name: "Portillo de Rivas", "MARÍA DE LOS ÁNGELES", "bin Laden"
            k = j + 1
            while k < n and vocab.fold(tokens[k][2]) in particles and text[tokens[k - 1][1]:tokens[k][0]] == " ":
                k += 1
            if k > j + 1 and k < n and _is_capitalised(tokens[k][2]) and word_class(tokens[k][2]) in NAMEISH \
                    and text[tokens[k - 1][1]:tokens[k][0]] == " ":
                j = k
                continue
            break
        run = tokens[i:j + 1]
        i = j + 1
        start, end = run[0][0], run[-1][1]
        if text[end - 1] == "." and word_class(run[-1][2]) != "initials":
            end -= 1
        if explained.public_index.contains(start, end) or taken.contains(start, end):
            continue
        if explained.citation_index.contains(start, end) and all(
                word_class(t) == "initials" or t.endswith(".") for _, _, t in run):
            continue  # "(D. Md. 2019)": a court's abbreviation in a citation's parenthetical
        decided = _decide(text, run, start, end, tokens, i)
        if decided:
            out.append(decided)
        elif in_group_context(text, start, end):
            out.append(NameCandidate(start, end, "group", "named as a group"))
    return out


GROUP_CONTEXT = re.compile(
    r"(?i)^\s*(?:sub-?)?(?:clan|clans|tribe|tribes|tribal|caste|people|peoples|community|ethnic|"
    r"ethnicity|sect|militia|militias|rebels|insurgents|party|movement|faction|minority|language|"
    r"dialect|speakers?)\b|^,\s*(?:a|an|the)\s+(?:[\w-]+\s+)?(?:sub-?)?(?:clan|tribe|caste|"
    r"group|minority|community|people|sect|militia)\b")
GROUP_BEFORE = re.compile(r"(?i)\b(?:(?:sub-?clan|clan|tribe|caste|sect|ethnicity|ethnic group)\s+of\s+(?:the\s+)?|(?:party|movement|militia|faction|denomination)\s+)$")
PLURAL_GROUP = re.compile(r"^[A-Z][a-z]+(?:ians|ans|ites|ists|ese)$")


GROUP_WORD_AFTER = re.compile(r"^[ \t]+([A-Z][\w'’-]+)")
ADJECTIVE_SUFFIX = re.compile(r"(?:ian|ean|an|ese|ish|ic|i|ite)$")
PLURAL_AFTER = re.compile(r"^[ \t]+(?:[a-z]+-)?[a-z]{3,}s\b")


def in_group_context(text: str, start: int, end: int) -> bool:
    """A clan, tribe, ethnicity, faith or movement named as such: "the Madhiban, a minority clan",
    "Abgaal, a sub-clan of the Hawiye", "the Ambazonians", "Ambazonian separatists", "a Melkite
    Greek Catholic", "the opposition party FDU-Inkingi"."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 60):start]
    value = text[start:end]
    after = text[end:end + 40]
    if GROUP_CONTEXT.search(after) or GROUP_BEFORE.search(before) or PLURAL_GROUP.match(value):
        return True
    if all(vocab.is_group_word(w) for w in value.split()):
        return True
    if len(value.split()) > 1 and vocab.is_group_word(value.split()[-1]) \
            and re.search(r"(?:^|\W)(?:a|an)\s+$", before):
        return True  # "is a Melkite Greek Catholic": a person is not "a" name
    following = GROUP_WORD_AFTER.match(after)
    if following and vocab.is_group_word(following.group(1)):
        return True  # "Melkite Greek Catholic", "Yazidi Kurds"
    return " " not in value and bool(ADJECTIVE_SUFFIX.search(value)) and bool(PLURAL_AFTER.match(after))


SAINT_BEFORE = re.compile(r"\b(?:St|Ste|Saint|Sainte|San|Santa|Santo|São|Sao|Sta)\.?[ \t]+$")
ARTICLE_BEFORE = re.compile(r"(?:^|[^\w])the\s+$")


def _decide(text: str, run, start: int, end: int, tokens, after: int) -> NameCandidate | None:
    classes = [word_class(t) for _, _, t in run]
    words = [t for (_, _, t), c in zip(run, classes) if c != "initials"]
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 60):start]
    phrase = text[start:end]
    if vocab.is_country(phrase) or (not words and phrase.replace(".", "").upper() in vocab.public_acronyms()):
        return None  # a country ("Sri Lanka", "El Salvador") or a public body's initials ("U.S.")
    # an organisation or place word after the run makes it an organisation or a place
    kind, kind_end = _named_by_next_word(text, end, tokens, after,
                                         rare_name=any(c in ("strong", "place") for c in classes))
    if kind in ("place", "facility"):
        return NameCandidate(_place_start(text, start), _place_end(text, kind_end), "place",
                             "detention facility" if kind == "facility" else "place name")
    if kind == "org":
        org_start = _org_start(text, start)
        org = vocab.org_kind(text[org_start:kind_end])
        if org == "org_private":
            return NameCandidate(org_start, kind_end, "org_private", "private organisation")
        if ("place" in classes or vocab.is_place(phrase)) and not vocab.is_us_place(phrase) \
                and vocab.is_state_body(text[org_start:kind_end]):
            # a foreign public body named after a town tells where the person comes from:
            # "[Nasiriyah] Investigation Court", "[Dhi Qar] Police Command"; a US agency's office
            # ("El Paso Sector") stays readable
            return NameCandidate(start, end, "place", "place in a public body's name")
        return NameCandidate(org_start, kind_end, "org_public", "name of a public body")
    org_before = ORG_WORD_BEFORE.search(before)
    if org_before and vocab.fold(org_before.group(1)) in (vocab.org_words()[0] | vocab.org_words()[1]):
        org_start = start - (len(before) - org_before.start(1))
        org = vocab.org_kind(text[org_start:end])
        return NameCandidate(org_start, end, org, "private organisation" if org == "org_private"
                             else "name of a public body")
    if PLACE_BEFORE.search(before) or _place_word_before(text, start):
        return NameCandidate(_place_start(text, start), _place_end(text, end), "place", "place name")
    if in_group_context(text, start, end):
        return None  # a clan, tribe or group named as such ("the Madhiban, a minority clan")
    if SAINT_BEFORE.search(before):
        # "St. Ignatius", "Saint Mary's": a church, a school or a town named after a saint
        return NameCandidate(start - len(SAINT_BEFORE.search(before).group()), end, "org_private",
                             "named after a saint")
    title_before = _title_before(text, start)
    label_before = bool(LABEL.search(text[max(line_start, start - 80):start]))
    if title_before:
        return NameCandidate(start, end, "person", "name after a title")
    if label_before:
        return NameCandidate(start, end, "person", "name after a label")
    if all(c == "place" for c in classes) or (vocab.is_place(phrase) and (
            len(run) > 1 or classes[0] != "weak" or PLACE_PREP.search(before))):
        # a weak name word that is also a town ("Date", "Hope") is a place only after "in", "from"
        return NameCandidate(start, _place_end(text, end), "place", "known place")
    if _place_end(text, end) > end:
        return NameCandidate(start, _place_end(text, end), "place", "town before a state")
    strong = classes.count("strong")
    weak = sum(1 for (_, _, t), c in zip(run, classes)
               if c == "weak" and (vocab.name_rank(t.rstrip(".")) or 9999) <= 1000)
    after_article = bool(ARTICLE_BEFORE.search(before))
    if len(words) >= 2 and (strong or (weak >= 2 and not after_article)):
        return NameCandidate(start, end, "person", "run of name words")
    if words and classes.count("initials") and (strong or weak):
        return NameCandidate(start, end, "person", "initials with a name")
    if not words:
        if len(run) == 1 and vocab.is_us_place(run[0][2]) and (
                re.match(r" City\b", text[end:end + 5]) or re.search(r"\bCt\.\s*$", before)):
            # a state's code with dots where a person's initials cannot stand ("Immig. Ct. N.Y.
            # City"); "the applicant, N.C., testified" stays masked
            return None
        if len(run) == 1 and len(run[0][2].replace(".", "").replace("-", "")) >= 2:
            return NameCandidate(start, end, "person", "unexplained initials")
        return None
    if len(run) == 1 and classes[0] == "weak" and re.match(r"['’]s\b", text[end - 2:end + 1] if text[end - 2:end] in ("'s", "’s") else text[end:end + 2]):
        return NameCandidate(start, end, "person", "name with a possessive")
    if strong:
        bare = words[0].rstrip(".")
        if len(run) == 1 and bare.isupper() and 2 <= len(bare) <= 5 and _some_lowercase(text, start) \
                and ((vocab.name_rank(bare) or 10_000) > 1000 or not re.search(r"[AEIOUY]", bare)):
            return None  # an acronym in running text ("NCIC", "SEBIN", "EPT")
        return NameCandidate(start, end, "person", "unknown capitalised word")
    return None


ORG_WORD_BEFORE = re.compile(r"(?:^|[^\w])([A-ZÀ-Þ][^\W\d_]+)(?:[ \t]+(?:de|del|la|of|the|du|des))?[ \t]+$")
PLACE_WORD_BEFORE = re.compile(r"(?:^|[^\w])([^\W\d_]+)[ \t]+$")
STATE_NAME_AFTER = re.compile(r",[ \t]*([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)(?![\w-])")
STATE_AFTER = re.compile(r",[ \t]*(?:[A-Z]{2}\b\.?|[A-Z]\.[A-Z]\.)(?![\w-])")


def _place_word_before(text: str, start: int) -> bool:
    m = PLACE_WORD_BEFORE.search(text[max(0, start - 20):start])
    return bool(m) and vocab.fold(m.group(1)) in vocab.place_prefixes()


def _place_start(text: str, start: int) -> int:
    """Take in a place word just before ("Ciudad Juárez", "aldea Tierra Blanca", "Mount Cristo")."""
    m = PLACE_WORD_BEFORE.search(text[max(0, start - 20):start])
    if m and vocab.fold(m.group(1)) in vocab.place_prefixes():
        return start - (len(m.group(0)) - m.start(1) + m.start(0))
    return start


def _place_end(text: str, end: int) -> int:
    """Take in a US state's postal code after a town ("Sunland Park, NM", "Roma, TX")."""
    m = STATE_AFTER.match(text, end)
    if m and m.group().strip(", .").replace(".", "") in vocab.us_state_codes():
        return m.end()
    m = STATE_NAME_AFTER.match(text, end)
    if m and vocab.fold(m.group(1)) in vocab.us_state_names():
        return m.end()
    return end


def _org_start(text: str, start: int) -> int:
    """Take in the capitalised words and connectors before an organisation's name ("Our Lady of",
    "St.", "the Grace …" stops at "the")."""
    pos = start
    while True:
        m = re.search(r"(?:^|(?<=[\s(]))((?:[A-Z][\w'’.-]*|of|de|del|la|du|des|and|&)[ \t]+)$",
                      text[max(0, pos - 40):pos])
        if not m or m.group(1).strip() in ("The", "A", "An") or text[pos - len(m.group(1)):pos].strip()[:1] in "\"“":
            break
        candidate = pos - len(m.group(1))
        word = text[candidate:pos].strip()
        if word in ("of", "de", "del", "la", "du", "des", "and", "&") and not re.search(
                r"[A-Z][\w'’.-]*[ \t]+$", text[max(0, candidate - 30):candidate]):
            break
        pos = candidate
    return pos


def _some_lowercase(text: str, pos: int) -> bool:
    line_start = max(text.rfind("\n", 0, pos) + 1, pos - 200)
    line_end = text.find("\n", pos, pos + 200)
    line = text[line_start: line_end if line_end != -1 else pos + 200]
    return any(c.islower() for c in line)


def _named_by_next_word(text: str, end: int, tokens, after: int, rare_name: bool) -> tuple[str | None, int]:
    """What the words right after a run make of it, and where that name ends: "org" ("Santa Teresa
    Border Patrol Station", "Oktyabrsky District Court"), "facility" ("South Texas ICE Processing
    Center"), "place" ("Bui Division", "Longtian Town", "Xolabaj river"), or None. An organisation
    word wins over a place word; a detention facility over both."""
    public, private = vocab.org_words()
    k, last, kind, kind_end = after, end, None, end
    while k < len(tokens) and k < after + 6:
        s, e, t = tokens[k]
        key = vocab.fold(t.rstrip("."))
        if text[last:s] not in (" ", "\t"):
            break
        if not _is_capitalised(t):
            if k == after and key in vocab.place_words():
                return "place", e  # "Xolabaj river", "Dagahaley camp", "Kulbus locality"
            break
        if key in ("in", "for", "the", "and", "on", "to", "with", "by", "at", "as"):
            break  # "DECLARATION OF X IN SUPPORT OF …": a heading goes on, no name does
        if key in vocab.facility_words():
            kind, kind_end = "facility", e
        elif kind is None and k == after and key in vocab.place_words() and rare_name:
            # "Bui Division", "Fujian Province": a place word right after the name makes a place;
            # a word that also names offices does so only after a rare word ("Civil Division" is
            # an office)
            kind, kind_end = "place", e
        elif kind != "facility" and (key in private or key in public or key in vocab.public_org_markers()
                                     or key in vocab.private_org_markers()):
            kind, kind_end = "org", e
        last = e
        k += 1
    if kind == "facility":
        # "… Processing Center": the name runs to the facility word and the one after it
        return kind, kind_end
    return kind, kind_end


def _title_before(text: str, start: int) -> bool:
    m = re.search(r"([^\W\d_]+)\.?\s+$", text[max(0, start - 20):start])
    return bool(m) and vocab.fold(m.group(1)) in vocab.titles() and m.group(1)[0].isupper()


def name_seeds(text: str, candidates: list[NameCandidate]) -> list[Seed]:
    """Person candidates as seeds for entity linking (source names the catch-all and its reason)."""
    from redactor.detect.names import clean_seed

    seeds: list[Seed] = []
    for c in candidates:
        if c.kind == "person" and UNCASED_RUN.fullmatch(text[c.start:c.end]):
            seeds.append(Seed(c.start, c.end, tuple(text[c.start:c.end].split()),
                              f"{FAIL_CLOSED_PREFIX}:{c.reason}", 0.5))
        elif c.kind == "person":
            seeds.extend(clean_seed(text, c.start, c.end, f"{FAIL_CLOSED_PREFIX}:{c.reason}", 0.5))
    return seeds
