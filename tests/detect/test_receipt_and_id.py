"""USCIS receipt numbers (receipt_number.yaml) and personal ID numbers found by their labels
(id_code.yaml): passports, I-94, FIN, national ID cards, diplomatic notes, SSNs."""

import pytest


@pytest.mark.parametrize(
    "text, surface",
    [
        ("Receipt Number: EAC2190012345", "EAC2190012345"),
        ("receipt EAC 2190012345 was issued", "EAC 2190012345"),
        ("IOE0912345678", "IOE0912345678"),
        ("Notice EAC-21-900-12345 arrived.", "EAC-21-900-12345"),
    ],
)
def test_receipt_number_found(find, text, surface):
    found = find(text)
    assert found.exact(surface, "RECEIPT_NUMBER") is not None, found.findings


@pytest.mark.parametrize(
    "text",
    [
        "the code eac2190012345 is lowercase",
        "EAC219001234 has nine digits",
        "ABCD2190012345 has four letters",
        "She filed Form I-589 and Form I-765.",
    ],
)
def test_not_a_receipt_number(find, text):
    assert find(text).spans("RECEIPT_NUMBER") == []


def test_receipt_written_two_ways_is_one_entity(find):
    found = find("Receipt EAC2190012345 (also written EAC-21-900-12345) and receipt IOE0912345678.")
    a = found.exact("EAC2190012345", "RECEIPT_NUMBER")
    b = found.exact("EAC-21-900-12345", "RECEIPT_NUMBER")
    c = found.exact("IOE0912345678", "RECEIPT_NUMBER")
    assert a and b and c
    assert a.entity_id == b.entity_id != c.entity_id


@pytest.mark.parametrize(
    "text, surface",
    [
        ("Passport No. P04567123 was issued in 2016.", "P04567123"),
        ("PASSPORT NUMBER: AB1234567", "AB1234567"),  # ALL CAPS label
        ("I-94 No. 123456789A1", "123456789A1"),
        ("FIN 1234567890", "1234567890"),
        ("my tazkira number 1400-0101-23456", "1400-0101-23456"),
        ("identity card No. AB123456", "AB123456"),
        ("diplomatic Note No. 112-087 of the embassy", "112-087"),
        ("reference K-568-99/1543 in the file", "K-568-99/1543"),
        ("SSN 123-45-6789", "123-45-6789"),
    ],
)
def test_id_code_found(find, text, surface):
    found = find(text)
    hit = found.exact(surface, "ID_CODE")
    assert hit is not None, found.findings
    assert not hit.is_public


@pytest.mark.parametrize(
    "text",
    ["Her passport was stolen in Kabul.", "The card number was never issued.", "Page 12-13 of the record."],
)
def test_no_personal_id_without_a_number(find, text):
    assert [f for f in find(text).findings if f.entity_type == "ID_CODE" and not f.is_public] == []


def test_form_numbers_are_public(find):
    found = find("She filed Form I-589 with Form G-28 and then EOIR-26.")
    for form in ("I-589", "G-28", "EOIR-26"):
        hit = found.exact(form, "ID_CODE")
        assert hit is not None and hit.role == "form", form


def test_receipt_and_passport_masked_but_form_kept(redact_text):
    text = "Form I-589 receipt EAC2190012345; Passport No. P04567123.\n"
    _, rendered = redact_text(text)
    assert "I-589" in rendered
    assert "EAC2190012345" not in rendered and "P04567123" not in rendered
