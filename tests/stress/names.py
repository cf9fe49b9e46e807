"""Given names and surnames drawn at run time from the `names-dataset` package (Apache-2.0: name
words with their rank per country, aggregated from public profiles; never a person). Nothing here
names anyone: the repository holds only the rules for drawing.

The dataset takes about 11 s and 1.9 GB to load, so it is read once per process (`name_pool`) and
only the ranked word lists of the chosen countries are kept (about 1.2 million entries).
"""

from __future__ import annotations

import bisect
import functools
import gc
import random
import re
import unicodedata
from dataclasses import dataclass, field

# Countries of the stress corpus: the main countries of origin of asylum claims in the US and Europe
# that names-dataset covers with Latin-script names, and a spread of other regions so that naming
# systems differ (Hispanic double surnames, Arabic, Turkic, Slavic, Bantu, Akan, Malay, Chinese,
# Japanese, Korean, Nordic patronymics).
COUNTRIES = (
    # Central and South America, Caribbean
    "MX", "GT", "HN", "SV", "CO", "EC", "PE", "BO", "CL", "AR", "UY", "BR", "CR", "PA", "PR", "HT", "JM",
    # Africa
    "NG", "GH", "CM", "ET", "BI", "BF", "DJ", "AO", "NA", "ZA", "BW", "SD", "EG", "MA", "DZ", "TN",
    # Middle East, Central and South Asia
    "AF", "IR", "IQ", "SY", "JO", "LB", "PS", "YE", "SA", "TR", "AZ", "GE", "TM", "KZ", "IN", "BD",
    # East and South-East Asia, Pacific
    "CN", "TW", "HK", "JP", "KR", "ID", "MY", "PH", "KH", "FJ",
    # Europe
    "RU", "MD", "AL", "RS", "BG", "PL", "HU", "IT", "FR", "IS",
)

# Spanish-speaking countries write two surnames (paternal, maternal).
TWO_SURNAMES = frozenset({"MX", "GT", "HN", "SV", "CO", "EC", "PE", "BO", "CL", "AR", "UY", "CR", "PA", "PR"})

# Rank bands: the detector's name-word artefact keeps words ranked <= 3000 in some country; names
# outside it must be caught without it.
BANDS = (("top", 1, 500), ("mid", 501, 3000), ("rare", 3001, 10**9))
BAND_WEIGHTS = {"top": 0.40, "mid": 0.25, "rare": 0.35}
ARTEFACT_MAX_RANK = 3000

# one word, or two joined by a hyphen (each of two letters at least: "P-A" is an abbreviation) or
# by an apostrophe after a prefix ("O'Brien", "D'Souza")
LETTER = "A-Za-zÀ-ÖØ-öø-ÿĀ-ɏḀ-ỿ"
LATIN_WORD = re.compile(rf"^(?:[{LETTER}]['’])?[{LETTER}]{{2,}}(?:-[{LETTER}]{{2,}})?$")
VOWELS = set("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿāăąēĕėęěīĭįıōŏőœūŭůűųəơư")
# Words the dataset lists as names that would change what a template says (a title or a role word in
# the name slot: "my brother Judge Smith") or that are particles and honorifics, not names by
# themselves. Place names are kept, and so are common words where they are well-ranked names (see
# `noise`): real people are called Hope, Long, Santiago and Florence.
NOT_A_NAME_HERE = frozenset("""
mr mrs ms miss dr doctor sir madam lord lady judge justice counsel attorney court petitioner respondent
applicant officer commander general major captain sergeant lieutenant colonel pastor sheikh shaikh imam
haji hajji hj hjh hajj mullah father mother brother sister son daughter saint st el al ben bin binti bint
abu ibn de da del della di du dos das do van von der den la le los las mohd md the and of
""".split())


@dataclass(frozen=True)
class NameWord:
    word: str
    country: str
    kind: str  # given | surname
    rank: int  # rank in `country`
    best_rank: int  # best rank in any country, as the detector's artefact would see it

    @property
    def band(self) -> str:
        return next(name for name, lo, hi in BANDS if lo <= self.rank <= hi)

    @property
    def in_artefact(self) -> bool:
        return self.best_rank <= ARTEFACT_MAX_RANK


@dataclass(frozen=True)
class Person:
    """One fictional person: words drawn from one country's lists."""

    country: str
    given: NameWord
    given2: NameWord
    surname: NameWord
    surname2: NameWord | None = None

    @property
    def words(self) -> tuple[NameWord, ...]:
        return tuple(w for w in (self.given, self.given2, self.surname, self.surname2) if w)


