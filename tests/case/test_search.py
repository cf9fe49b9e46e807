"""The case search: every variant of every private case entity is found in every document, on the
original text's terms (whole words, capitals where a name is also a word), and nothing a public
role or the profile's keep list keeps is touched."""

from __future__ import annotations

import datetime as dt

from redactor.case.link import link_case
from redactor.case.profile import CaseProfile, Identity, Term

from tests.case.conftest import case_document


def added(linked, doc_index: int, text: str) -> list[tuple[str, str, str]]:
    """(text, type, case id) of what the case search added to one document."""
    return [(text[f.start:f.end], f.entity_type, f.entity_id) for f in linked.findings[doc_index]
            if f.recognizer == "case"]


def test_variants_are_found_where_the_detector_saw_nothing():
    a = "I, Oksana Petrova, was born in Zhytomyr. My A-number is A075836651 and my phone 253-555-0193."
    b = ("OXANA PETROWA fled Zhytomyr; file A 075 836 651. Call (253) 555-0193.\n"
         "Petrova's lawyer said Oksana\nPetrova was afraid. petrova@example.org is not her address.")
    docs = [case_document(0, a, [("Oksana Petrova", 0, "PERSON", "PERSON-1", "applicant"),
                                 ("Zhytomyr", 0, "LOCATION", "LOCATION-1", None),
                                 ("A075836651", 0, "A_NUMBER", "A_NUMBER-1", None),
                                 ("253-555-0193", 0, "PHONE", "PHONE-1", None)]),
            case_document(1, b, [])]
    linked = link_case(docs)
    found = added(linked, 1, b)
    assert ("OXANA PETROWA", "PERSON", "PERSON-1") in found
    assert ("Oksana\nPetrova", "PERSON", "PERSON-1") in found
    assert ("Petrova", "PERSON", "PERSON-1") in found  # the possessive stays outside
    assert ("Zhytomyr", "LOCATION", "LOCATION-1") in found
    assert ("075 836 651", "A_NUMBER", "A_NUMBER-1") in found
    assert ("253) 555-0193", "PHONE", "PHONE-1") in found or ("(253) 555-0193", "PHONE", "PHONE-1") in found
    assert ("petrova", "PERSON", "PERSON-1") in found  # a rare word: any case, as a whole word


def test_names_that_are_also_words_are_matched_only_where_capitalised():
    a = "The applicant Grace Young testified."
    b = "Young people marched. Grace Young left; young Grace was afraid. Ms. Young agreed."
    docs = [case_document(0, a, [("Grace Young", 0, "PERSON", "PERSON-1", "applicant")]), case_document(1, b, [])]
    linked = link_case(docs)
    texts = [(b[f.start:f.end], f.start) for f in linked.findings[1]]
    assert ("Grace Young", b.index("Grace Young")) in texts
    assert ("Young", b.index("Ms. Young") + 4) in texts
    assert not any(t == "young" for t, _ in texts)


def test_short_names_need_their_exact_spelling_and_a_capital():
    a = "Applicant: Wei Li, born in Fuzhou."
    b = "Li arrived; the lid was shut; LY and Yi are others. Li's son."
    docs = [case_document(0, a, [("Wei Li", 0, "PERSON", "PERSON-1", "applicant")]), case_document(1, b, [])]
    linked = link_case(docs)
    assert sorted(t for t, _, _ in added(linked, 1, b)) == ["Li", "Li"]


def test_public_roles_and_the_keep_list_are_respected():
    a = "The applicant Tesfaye Haile and the Haile Selassie University."
    b = "Judge Haile presided. Students of Haile Selassie University. Tesfaye spoke."
    profile = CaseProfile(keep=["Haile Selassie University"])
    docs = [case_document(0, a, [("Tesfaye Haile", 0, "PERSON", "PERSON-1", "applicant")]),
            case_document(1, b, [("Haile", 0, "PERSON", "PERSON-1", "judge")])]
    linked = link_case(docs, profile)
    assert [t for t, _, _ in added(linked, 1, b)] == ["Tesfaye"]
    judge = next(f for f in linked.findings[1] if b[f.start:f.end] == "Haile")
    assert judge.role == "judge"


def test_initials_written_with_a_name_are_masked_with_it_and_tell_whose_it_is():
    a = "Aliaksandra Hrytsevich and her husband Dzmitry Hrytsevich."
    b = "Summons to citizen HRYTSEVICH D.V. and to A.S. Hrytsevich; Hrytsevich signed."
    docs = [case_document(0, a, [("Aliaksandra Hrytsevich", 0, "PERSON", "PERSON-1", "applicant"),
                                 ("Dzmitry Hrytsevich", 0, "PERSON", "PERSON-2", "family")]),
            case_document(1, b, [])]
    linked = link_case(docs)
    found = {t: i for t, _, i in added(linked, 1, b)}
    applicant = next(f.entity_id for f in linked.findings[0] if a[f.start:f.end] == "Aliaksandra Hrytsevich")
    husband = next(f.entity_id for f in linked.findings[0] if a[f.start:f.end] == "Dzmitry Hrytsevich")
    assert found["HRYTSEVICH D.V."] == husband
    assert found["A.S. Hrytsevich"] == applicant
    assert found["Hrytsevich"] not in (applicant, husband)  # nothing says whose: the shared name


def test_the_profile_adds_dates_of_birth_places_and_terms():
    a = "Nothing but prose here."
    b = ("Born 14.03.1988 in Hrodna; the form says 03/14/1988 and March 14, 1988. "
         "She sang at St Olga parish.")
    profile = CaseProfile(identities=[Identity(name="Oksana Petrova", dates_of_birth=[dt.date(1988, 3, 14)],
                                               places=["Hrodna"])],
                          mask=[Term(text="St Olga parish", type="ORG")])
    linked = link_case([case_document(0, a, []), case_document(1, b, [])], profile)
    found = {(t, e) for t, e, _ in added(linked, 1, b)}
    assert {("14.03.1988", "DATE_OF_BIRTH"), ("03/14/1988", "DATE_OF_BIRTH"), ("March 14, 1988", "DATE_OF_BIRTH"),
            ("Hrodna", "LOCATION"), ("St Olga parish", "ORG")} <= found
    dob_ids = {i for t, e, i in added(linked, 1, b) if e == "DATE_OF_BIRTH"}
    assert len(dob_ids) == 1  # one date, however written


def test_a_person_guessed_without_a_cue_that_is_a_place_in_the_case_is_that_place():
    a = "She was born in Grodno, Belarus."
    b = "Residing at: Grodno, Sovetskaya St. 12."
    docs = [case_document(0, a, [("Grodno", 0, "LOCATION", "LOCATION-1", None)]),
            case_document(1, b, [("Grodno", 0, "PERSON", "PERSON-1", None)])]
    linked = link_case(docs)
    [finding] = linked.findings[1]
    assert finding.entity_type == "LOCATION" and finding.entity_id == "LOCATION-1"
