"""Dates (recognizers/date.yaml + spaCy DATE, filtered): every written form, bare years and months
only after a preposition, dates of birth by context, court terms and citation years public."""

import pytest


@pytest.mark.parametrize(
    "text, surface",
    [
        ("It happened on November 3, 2005 at night.", "November 3, 2005"),
        ("It happened on Nov. 3, 2005 at night.", "Nov. 3, 2005"),
        ("It happened on 3 Nov. 2005 at night.", "3 Nov. 2005"),
        ("It happened on the 3rd of November 2005.", "3rd of November 2005"),
        ("He left in August 1989 for good.", "August 1989"),
        ("She returned on March 3 and stayed.", "March 3"),
        ("The form is dated 11/03/2005.", "11/03/2005"),
        ("The stamp reads 31.12.2005.", "31.12.2005"),
        ("The log shows 2005-11-03 as the day.", "2005-11-03"),
        ("She has lived there since 1991.", "1991"),
        ("In August of the same year she fled.", "August"),
        ("IT HAPPENED ON NOVEMBER 3, 2005.", "NOVEMBER 3, 2005"),
    ],
)
def test_date_covered(find, text, surface):
    found = find(text)
    hits = found.covering(surface, "DATE")
    assert hits, found.findings
    # the year-after-preposition form reports the year, not the preposition
    if surface == "1991":
        assert found.exact("1991", "DATE") is not None


@pytest.mark.parametrize(
    "text",
    [
        "He was 5 years old when it started.",
        "She may return if the court agrees.",
        "He stayed two weeks with his aunt.",
        "Section 1158 applies to her claim.",
        "Three quarters of the 3/4 vote.",
        "The claim took 1991 hours of work.",
    ],
)
def test_not_a_date(find, text):
    found = find(text)
    assert found.spans("DATE") == [] and found.spans("DATE_OF_BIRTH") == []


@pytest.mark.parametrize(
    "text, surface",
    [
        ("I was born on 14 March 1988 in Logar.", "14 March 1988"),
        ("DOB: 03/14/1988", "03/14/1988"),
        ("Date of birth: 2 May 1990", "2 May 1990"),
        ("She was born in 1990 in Kigali.", "1990"),
    ],
)
def test_date_of_birth_by_context(find, text, surface):
    found = find(text)
    assert found.covering(surface, "DATE_OF_BIRTH"), found.findings
    assert not found.touching(surface, "DATE")


def test_court_term_is_public(find):
    found = find("UNITED STATES COURT OF APPEALS\nAugust Term, 2007\n")
    term = found.covering("August Term, 2007", "DATE")
    assert term and all(f.is_public for f in term)


def test_citation_year_is_public_but_event_date_is_not(find):
    found = find("See Matter of J-Y-C-, 24 I&N Dec. 260 (BIA 2007). She was arrested on June 5, 2007.")
    year = found.covering("2007", "DATE", occurrence=0)
    assert year and all(f.role == "citation" for f in year)
    event = found.covering("June 5, 2007", "DATE")
    assert event and not any(f.is_public for f in event)


def test_dates_under_each_policy(redact_text):
    text = "I was born on 14 March 1988. I was arrested on June 5, 2017.\n"
    _, confidential = redact_text(text, "asylum-confidential")
    assert "1988" not in confidential and "June 5" not in confidential
    _, publication = redact_text(text, "court-publication")
    assert "born on 1988." in publication and "arrested on 2017." in publication
    _, filing = redact_text(text, "frcp-5-2")
    assert "born on 1988." in filing and "June 5, 2017" in filing  # other dates stay as filed
