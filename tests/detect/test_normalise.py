"""The normalised view (detect/normalise.py): invisible characters gone, compatibility forms folded,
accents composed, line-end hyphens rejoined, letter-spaced runs collapsed, OCR look-alikes read in
context; and every span of the view maps back exactly to the original characters."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redactor.detect.normalise import REMOVED, normalise


@pytest.mark.parametrize("original, view", [
    ("Ms. Bala\u00adchova", "Ms. Balachova"),                       # soft hyphen
    ("A\u200b075\u200c836651", "A075836651"),                        # zero-width characters
    ("Ｎａｔａｌｉａ Ａ０７５８３６６５１", "Natalia A075836651"),     # full-width letters and digits
    ("Jose\u0301 Marti\u0301nez", "José Martínez"),                 # decomposed accents
    ("Bala-\nchova and Lopez-\n  Lopez", "Balachova and Lopez-Lopez"),  # line-end hyphens
    ("A 2 0 8 - 4 4 1 - 9 0 2", "A208-441-902"),                    # letter-spaced identifier
    ("P E T R O V A  N A T A L I A", "PETROVA  NATALIA"),            # letter-spaced name
    ("ESC0BAR from KENlA, Ba1achova", "ESCOBAR from KENIA, Balachova"),  # OCR letters in names
    ("O75836651 and AO75836651", "075836651 and A075836651"),        # OCR digits in numbers
    ("x \u202eavohcalaB\u202c y", "x Balachova y"),                  # right-to-left override
])
def test_view_reads_what_a_reader_sees(original, view):
    assert normalise(original).text == view


@pytest.mark.parametrize("text", [
    "I-589, 3rd, 1st, 14B, COVID19, F43.10, I10, 2019",  # short codes keep their characters
    "Plain ASCII text, with a hyphen-ated word and A075836651.",
    "a b c",  # three single letters are not a letter-spaced run
])
def test_ordinary_text_is_untouched(text):
    view = normalise(text)
    assert view.text == text


def test_each_word_of_the_view_maps_to_its_original_characters():
    original = "Ms. Bala\u00adchova (A\u200b075 836 651) met Ｊｕａｎ and P E T R O V A."
    view = normalise(original)
    pairs = {m.group(): original[slice(*view.to_original(*m.span()))] for m in re.finditer(r"\w+", view.text)}
    assert pairs["Balachova"] == "Bala\u00adchova"
    assert pairs["A075"] == "A\u200b075"
    assert pairs["Juan"] == "Ｊｕａｎ"
    assert pairs["PETROVA"] == "P E T R O V A"


ALPHABET = st.sampled_from(list("abcABC019 -.\n") + list(REMOVED[:6]) + ["é", "e\u0301", "Ａ", "１", "ﬁ", "½"])
texts = st.lists(ALPHABET, max_size=60).map("".join)


@given(texts, st.data())
def test_every_view_span_maps_inside_the_original_in_order(text, data):
    view = normalise(text)
    n = len(view.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    a, b = view.to_original(start, end)
    assert 0 <= a <= b <= len(text)
    if start < end:
        # the original characters, read the same way, contain every letter and digit of the span
        source = unicodedata.normalize("NFKC", "".join(c for c in text[a:b] if c not in REMOVED))
        wanted = [c for c in view.text[start:end] if c.isalnum()]
        assert all(c in source or c in "01OoIl" for c in wanted), (text, view.text[start:end], text[a:b])


@given(texts)
def test_map_is_monotonic(text):
    view = normalise(text)
    points = [view.to_original_point(i) for i in range(len(view.text) + 1)]
    assert points == sorted(points)
    assert all(0 <= p <= len(text) for p in points)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_any_text_normalises_without_error(text):
    view = normalise(text)
    if view.identity:
        assert view.text == text
    for m in re.finditer(r"\S+", view.text):
        a, b = view.to_original(*m.span())
        assert 0 <= a <= b <= len(text)
