"""Verification (verify/text.py, service.check_output): a masked string that survives in an output,
in any case, spacing, line-break or hyphenation variant, is caught; a correct output passes."""

import pytest

from redactor.io import document_from_text
from redactor.service import VerificationError, check_output
from redactor.verify import verify_text

ORIGINAL = "The applicant Tariq Haddad testified. Haddad fled Aleppo. Judge Ruiz ruled."
MASKED = [(14, 26, "PERSON"), (38, 44, "PERSON"), (50, 56, "LOCATION")]
REPLACEMENTS = ["[PERSON-1]", "[PERSON-1]", "██████"]
CORRECT = "The applicant [PERSON-1] testified. [PERSON-1] fled ██████. Judge Ruiz ruled."


def test_original_spans_are_what_the_test_says():
    assert [ORIGINAL[s:e] for s, e, _ in MASKED] == ["Tariq Haddad", "Haddad", "Aleppo"]


def test_correct_output_passes():
    assert verify_text(CORRECT, ORIGINAL, MASKED, REPLACEMENTS) == []


@pytest.mark.parametrize(
    "leaked, expected_type",
    [
        ("Tariq Haddad", "PERSON"),
        ("Haddad", "PERSON"),
        ("HADDAD", "PERSON"),
        ("haddad", "PERSON"),
        ("Tariq\nHaddad", "PERSON"),
        ("TARIQ  HADDAD", "PERSON"),
        ("Had-\ndad", "PERSON"),  # hyphenated over a line break
        ("Had\u00addad", "PERSON"),  # soft hyphen
        ("ALEPPO", "LOCATION"),
    ],
)
def test_leaked_variant_is_caught(leaked, expected_type):
    tampered = CORRECT.replace("Judge Ruiz ruled.", f"Judge Ruiz ruled on {leaked}.")
    leaks = verify_text(tampered, ORIGINAL, MASKED, REPLACEMENTS)
    assert leaks and {leak.entity_type for leak in leaks} == {expected_type}
    assert all(leak.count >= 1 for leak in leaks)


def test_name_put_back_in_place_of_its_tag_is_caught():
    tampered = CORRECT.replace("[PERSON-1] fled", "Haddad fled")
    leaks = verify_text(tampered, ORIGINAL, MASKED, REPLACEMENTS)
    # the surname alone, and the surname as a part of the full name "Tariq Haddad"
    assert [(leak.start, leak.end, leak.count, leak.via) for leak in leaks] == [
        (14, 26, 1, "part"), (38, 44, 1, "text")]


def test_leaked_two_letter_surname_is_caught():
    original = "The applicant Van Minh Vu testified. The police beat Vu twice."
    masked = [(14, 25, "PERSON"), (53, 55, "PERSON")]
    assert [original[s:e] for s, e, _ in masked] == ["Van Minh Vu", "Vu"]
    output = "The applicant [PERSON-1] testified. The police beat [PERSON-1] twice. Vu"
    assert verify_text(output, original, masked, ["[PERSON-1]", "[PERSON-1]"])


def test_word_that_only_contains_the_name_is_not_a_leak():
    output = CORRECT + " The Haddadin family and Aleppos are unrelated."
    assert verify_text(output, ORIGINAL, MASKED, REPLACEMENTS) == []


def test_name_also_left_visible_on_purpose_is_not_a_leak():
    original = "Judge Haddad presided. The applicant Tariq Haddad testified."
    masked = [(37, 49, "PERSON")]
    output = "Judge Haddad presided. The applicant [PERSON-1] testified."
    assert verify_text(output, original, masked, ["[PERSON-1]"]) == []
    leaks = verify_text(output + " Tariq Haddad.", original, masked, ["[PERSON-1]"])
    assert [(leak.start, leak.end, leak.count) for leak in leaks] == [(37, 49, 1)]


def test_name_inside_a_replacement_is_not_a_leak():
    original = "Tariq Haddad testified."
    output = "Tariq H. testified."  # e.g. a pseudonym or partial that legitimately shares a word
    assert verify_text(output, original, [(0, 12, "PERSON")], ["Tariq H."]) == []


def test_check_output_raises_without_the_sensitive_text(redact_text):
    text = "The applicant Tariq Haddad testified.\n"
    plan, rendered = redact_text(text)
    doc = document_from_text(text, "statement.txt")
    check_output(doc, plan, rendered)  # the real output passes
    with pytest.raises(VerificationError) as info:
        check_output(doc, plan, rendered + "TARIQ\nHADDAD\n")
    message = str(info.value)
    assert "statement.txt" in message and "PERSON" in message
    assert "Haddad" not in message and "HADDAD" not in message
