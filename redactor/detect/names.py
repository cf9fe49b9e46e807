"""Person names at document level: clean the seeds (model mentions and cue regions), group them into
entities (one person = one entity, spelling variants included), find every mention of every variant
in the document, and give each entity one role from the evidence around its mentions."""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from redactor.detect.cues import RoleRegion
from redactor.detect.vocabulary import (is_group_word, is_name_cased, name_rank, never_names,
                                        particles, word_class, zipf)
from redactor.detect.wordlists import countries, not_names, organisations
from redactor.model import Finding

STRONG_PRIVATE = ("applicant", "minor", "family", "witness", "persecutor")
PUBLIC = ("judge", "attorney", "official", "interpreter", "expert", "precedent_party")
INITIALS = re.compile(r"^(?:[A-ZÀ-Þ]\.\s?){2,5}(?:-(?:[A-ZÀ-Þ]\.?)+)?$")
TOKEN = re.compile(r"[^\s,;:()\[\]“”\"]+")
SPLIT_PIECES = re.compile(
    r"\s*(?:,|;|&|\band\b|\bor\b|\(|\)|\n\s*\n|\ba\.k\.a\.?|\baka\b|/|(?<=[A-Za-z]{2})\.(?=\s)|[ \t]{3,})\s*")
EDGE_PUNCT = "\"“”‘’'`.,;:()[]*-–— \t\n"


def _fold_char(c: str) -> str:
    if c.isascii():
        return c
    base = unicodedata.normalize("NFKD", c)[:1]
    return base if base and len(base.encode("utf-8", "ignore")) and not unicodedata.combining(base) else c


def fold_text(text: str) -> str:
    """Accents off, one character for one character, so offsets stay valid."""
    return "".join(map(_fold_char, text))


def fold(token: str) -> str:
    decomposed = unicodedata.normalize("NFKD", token)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.casefold().strip("'’.")


@dataclass(frozen=True)
class Seed:
    start: int
    end: int
    tokens: tuple[str, ...]  # surface tokens
    source: str
    score: float

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(fold(t) for t in self.tokens if not _is_initial(t))


@dataclass(eq=False)  # an entity is itself: compared and hashed by identity
class Entity:
    number: int
    keys: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    givens: set[str] = field(default_factory=set)
    surfaces: set[str] = field(default_factory=set)  # full surface forms, for matching
    sources: set[str] = field(default_factory=set)
    score: float = 0.0


def _is_initial(token: str) -> bool:
    return len(token.strip(".")) <= 1


def _bad_token(token: str) -> bool:
    return any(c.isdigit() for c in token) or any(c in token for c in "§[]{}<>@/\\|=+")


def clean_seed(text: str, start: int, end: int, source: str, score: float) -> list[Seed]:
    """Split a candidate span into name pieces; strip role words, titles and possessives."""
    seeds: list[Seed] = []
    chunk = text[start:end]
    pos = 0
    pieces = []
    for sep in SPLIT_PIECES.finditer(chunk):
        pieces.append((pos, sep.start()))
        pos = sep.end()
    pieces.append((pos, len(chunk)))
    if source.startswith("cue"):
        # a cue's region ends at the end of its sentence ("… Warsame. In Somali naming …")
        for index, (a, b) in enumerate(pieces[:-1]):
            if re.match(r"\.\s", chunk[b:b + 2]) and b - a > 3:
                pieces = pieces[:index + 1]
                break
    for a, b in pieces:
        for part_a, part_b in _split_versus(chunk, a, b):
            seed = _clean_piece(text, start + part_a, start + part_b, source, score)
            if seed:
                seeds.append(seed)
    return seeds


def _split_versus(chunk: str, a: int, b: int):
    piece = chunk[a:b]
    m = re.search(r"\s+v\.?\s+", piece)
    if m:
        return [(a, a + m.start()), (a + m.end(), b)]
    return [(a, b)]


