"""Dates in the languages and calendars of asylum records, beyond the English forms of
`recognizers/date.yaml`: month names from dateparser's language data (Spanish, French, Portuguese,
Russian, Ukrainian, German, Italian), the Solar Hijri, Hijri, Ethiopian, Syriac and Bikram Sambat
months of `data/calendars.yaml`, misspelt months between a day and a year ("19 Abriil 2012"),
military forms (14JUL2019, 14-FEB-1979), compact ISO (20240119), CJK (2018年12月3日), Arabic-script
months between numbers, short numeric forms in context ("on 3/4"), and weekday-anchored relative
dates ("next Thursday")."""

from __future__ import annotations

import difflib
import importlib
import re
from functools import cache

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from redactor.detect.vocabulary import DATE_LANGS, calendars, fold, month_words

MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")
WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)"
ENGLISH_ABBR = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC"
YEAR = r"(?:1[3-9]\d{2}|20\d{2})"  # 1300-2099: Gregorian, Hijri (1440s) and Solar Hijri (1390s) years


@cache
def _month_alternation() -> str:
    names: set[str] = set()
    for lang in DATE_LANGS:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{lang}").info
        for key in MONTH_KEYS:
            names.update(w.rstrip(".") for w in info.get(key, []) if len(w.rstrip(".")) >= 3)
    for spellings in calendars().months.values():
        names.update(spellings)
    ordered = sorted(names, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n).replace(r"\ ", r"[\s-]+") for n in ordered) + r")\.?"


@cache
def _patterns() -> tuple[tuple[str, re.Pattern], ...]:
    month = _month_alternation()
    era = "(?:" + "|".join(re.escape(e) for e in sorted(calendars().eras, key=len, reverse=True)) + ")"
    day = r"(?:[«\"“]\s*)?(?:0?[1-9]|[12]\d|3[01])(?:\s*[»\"”])?(?:st|nd|rd|th|er|º|°|o|ª|\.)?"
    word = r"[^\W\d_][\w'’ʿ]*(?:-[\w'’ʿ]+)*"
    rows = [
        # 3 de marzo de 2019 / le 22 mars 2019 / «11» октября 2022 г. / 3. März 2019 / 15 Asad 1400
        ("day_month_year", rf"(?:\b(?i:le|el|o|the)\s+)?{day}\s+(?:(?i:de|of|del)\s+)?(?i:{month})\s*,?\s+(?:(?i:de|del|of)\s+)?{YEAR}(?:\s*{era}(?![\w]))?"),
        # marzo 3, 2019 / Hamal 3, 1398
        ("month_day_year", rf"\b(?i:{month})\s+{day},?\s+{YEAR}(?:\s*{era}(?![\w]))?"),
        # marzo de 2019 / mars 2019 / Jawza 1398
        ("month_year", rf"\b(?i:{month})\s+(?:(?i:de|del|of)\s+)?{YEAR}(?:\s*{era}(?![\w]))?"),
        # 3 de marzo / 22 mars / 15 Asad
        ("day_month", rf"\b{day}\s+(?:(?i:de|of)\s+)?(?i:{month})\b(?!\s*,?\s*\d)"),
        # a day, one to three words, a year: a month whatever its spelling ("19 Abriil 2012",
        # "11 Dhu al-Hijjah 1444", "5 Rabi' al-Thani 1441 AH")
        ("day_word_year", rf"\b{day}\s+(?P<month>{word}(?:\s+{word}){{0,2}}),?\s+{YEAR}(?:\s*{era}(?![\w]))?"),
        # the 9th day of April, 2024
        ("day_of_month", rf"\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+day\s+of\s+(?i:{month}|[A-Z][a-z]+),?\s+{YEAR}"),
        # 14JUL2019, 14-FEB-1979, 14 FEB 79
        ("military", rf"\b(?:0?[1-9]|[12]\d|3[01])[-\s]?(?i:{ENGLISH_ABBR})[-\s]?(?:{YEAR}|\d{{2}})\b"),
        # 20240119
        ("compact_iso", r"\b(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b"),
        # 2018年12月3日, 2018년 12월 3일
        ("cjk", r"\d{4}\s*[年년]\s*\d{1,2}\s*[月월](?:\s*\d{1,2}\s*[日일])?"),
        # 17 / تشرين الأول / 2019
        ("arabic_month", r"\b\d{1,2}\s*/\s*[\u0600-\u06ff][\u0600-\u06ff ]*[\u0600-\u06ff]\s*/\s*\d{4}\b"),
        # on 3/4, by 9/5, the 3/4 hearing
        ("short_numeric", r"\b(?i:on|by|before|after|until|till|since|from|dated|of|the|for|at|to)\s+(?P<span>(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9]))\b(?!\s*(?i:of|inch|in\.|cup|mile|majority|vote)\b)(?![/\d])"),
        ("short_numeric_noun", r"\b(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])(?=\s+(?i:hearing|deadline|interview|filing|appointment|meeting|call|court|master|individual)\b)"),
        # next Thursday, last Monday, this Friday
        ("relative_weekday", rf"\b(?i:next|last|this|coming|previous|following|that)\s+(?i:{WEEKDAYS})\b"),
        # 15 Asad 1400 written with the year first: 1400/5/15, 1398-03-12 (Solar Hijri numerals)
        ("solar_hijri_numeric", r"\b1[34]\d{2}[/.-](?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12]\d|3[01])\b"),
    ]
    return tuple((name, re.compile(rx)) for name, rx in rows)


def _is_month_phrase(phrase: str) -> bool:
    """The middle of "day WORD year" is a month: every word a known month word, or one word within
    two edits of a known month (a translator's or OCR's spelling)."""
    words = [fold(w).strip("'’ʿ") for w in re.split(r"[\s]+", phrase) if w]
    known = month_words()
    parts = [p for w in words for p in w.split("-") if p]
    if parts and all(p in known or p in ("al", "el", "ul", "de", "of") for p in parts):
        return True
    if len(words) == 1 and words[0].isalpha() and len(words[0]) >= 3:
        return bool(difflib.get_close_matches(words[0], known, n=1, cutoff=0.75))
    return False


class MultilingualDateRecognizer(EntityRecognizer):
    def __init__(self):
        super().__init__(supported_entities=["DATE"], name="date_multilingual", supported_language="en")

    def load(self) -> None:
        _patterns()

    def analyze(self, text, entities, nlp_artifacts=None):
        results = []
        for name, regex in _patterns():
            for m in regex.finditer(text):
                if name == "day_word_year" and not _is_month_phrase(m.group("month")):
                    continue
                start, end = m.span("span") if "span" in regex.groupindex else m.span()
                while end > start and text[end - 1] in " ,":
                    end -= 1
                results.append(RecognizerResult(
                    "DATE", start, end, 0.9,
                    analysis_explanation=AnalysisExplanation(self.name, 0.9, pattern_name=name),
                    recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                          RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                                          "role": None}))
        return results
