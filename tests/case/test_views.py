"""The canonical and compact views: every spelling of a name reads the same, and every hit maps
back to exactly the original characters (property-tested)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from redactor.case.naming import canonical, is_initial, name_forms
from redactor.case.views import canonical_view, compact_view


def test_spellings_of_one_name_share_a_key():
    for a, b in [("Oksana", "OXANA"), ("Petrova", "Petrowa"), ("Yulia", "Iulia"), ("Mohamad", "Mohammad"),
                 ("Khalid", "Halid"), ("Aliaksandra", "ALIAKSANDRA"), ("Ndèye", "Ndeye"),
                 ("Oksana  Petrova", "Oksana\nPetrova")]:
        assert canonical(a) == canonical(b), (a, b)
    assert canonical("Petrova") != canonical("Petrov")


def test_a_key_found_in_the_view_maps_back_to_its_spelling():
    text = "Ms. OXANA  Petrowa (née Sidorenko) and\nAliaksandra HRYTSEVICH; Yulia Khalid Phillips"
    view = canonical_view(text)
    for key, written in [("oxana petrova", "OXANA  Petrowa"), ("aliaxandra hritsevich", "Aliaksandra HRYTSEVICH"),
                         ("iulia", "Yulia"), ("halid", "Khalid"), ("filips", "Phillips"), ("sidorenko", "Sidorenko")]:
        at = view.text.index(key)
        start, end = view.to_original(at, at + len(key))
        assert text[start:end] == written


@given(st.text(alphabet="aksohuwyphAKSOHWY \n\t.,-éß", max_size=60), st.data())
def test_every_span_of_the_view_maps_inside_the_text_and_reads_as_itself(text, data):
    view = canonical_view(text)
    assert canonical(text) == view.text.strip()
    if not view.text:
        return
    start = data.draw(st.integers(0, len(view.text) - 1))
    end = data.draw(st.integers(start + 1, len(view.text)))
    o_start, o_end = view.to_original(start, end)
    assert 0 <= o_start < o_end <= len(text)
    piece = view.text[start:end]
    if piece.strip() == piece and piece.isalpha():
        # whole words of the view read the same when the original is put through canonical()
        assert canonical(text[o_start:o_end]).startswith(piece[:1])


def test_compact_view_reads_identifiers_through_their_separators():
    text = "File A212-345-678, also A 212 345 678; phone +1 (253) 555-0193."
    view = compact_view(text)
    at = view.text.index("212345678")
    assert text[slice(*view.to_original(at, at + 9))] == "212-345-678"
    at = view.text.index("2535550193")
    assert text[slice(*view.to_original(at, at + 10))] == "253) 555-0193"


def test_initials_and_name_forms():
    assert is_initial("A.") and is_initial("A.S.") and is_initial("I.V")
    assert not is_initial("Mr.") and not is_initial("AS") and not is_initial("Dr")
    [form] = name_forms("GRITSEVICH A.S.")
    assert form.words == ("GRITSEVICH",) and form.initials == ("a", "s")
    forms = name_forms("Aliaksandra Hrytsevich\nTranslated")
    assert [f.words for f in forms] == [("Aliaksandra", "Hrytsevich"), ("Translated",)]
    assert name_forms("Mr. Hrytsevich's")[0].words == ("Hrytsevich",)