def _clean_piece(text: str, start: int, end: int, source: str, score: float) -> Seed | None:
    tokens = [(m.start() + start, m.end() + start) for m in TOKEN.finditer(text[start:end])]
    # a role, legal or form word inside ends the name ("Applicant's Signature FARAH" → "FARAH");
    # the longest stretch without one is the candidate
    stretches, current = [], []
    for t in tokens:
        bare = re.sub(r"(?i)['’]s$", "", text[t[0]:t[1]].strip(EDGE_PUNCT))
        if bare and word_class(bare) == "never" and fold(bare) not in particles() and not re.fullmatch(r"[A-Z]\.?", bare):
            stretches.append(current)
            current = []
        else:
            current.append(t)
    stretches.append(current)
    if len(stretches) > 1:
        tokens = max(stretches, key=len)
    # "Ghana Language", "Circuit Judges", "Even if X": role words, countries and function words are
    # never the edge of a name
    bad = not_names() | countries() | never_names()

    labelled = source == "catch-all:name after a label"  # FAIL_CLOSED_PREFIX, kept free of an import cycle

    def edge_bad(token: str) -> bool:
        if re.fullmatch(r"[A-Z]\.", token):
            return False  # an initial ("A. R. Galiev"), not the article "a"
        bare = token.strip(EDGE_PUNCT)
        if labelled and bare and is_group_word(bare) and name_rank(bare) and fold(bare) not in never_names():
            return False  # after a label ("cc: Yusuf Muslim (client)") a group word that is a surname
        return not bare or fold(bare) in bad or (is_group_word(bare) and (name_rank(bare) or 10_000) > 3000)

    def given_weekday(index: int) -> bool:
        # "Sunday Eze": a weekday or month that is a given name, right before a rare name word
        first = text[tokens[index][0]:tokens[index][1]]
        return (index + 1 < len(tokens) and word_class(first) in ("month", "country", "group")
                and (word_class(first) == "month" or (name_rank(first) or 10_000) <= 3000)
                and word_class(text[tokens[index + 1][0]:tokens[index + 1][1]].strip(EDGE_PUNCT)) in ("strong", "weak"))
    # strip role words, titles, countries and punctuation from both edges
    while tokens and edge_bad(text[tokens[0][0]:tokens[0][1]]) and not given_weekday(0):
        tokens.pop(0)
    while tokens and edge_bad(text[tokens[-1][0]:tokens[-1][1]]):
        tokens.pop()
    if not tokens or len([t for t in tokens if fold(text[t[0]:t[1]]) not in particles()]) > 6:
        return None
    s, e = tokens[0][0], tokens[-1][1]
    surface = text[s:e]
    # possessive and trailing punctuation stay outside
    surface_stripped = re.sub(r"(?i:['’]s|s['’]|['’])$", "", surface)
    surface_stripped = surface_stripped.rstrip(EDGE_PUNCT.replace(".", ""))
    if surface_stripped.endswith(".") and not INITIALS.match(surface_stripped) and not re.search(r"\b[A-Z]\.$", surface_stripped):
        surface_stripped = surface_stripped.rstrip(".")
    lead = len(surface) - len(surface.lstrip(EDGE_PUNCT))
    s = s + lead
    e = s + len(surface_stripped.lstrip(EDGE_PUNCT))
    surface = text[s:e]
    if not surface or (not surface[0].isupper() and "lower-case" not in source):
        return None
    if INITIALS.match(surface):
        return Seed(s, e, (surface,), source, score) if source.startswith(("cue", "catch-all")) else None
    words = surface.split()
    if any(_bad_token(w) for w in words):
        return None
    keys = [fold(w) for w in words if not _is_initial(w)]
    if not keys or all(k in bad or k in STOP_WORDS for k in keys):
        return None
    if fold(surface) in countries() or re.match(r"^[A-Z](?:-[A-Z])+-?$", surface):
        return None
    if any(p.fullmatch(surface) for p in organisations()[0]):
        return None
    lower_case = "lower-case" in source  # the catch-all already found the words rare
    if not lower_case and not all(is_name_cased(w) for w in words):
        return None
    quoted = s > 0 and text[s - 1] in "\"“‘'"
    related = source in ("cue:family", "cue:minor", "cue:private", "cue:witness", "cue:persecutor")
    if not quoted and not lower_case and not any(word_class(w) in ("strong", "place") or (
            word_class(w) == "weak" and (name_rank(w.rstrip(".")) or 10_000) <= 1000) or (
            related and word_class(w) in ("weak", "month", "common")) for w in words):
        # "Border Patrol", "Authorities (3)": common words are nobody's name, unless given as a
        # name in quotes (alias "Tronco")
        return None
    return Seed(s, e, tuple(words), source, score)


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if not a or not b or a[0] != b[0]:
        return False
    if min(len(a), len(b)) >= 3 and _edit1(a, b):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def _edit1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def group_entities(seeds: list[Seed]) -> list[Entity]:
    """Seeds to entities. Indexed by exact key and by a key's first two letters (the only keys that
    `_similar` can match), so grouping stays near linear in a document with thousands of seeds."""
    entities: list[Entity] = []
    by_key: dict[str, list[Entity]] = defaultdict(list)
    by_surface: dict[str, list[Entity]] = defaultdict(list)
    block: dict[str, list[tuple[str, Entity]]] = defaultdict(list)

    def index(ent: Entity, keys, surface: str) -> None:
        for k in keys:
            if ent not in by_key[k]:
                by_key[k].append(ent)
                block[k[:2]].append((k, ent))
        by_surface[surface].append(ent)

    def near(key: str, pool: set[str] | None = None) -> list[Entity]:
        return [e for k, e in block.get(key[:2], ()) if (pool is None or k in pool) and _similar(key, k)]

    multi = sorted((s for s in seeds if len(s.keys) >= 2), key=lambda s: (-len(s.keys), s.start))
    singles = sorted((s for s in seeds if len(s.keys) < 2), key=lambda s: s.start)
    for seed in multi:
        keys = seed.keys
        target = next((e for e in by_key.get(keys[0], ()) if set(keys) <= e.keys), None)
        if target is None:
            for ent in near(keys[-1]):
                if any(_similar(keys[-1], sn) for sn in ent.surnames) and any(
                        _similar(keys[0], gv) for gv in ent.givens):
                    target = ent
                    break
        if target is None:
            target = Entity(number=len(entities) + 1)
            entities.append(target)
        surface = " ".join(seed.tokens)
        target.keys.update(keys)
        target.surnames.add(keys[-1])
        target.givens.add(keys[0])
        target.surfaces.add(surface)
        target.sources.add(seed.source)
        target.score = max(target.score, seed.score)
        index(target, keys, surface)
    for seed in singles:
        surface = " ".join(seed.tokens)
        key = seed.keys[0] if seed.keys else surface
        hits = list(dict.fromkeys(list(by_key.get(key, ())) + list(by_surface.get(surface, ()))))
        if not hits and len(key) >= 5:
            hits = list(dict.fromkeys(near(key)))
        if hits:
            for ent in hits:
                ent.surfaces.add(surface)
                ent.sources.add(seed.source)
                by_surface[surface].append(ent)
            continue
        ent = Entity(number=len(entities) + 1, score=seed.score)
        ent.keys.add(key)
        ent.surnames.add(key)
        ent.surfaces.add(surface)
        ent.sources.add(seed.source)
        entities.append(ent)
        index(ent, [key], surface)
    return entities


