"""A-numbers (recognizers/a_number.yaml + the `a_number` validator): every common way of writing one,
labels kept outside the span, OCR confusions, line breaks; and what must not be taken for one."""

import pytest

from redactor.detect.loader import VALIDATORS


@pytest.mark.parametrize(
    "text, surface",
    [
        ("The applicant's file is A075836651.", "A075836651"),
        ("A-Number: A075-836-651", "A075-836-651"),
        ("He was issued A75 836 651 in Newark.", "A75 836 651"),
        ("Refer to A 75-836-651 on all filings.", "A 75-836-651"),
        ("A# 075 836 651", "075 836 651"),  # the label stays outside the span
        ("A#: 075-836-651", "075-836-651"),
        ("Alien No. 075836651", "075836651"),
        ("ALIEN REGISTRATION NO. 075836651", "075836651"),  # ALL CAPS label
        ("File No.: 075-836-651", "075-836-651"),
        ("A O75 836 65l was misread by the scanner.", "A O75 836 65l"),  # OCR: O for 0, l for 1
        ("AO75836651", "AO75836651"),
        ("A 075 836 651", "A 075 836 651"),  # OCR spacing after the A
        ("A-Number:\n075 836 651", "075 836 651"),  # label and number on two lines
        ("Number A075\n836\n651 appears broken over lines.", "A075\n836\n651"),
    ],
)
def test_a_number_found_with_exact_span(find, text, surface):
    found = find(text)
    assert found.exact(surface, "A_NUMBER") is not None, found.findings


@pytest.mark.parametrize(
    "text",
    [
        "Reference A1234567 is a seven-digit office code.",  # too few digits
        "The value A-075-836-6511 has ten digits.",  # too many digits
        "The stamp read AOOO OOO l23.",  # fewer than six real digits
        "Call 973-555-0142 today.",  # a phone number
        "She filed Form I-589 in 2019.",
        "Batch BA075836651 was shipped.",  # A glued to another letter
        "Code A075836651X is a product code.",  # letter glued after
    ],
)
def test_not_an_a_number(find, text):
    assert find(text).spans("A_NUMBER") == []


def test_same_number_written_two_ways_is_one_entity(find):
    found = find("A-Number: A075-836-651. Later: A# 075 836 651. Her son's is A# 099 111 222.")
    first = found.exact("A075-836-651", "A_NUMBER")
    again = found.exact("075 836 651", "A_NUMBER")
    other = found.exact("099 111 222", "A_NUMBER")
    assert first and again and other
    assert first.entity_id == again.entity_id
    assert other.entity_id != first.entity_id


def test_zero_padded_a_number_is_the_same_entity(find):
    found = find("Her A-number is A75836651; the notice gives A075836651.")
    short = found.exact("A75836651", "A_NUMBER")
    padded = found.exact("A075836651", "A_NUMBER")
    assert short and padded
    assert short.entity_id == padded.entity_id


@pytest.mark.parametrize(
    "value, valid",
    [
        ("A075836651", True),
        ("A75836651", True),
        ("075-836-651", True),
        ("A O75 836 65l", True),
        ("A1234567", False),
        ("A0758366511", False),
        ("AOOO OOO l23", False),
        ("A07583665X", False),
    ],
)
def test_a_number_validator(value, valid):
    assert VALIDATORS["a_number"](value) is valid


def test_a_number_masked_under_every_shipped_policy(redact_text):
    text = "The applicant's A-number is A075-836-651.\n"
    _, confidential = redact_text(text, "asylum-confidential")
    _, publication = redact_text(text, "court-publication")
    _, filing = redact_text(text, "frcp-5-2")
    assert "836" not in confidential and "836" not in publication
    assert "AXXX-XXX-651" in filing  # FRCP 5.2: only the last three digits stay