@dataclass
class NamePool:
    """Ranked Latin-script name words per country and kind: (rank, word) sorted by rank, and each
    word's best rank anywhere as the detector's artefact sees it."""

    words: dict[tuple[str, str], list[tuple[int, str]]] = field(default_factory=dict)
    artefact_best: dict[str, int] = field(default_factory=dict)
    dropped_as_noise: int = 0

    def countries(self) -> list[str]:
        return sorted({c for c, _ in self.words})

    def draw_word(self, rng: random.Random, country: str, kind: str, band: str | None = None,
                  avoid: set[str] = frozenset()) -> NameWord:
        options = self.words[(country, kind)]
        band = band or _draw_band(rng)
        _, lo, hi = next(b for b in BANDS if b[0] == band)
        first, last = bisect.bisect_left(options, (lo, "")), bisect.bisect_right(options, (hi, "\uffff"))
        if first >= last:  # this country's list is shorter than the band: draw from all of it
            first, last = 0, len(options)
        for _ in range(50):
            rank, word = options[rng.randrange(first, last)]
            if word.casefold() not in avoid:
                break
        return NameWord(word, country, kind, rank, self.artefact_best.get(word.casefold(), 10**9))

    def draw_person(self, rng: random.Random, country: str, avoid: set[str]) -> Person:
        """A person whose words are not in `avoid` (the names already used in the same document),
        so that each mention is measured on its own, not rescued by another person's mention."""
        given = self.draw_word(rng, country, "given", avoid=avoid)
        given2 = self.draw_word(rng, country, "given", avoid=avoid | {given.word.casefold()})
        surname = self.draw_word(rng, country, "surname",
                                 avoid=avoid | {given.word.casefold(), given2.word.casefold()})
        surname2 = None
        if country in TWO_SURNAMES:
            surname2 = self.draw_word(rng, country, "surname",
                                      avoid=avoid | {w.word.casefold() for w in (given, given2, surname)})
        person = Person(country, given, given2, surname, surname2)
        avoid.update(w.word.casefold() for w in person.words)
        return person

def _draw_band(rng: random.Random) -> str:
    x, acc = rng.random(), 0.0
    for name, weight in BAND_WEIGHTS.items():
        acc += weight
        if x < acc:
            return name
    return "rare"


def usable(word: str) -> str | None:
    """The word as a name would be written (title case), or None if it is not a usable name word."""
    word = unicodedata.normalize("NFC", word.strip())
    if not LATIN_WORD.match(word) or len(word) < 2:
        return None
    folded = word.casefold()
    if folded in NOT_A_NAME_HERE or not (VOWELS & set(folded)) and folded != "ng":
        return None
    if word.isupper() or word.islower():
        word = "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))
    if not word[0].isupper():
        return None
    return word


def noise(word: str, rank: int) -> bool:
    """A dataset entry that is not a believable name in its country: the dataset comes from public
    profiles, where people also wrote "Pineapple", "Hearts" or "Varios" in the name fields. A word
    that is common in English, Spanish, French or Portuguese, or has two letters, is kept only where
    it is among the 3,000 best-ranked names of the country it is drawn for (Hope and Grace in the
    US, Cruz and Paz in Mexico, Sun and Li in China stay, and are measured under the tag
    `common_word`); text decoded with the wrong code page ("Ã") never is."""
    if "Ã" in word or "Â" in word:
        return True
    if rank <= ARTEFACT_MAX_RANK:
        return False
    return len(word) <= 2 or word.casefold() in _common_words()


@functools.cache
def _common_words() -> frozenset[str]:
    """Words of Zipf frequency >= 3 (one in a million) in English, Spanish, French or Portuguese."""
    from wordfreq import get_frequency_dict

    return frozenset(w for lang in ("en", "es", "fr", "pt") for w, f in get_frequency_dict(lang).items()
                     if f >= 1e-6)


@functools.cache
def name_pool() -> NamePool:
    """Load names-dataset once per process and keep only what the stress corpus draws from."""
    from names_dataset import NameDataset
    import pycountry

    country_words = {c.name.casefold() for c in pycountry.countries}
    dataset = NameDataset()
    wanted = frozenset(COUNTRIES)
    pool = NamePool()
    # the detector's artefact (tools/build_name_words.py): alphabetic words ranked <= 3000 in some
    # country, given names and surnames together
    best = pool.artefact_best
    found: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for kind, table in (("given", dataset.first_names), ("surname", dataset.last_names)):
        for raw, info in table.items():
            ranks = info.get("rank")
            if not ranks:
                continue
            key = raw.strip()
            if len(key) >= 2 and key.isalpha():
                key = key.casefold()
                top = min(ranks.values())
                if top < best.get(key, 10**9):
                    best[key] = top
            hit = wanted.intersection(ranks)
            if not hit:
                continue
            word = usable(raw)
            if word is None or word.casefold() in country_words:
                continue
            for country in hit:
                found.setdefault((country, kind), []).append((ranks[country], word))
    del dataset
    gc.collect()
    for slot, ranked in sorted(found.items()):
        ranked.sort()
        seen: set[str] = set()
        kept = [(r, w) for r, w in ranked if not (w in seen or seen.add(w))]
        pool.words[slot] = [(r, w) for r, w in kept if not noise(w, r)]
        pool.dropped_as_noise += len(kept) - len(pool.words[slot])
    return pool