def _single_ok(token_surface: str) -> bool:
    """A single word of a name that may stand for the whole person: a name word (rare, or common
    but a known given name or surname), never a particle, a function word or a role word."""
    key = fold(token_surface)
    return (
        len(key) >= 2
        and key not in STOP_WORDS
        and key not in not_names()
        and key not in countries()
        and key not in particles()
        and word_class(token_surface) in ("weak", "strong", "place")
    )


# Transliteration: one name written from Cyrillic, Arabic or Tigrinya comes out several ways
# (Oksana/OXANA, Yaw/Yao is not covered, Petrova/Petrowa, Mohamad/Mohammad). Both the variants and
# the text are compared in a canonical form where these spellings coincide.
TRANSLIT = ((r"ks", "x"), (r"w", "v"), (r"y", "i"), (r"ou", "u"), (r"kh", "h"), (r"ph", "f"))
TRANSLIT_REGEX = {"x": "(?:ks|x)", "v": "[vw]", "i": "[iy]", "u": "(?:ou|u)", "h": "k?h", "f": "(?:ph|f)"}


def translit_key(token: str) -> str:
    key = fold(token).lower()
    if len(key) < 4:
        return key
    for old, new in TRANSLIT:
        key = key.replace(old, new)
    return re.sub(r"(.)\1", r"\1", key)


def _token_regex(token: str) -> str:
    key = translit_key(token)
    if len(fold(token)) < 4 or not key.isalpha():
        return re.escape(token)
    return "".join(TRANSLIT_REGEX.get(ch, re.escape(ch)) + "{1,2}" if ch in TRANSLIT_REGEX
                   else re.escape(ch) + "{1,2}" for ch in key)


def _variant_regex(surface: str) -> str:
    if INITIALS.match(surface):
        return r"(?-i:" + re.escape(surface).replace(r"\ ", r"\s?") + ")"
    return r"[\s]+".join(_token_regex(t) for t in surface.split())


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    candidates: tuple[int, ...]  # entity numbers


VERY_COMMON_ZIPF = 5.0  # "hope", "long", "will", "may": more frequent than most names


