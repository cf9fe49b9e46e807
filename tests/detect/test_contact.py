"""Contact details: e-mail (Presidio's recognizer, offline), phones (Presidio + our fallback),
street addresses and P.O. boxes (contact.yaml)."""

import pytest


@pytest.mark.parametrize(
    "text, surface",
    [
        ("Reach her at amal.h@example.org today.", "amal.h@example.org"),
        ("REACH HER AT AMAL.H@EXAMPLE.ORG TODAY.", "AMAL.H@EXAMPLE.ORG"),
        ("Write to t.haddad@mail.example.co.uk please.", "t.haddad@mail.example.co.uk"),
    ],
)
def test_email_found(find, text, surface):
    found = find(text)
    assert found.exact(surface, "EMAIL") is not None, found.findings


def test_email_case_variants_are_one_entity(find):
    found = find("Reach her at amal.h@example.org or AMAL.H@EXAMPLE.ORG, not at omar@example.org.")
    a = found.exact("amal.h@example.org", "EMAIL")
    b = found.exact("AMAL.H@EXAMPLE.ORG", "EMAIL")
    c = found.exact("omar@example.org", "EMAIL")
    assert a and b and c and a.entity_id == b.entity_id != c.entity_id


@pytest.mark.parametrize(
    "text",
    ["Write to user@localhost for help.", "The pair a@b was noted.", "E-mail was not given."],
)
def test_not_an_email(find, text):
    assert find(text).spans("EMAIL") == []


@pytest.mark.parametrize(
    "text, surface",
    [
        ("Call me at (973) 555-0142 after six.", "(973) 555-0142"),
        ("Call me at 973.555.0142 after six.", "973.555.0142"),
        ("Call me at 973-555-0142 after six.", "973-555-0142"),
        ("Her brother's number is +250 788 123 456 in Kigali.", "+250 788 123 456"),
        ("His number is +93 70 123 4567 in Kabul.", "+93 70 123 4567"),
    ],
)
def test_phone_found(find, text, surface):
    found = find(text)
    assert found.exact(surface, "PHONE") is not None, found.findings


@pytest.mark.parametrize(
    "text, surface",
    [
        ("She lived at 1402 Maple Avenue, Apt. 3B, Newark, NJ 07102 until May.",
         "1402 Maple Avenue, Apt. 3B, Newark, NJ 07102"),
        ("Mail goes to P.O. Box 112, Trenton, NJ 08601 now.", "P.O. Box 112, Trenton, NJ 08601"),
        ("He rents a room at 55 Elm Street.", "55 Elm Street"),
        ("She stayed at 1402 Maple Avenue\nNewark, NJ 07102", "1402 Maple Avenue\nNewark, NJ 07102"),
    ],
)
def test_address_found(find, text, surface):
    found = find(text)
    assert found.covering(surface, "ADDRESS"), found.findings


@pytest.mark.parametrize(
    "text",
    ["The file has 3 pages and 12 exhibits.", "Version 2.3.4 of the form.", "Page 1402 of the record."],
)
def test_no_contact_details(find, text):
    found = find(text)
    assert found.spans("ADDRESS") == [] and found.spans("PHONE") == [] and found.spans("EMAIL") == []


def test_contact_details_redacted(redact_text):
    text = ("Contact: amal.h@example.org, (973) 555-0142, "
            "1402 Maple Avenue, Apt. 3B, Newark, NJ 07102.\n")
    plan, rendered = redact_text(text)
    for secret in ("amal.h", "example.org", "555-0142", "1402", "Maple", "Newark", "07102"):
        assert secret not in rendered, secret
    assert rendered.startswith("Contact: ")
