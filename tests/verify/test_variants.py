"""Verification by variants (redactor/verify/variants.py): the normalised view, the keys of a masked
span (whole, name parts, identifier digits), and the rule against false alarms (kept spans and
replacements may hold a key as often as they do; common words are never parts)."""

import pytest

from redactor.verify import verify_text
from redactor.verify.variants import MaskedTerms, digit_view, name_parts, normalise, span_keys

ORIGINAL = ("Judge Maria Petrova presided. The applicant Natalia Petrova, A-number A075836651, "
            "testified.")
APPLICANT = ORIGINAL.index("Natalia Petrova")
NUMBER = ORIGINAL.index("A075836651")
JUDGE = ORIGINAL.index("Maria Petrova")
MASKED = [(APPLICANT, APPLICANT + 15, "PERSON"), (NUMBER, NUMBER + 10, "A_NUMBER")]
KEPT = [(JUDGE, JUDGE + 13)]
REPLACEMENTS = ["[PERSON-1]", "[A_NUMBER]"]
CORRECT = ("Judge Maria Petrova presided. The applicant [PERSON-1], A-number [A_NUMBER], "
           "testified.")


def leaks(output: str):
    return verify_text(output, ORIGINAL, MASKED, REPLACEMENTS, KEPT)


@pytest.mark.parametrize("raw, view", [
    ("Pe\u200bt\u200dro\u00adva", "petrova"),  # zero-width joiners and a soft hyphen
    ("Petro\u0301va", "petrova"),  # a decomposed accent
    ("ＰＥＴＲＯＶＡ ０７５", "petrova 075"),  # full width
    ("\u202eavorteP\u202c", "avortep petrova"),  # stored backwards behind a right-to-left override
    ("P e t r o v a", "petrova"),  # letter-spaced
    ("Pet-\nrova", "petrova"),  # hyphenated at a line end
])
def test_normalised_view(raw, view):
    assert normalise(raw) == view


def test_keys_of_a_name_and_of_an_identifier():
    assert span_keys("Natalia Petrova", "PERSON").text == ("natalia petrova", "nataliapetrova",
                                                           "natalia", "petrova")
    assert span_keys("A075836651", "A_NUMBER").digits == "075836651"
    assert name_parts("Grace Young") == []  # common words are never looked for alone
    assert name_parts("natalia.petrova@mail.example") == []  # not written like a name


def test_the_correct_output_passes_with_a_kept_judge_sharing_the_surname():
    assert leaks(CORRECT) == []


@pytest.mark.parametrize("extra, via", [
    ("Ms. Petrova wept.", "part"),
    ("NATALIA was there.", "part"),
    ("N a t a l i a  P e t r o v a", "text"),
    ("Pe\u200btrova", "part"),
    ("file 075-836-651", "digits"),
    ("0 7 5 8 3 6 6 5 1", "digits"),
    ("ref. A 075.836.651.", "digits"),
    ("０７５８３６６５１", "digits"),
])
def test_a_part_or_variant_anywhere_else_is_a_leak(extra, via):
    found = leaks(CORRECT + " " + extra)
    assert found and found[0].via == via, found


def test_digits_inside_a_longer_number_are_not_the_identifier():
    assert leaks(CORRECT + " Receipt 10758366512.") == []
    view, bounds = digit_view("A-075-836-651 2019")
    assert view.startswith("|075836651") and 1 in bounds and 10 in bounds


def test_an_unmasked_copy_in_prose_is_a_leak_only_for_strong_keys():
    original = "The applicant Rose Natalia Petrova testified. The sun rose. Petrova left."
    masked = [(14, 35, "PERSON")]
    output = "The applicant [PERSON-1] testified. The sun rose. Petrova left."
    # "Petrova" left in prose by the plan: detection missed it, the verifier does not
    assert verify_text(output, original, masked, ["[PERSON-1]"], kept_spans=[])
    # without the plan's kept spans, only the output's faithfulness to its plan is checked
    assert verify_text(output, original, masked, ["[PERSON-1]"]) == []
    # "rose" is a common word: not a part, so prose may hold it
    fine = "The applicant [PERSON-1] testified. The sun rose. [PERSON-1] left."
    assert verify_text(fine, original, masked + [(50, 57, "PERSON")], ["[PERSON-1]"] * 2,
                       kept_spans=[]) == []


def test_masked_terms_for_free_text():
    terms = MaskedTerms([("Natalia Petrova", "PERSON"), ("A075836651", "A_NUMBER")])
    for text in ("Photo of Ms. Petrova", "https://x.example/cases/075-836-651/", "NataliaPetrova",
                 "Petrova_notes"):
        assert terms.contains(text), text
    for text in ("Photo of the hearing room", "https://x.example/cases/", "Petrovsky"):
        assert not terms.contains(text), text


def test_loose_matching_for_names_and_markup():
    terms = MaskedTerms([("Natalia Petrova", "PERSON")])
    assert not terms.contains("Petrovanotes")  # as a word, no
    assert terms.contains("Petrovanotes", loose=True)  # run into a style id, yes
    assert terms.contains("urn:case:nataliapetrova", loose=True)
    assert not terms.contains("Heading1", loose=True)


def test_binary_views_look_for_strong_keys_only():
    original = "Born in 2014, the applicant Wang Jun testified."
    masked = [(8, 12, "DATE"), (28, 36, "PERSON")]
    stray = "JUN%`i 2014 Copyright 2014 Google"  # printable runs of a font program
    assert verify_text(stray, original, masked, ["[DATE]", "[PERSON-1]"], [], strong_only=True) == []
    assert verify_text(stray, original, masked, ["[DATE]", "[PERSON-1]"], [])  # as text: alarms