def find_mentions(text: str, entities: list[Entity], seeded: frozenset[tuple[int, int]] = frozenset()) -> list[Mention]:
    """Every mention of the entities' surface forms. `seeded`: the seeds' own spans, mentions
    whatever their case (a seed in lower case was found by a cue that named it)."""
    variant_to_entities: dict[str, set[int]] = defaultdict(set)
    patterns: set[str] = set()
    for ent in entities:
        for surface in map(fold_text, ent.surfaces):
            variant_to_entities[_norm(surface)].add(ent.number)
            patterns.add(surface)
            for token in surface.split():
                parts = [token] + (token.split("-") if "-" in token else [])
                for part in parts:
                    if not _is_initial(part) and _single_ok(part) and len(fold(part)) >= 2:
                        variant_to_entities[_norm(part)].add(ent.number)
                        patterns.add(part)
    if not patterns:
        return []
    ordered = sorted(patterns, key=lambda p: (-len(p), p))
    regex = re.compile(
        r"(?<![^\W_])(?:" + "|".join(_variant_regex(p) for p in ordered) + r")(?![^\W_])",
        re.IGNORECASE,
    )
    mentions = []
    for m in regex.finditer(fold_text(text)):
        surface = m.group()
        before = text[m.start() - 2:m.start()] if m.start() >= 2 else ""
        after = text[m.end():m.end() + 2]
        glued = bool(re.match(r"[\w][_@./\\-]$", before) or re.match(r"[_@./\\][\w]", after))
        if surface.islower() and (m.start(), m.end()) not in seeded and (len(surface) < 4 or fold(surface) in STOP_WORDS or (
                not glued and any(zipf(w) >= VERY_COMMON_ZIPF for w in surface.split()))):
            # "we hope", "a long time": a very common word in lower case is not the name, except
            # glued into a file name or an address; a rarer one ("haddad", "blessing") is masked
            continue
        if len(surface) == 2 and not surface[0].isupper():  # "Vu", "NG": never "vu"
            continue
        cands = variant_to_entities.get(_norm(surface))
        if not cands:
            continue
        mentions.append(Mention(m.start(), m.end(), tuple(sorted(cands))))
    return mentions


def _norm(surface: str) -> str:
    if INITIALS.match(surface):
        return fold(surface)
    return " ".join(translit_key(t) for t in surface.split())


def _evidence_by_mention(mentions: list[Mention], regions: list[RoleRegion]):
    """(mention, roles of the regions it overlaps), in O((M + R) log M) for long documents."""
    starts = [m.start for m in mentions]  # mentions come sorted by start
    longest = max((m.end - m.start for m in mentions), default=0)
    found: dict[int, set[str]] = defaultdict(set)
    for r in regions:
        lo = bisect.bisect_left(starts, r.start - longest)
        hi = bisect.bisect_left(starts, r.end)
        for i in range(lo, hi):
            if mentions[i].end > r.start:
                found[i].add(r.role)
    return [(m, found.get(i, set())) for i, m in enumerate(mentions)]


def resolve_role(evidence: dict[str, int]) -> str | None:
    for role in STRONG_PRIVATE:
        if evidence.get(role):
            return role
    public = [r for r in PUBLIC if evidence.get(r)]
    if public:
        return max(public, key=lambda r: (evidence[r], -PUBLIC.index(r)))
    if evidence.get("private"):
        return "private"
    return None


def link_names(text: str, seeds: list[Seed], regions: list[RoleRegion]) -> list[Finding]:
    entities = group_entities(seeds)
    mentions = find_mentions(text, entities, frozenset((s.start, s.end) for s in seeds))
    by_number = {e.number: e for e in entities}
    evidence: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for m, roles_here in _evidence_by_mention(mentions, regions):
        if len(m.candidates) == 1:
            for role in roles_here:
                evidence[m.candidates[0]][role] += 1
    roles = {n: resolve_role(evidence[n]) for n in by_number}
    # number entities by first mention, as tags and reviewers see them
    first_seen: dict[int, int] = {}
    resolved: list[tuple[Mention, int]] = []
    for m in mentions:
        if len(m.candidates) == 1:
            chosen = m.candidates[0]
        else:
            private = [c for c in m.candidates if roles[c] not in PUBLIC]
            chosen = (private or list(m.candidates))[0]
        first_seen.setdefault(chosen, len(first_seen) + 1)
        resolved.append((m, chosen))
    findings = []
    for m, number in resolved:
        ent = by_number[number]
        ambiguous = len(m.candidates) > 1
        explanation = f"sources: {', '.join(sorted(ent.sources))}"
        if ambiguous:
            explanation += f"; shared by {len(m.candidates)} people"
        findings.append(
            Finding(
                start=m.start,
                end=m.end,
                entity_type="PERSON",
                entity_id=f"PERSON-{first_seen[number]}",
                role=roles[number],
                score=round(ent.score * (0.8 if ambiguous else 1.0), 3),
                recognizer="names",
                explanation=explanation,
            )
        )
    return findings
