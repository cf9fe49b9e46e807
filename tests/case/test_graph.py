"""The identity graph on documents with hand-made findings (no model): which names are one person
across documents, and which are not."""

from __future__ import annotations

from redactor.case.link import link_case
from redactor.case.profile import CaseProfile, Identity

from tests.case.conftest import case_document


def ids_of(linked, doc_index: int, text: str, surface: str) -> set[str]:
    """The case ids of the findings of one document whose text is `surface`."""
    return {f.entity_id for f in linked.findings[doc_index] if text[f.start:f.end] == surface}


def person(linked, entity_id: str):
    return next(e for e in linked.entities if e.id == entity_id)


def test_spellings_of_one_full_name_across_documents_are_one_person():
    a = "Declaration of Dzmitry Hrytsevich, husband of the applicant."
    b = "Her husband, Dmitry Gritsevich, is in a penal colony."
    c = "DZMITRY HRYTSEVICH was arrested in November."
    docs = [case_document(0, a, [("Dzmitry Hrytsevich", 0, "PERSON", "PERSON-1", "family")]),
            case_document(1, b, [("Dmitry Gritsevich", 0, "PERSON", "PERSON-1", None)]),
            case_document(2, c, [("DZMITRY HRYTSEVICH", 0, "PERSON", "PERSON-1", None)])]
    linked = link_case(docs)
    assert ids_of(linked, 0, a, "Dzmitry Hrytsevich") == ids_of(linked, 1, b, "Dmitry Gritsevich") \
        == ids_of(linked, 2, c, "DZMITRY HRYTSEVICH") == {"PERSON-1"}
    assert person(linked, "PERSON-1").role == "family"  # the role one document knows holds everywhere
    assert dict(person(linked, "PERSON-1").links)["name"] == 2


def test_a_brother_and_a_sister_are_not_one_person():
    a = "The applicant Aleksandr Petrov testified."
    b = "His sister Aleksandra Petrova wrote a letter."
    docs = [case_document(0, a, [("Aleksandr Petrov", 0, "PERSON", "PERSON-1", "applicant")]),
            case_document(1, b, [("Aleksandra Petrova", 0, "PERSON", "PERSON-1", "family")])]
    linked = link_case(docs)
    assert ids_of(linked, 0, a, "Aleksandr Petrov") != ids_of(linked, 1, b, "Aleksandra Petrova")


def test_a_surname_alone_joins_the_one_person_whose_full_name_holds_it():
    a = "I, Oksana Petrova, declare as follows."
    b = "PETROVA was detained, the report says. Petrova denies it."
    docs = [case_document(0, a, [("Oksana Petrova", 0, "PERSON", "PERSON-1", "applicant")]),
            case_document(1, b, [("PETROVA", 0, "PERSON", "PERSON-1", None),
                                 ("Petrova", 0, "PERSON", "PERSON-1", None)])]
    linked = link_case(docs)
    assert ids_of(linked, 1, b, "PETROVA") == ids_of(linked, 0, a, "Oksana Petrova") == {"PERSON-1"}


def test_a_surname_the_family_shares_is_one_shared_name_unless_initials_tell():
    a = "Aliaksandra Hrytsevich and her husband Dzmitry Hrytsevich fled; their son Maksim Hrytsevich too."
    b = "Ms. Hrytsevich and Mr. Hrytsevich attended."
    c = "The letter is about A. Hrytsevich."
    docs = [case_document(0, a, [("Aliaksandra Hrytsevich", 0, "PERSON", "PERSON-1", "applicant"),
                                 ("Dzmitry Hrytsevich", 0, "PERSON", "PERSON-2", "family"),
                                 ("Maksim Hrytsevich", 0, "PERSON", "PERSON-3", "minor")]),
            case_document(1, b, [("Hrytsevich", 0, "PERSON", "PERSON-1", None),
                                 ("Hrytsevich", 1, "PERSON", "PERSON-1", None)]),
            case_document(2, c, [("Hrytsevich", 0, "PERSON", "PERSON-1", None)])]
    linked = link_case(docs)
    applicant = ids_of(linked, 0, a, "Aliaksandra Hrytsevich")
    shared = ids_of(linked, 1, b, "Hrytsevich")
    assert len(shared) == 1 and shared != applicant
    assert "a name shared by several people of the case" in person(linked, shared.pop()).flags
    assert ids_of(linked, 2, c, "Hrytsevich") == applicant  # "A." tells whose surname it is


def test_one_a_number_ties_the_names_around_it():
    a = "Name: Oksana Sidorenko\nA-Number: A075836651\n"
    b = "Respondent: Oksana Petrova (A 075-836-651)"
    docs = [case_document(0, a, [("Oksana Sidorenko", 0, "PERSON", "PERSON-1", "applicant"),
                                 ("A075836651", 0, "A_NUMBER", "A_NUMBER-1", None)]),
            case_document(1, b, [("Oksana Petrova", 0, "PERSON", "PERSON-1", "applicant"),
                                 ("A 075-836-651", 0, "A_NUMBER", "A_NUMBER-1", None)])]
    linked = link_case(docs)
    assert ids_of(linked, 0, a, "Oksana Sidorenko") == ids_of(linked, 1, b, "Oksana Petrova")
    assert ids_of(linked, 0, a, "A075836651") == ids_of(linked, 1, b, "A 075-836-651") == {"A_NUMBER-1"}


def test_an_a_number_written_beside_another_persons_name_does_not_merge_them():
    a = "Applicant: Aliaksandra Hrytsevich\nA-Number: A212345678\n"
    b = "Child: Maksim Hrytsevich, A-Number A212345678 (the mother's, entered by mistake)"
    docs = [case_document(0, a, [("Aliaksandra Hrytsevich", 0, "PERSON", "PERSON-1", "applicant"),
                                 ("A212345678", 0, "A_NUMBER", "A_NUMBER-1", None)]),
            case_document(1, b, [("Maksim Hrytsevich", 0, "PERSON", "PERSON-1", "minor"),
                                 ("A212345678", 0, "A_NUMBER", "A_NUMBER-1", None)])]
    linked = link_case(docs)
    assert ids_of(linked, 0, a, "Aliaksandra Hrytsevich") != ids_of(linked, 1, b, "Maksim Hrytsevich")


def test_a_date_of_birth_ties_names_that_share_a_word():
    a = "Oksana Sidorenko, born March 3, 1990, in Lviv."
    b = "Oksana Petrova (DOB 03/03/1990)"
    c = "Ivan Petrov (DOB 03/03/1990), her twin"
    docs = [case_document(0, a, [("Oksana Sidorenko", 0, "PERSON", "PERSON-1", "applicant"),
                                 ("March 3, 1990", 0, "DATE_OF_BIRTH", "DATE_OF_BIRTH-1", None)]),
            case_document(1, b, [("Oksana Petrova", 0, "PERSON", "PERSON-1", None),
                                 ("03/03/1990", 0, "DATE_OF_BIRTH", "DATE_OF_BIRTH-1", None)]),
            case_document(2, c, [("Ivan Petrov", 0, "PERSON", "PERSON-1", None),
                                 ("03/03/1990", 0, "DATE_OF_BIRTH", "DATE_OF_BIRTH-1", None)])]
    linked = link_case(docs)
    assert ids_of(linked, 0, a, "Oksana Sidorenko") == ids_of(linked, 1, b, "Oksana Petrova")
    assert ids_of(linked, 2, c, "Ivan Petrov") != ids_of(linked, 1, b, "Oksana Petrova")
    assert ids_of(linked, 0, a, "March 3, 1990") == ids_of(linked, 1, b, "03/03/1990")


def test_alias_labels_and_form_fields_tie_names_within_a_document():
    a = ("4. Complete Last Name: HRYTSEVICH\n5. First Name: ALIAKSANDRA\n6. Middle Name: SIARHEYEUNA\n"
         "7. Other names used? Alexandra Gritsevich; Sasha\n")
    b = "I, Aliaksandra Siarheyeuna Hrytsevich, declare."
    c = "Sasha called the office."
    docs = [case_document(0, a, [("HRYTSEVICH", 0, "PERSON", "PERSON-1", "applicant"),
                                 ("ALIAKSANDRA", 0, "PERSON", "PERSON-2", "applicant"),
                                 ("SIARHEYEUNA", 0, "PERSON", "PERSON-3", "applicant"),
                                 ("Alexandra Gritsevich", 0, "PERSON", "PERSON-4", None),
                                 ("Sasha", 0, "PERSON", "PERSON-5", None)]),
            case_document(1, b, [("Aliaksandra Siarheyeuna Hrytsevich", 0, "PERSON", "PERSON-1", "applicant")]),
            case_document(2, c, [("Sasha", 0, "PERSON", "PERSON-1", None)])]
    linked = link_case(docs)
    one = ids_of(linked, 1, b, "Aliaksandra Siarheyeuna Hrytsevich")
    for surface in ("ALIAKSANDRA", "SIARHEYEUNA", "Alexandra Gritsevich", "Sasha"):
        assert ids_of(linked, 0, a, surface) == one, surface
    assert ids_of(linked, 2, c, "Sasha") == one


def test_a_public_persons_surname_is_not_given_to_a_private_person_and_stays_kept():
    a = "Dr. Mehret Haile, a psychologist, examined the applicant Tesfaye Alemu."
    b = "Dr. Haile's report is attached. Haile also testified."
    docs = [case_document(0, a, [("Mehret Haile", 0, "PERSON", "PERSON-1", "expert"),
                                 ("Tesfaye Alemu", 0, "PERSON", "PERSON-2", "applicant")]),
            case_document(1, b, [("Haile", 0, "PERSON", "PERSON-1", "expert"),
                                 ("Haile", 1, "PERSON", "PERSON-1", "expert")])]
    linked = link_case(docs)
    expert = ids_of(linked, 0, a, "Mehret Haile")
    assert ids_of(linked, 1, b, "Haile") == expert
    assert person(linked, expert.pop()).role == "expert"
    assert not any(f.recognizer == "case" for f in linked.findings[1])


def test_the_profile_seeds_the_graph_and_comes_first():
    a = "Witness statement of Volha Zhuk. Zhuk lives next door."
    b = "The applicant, Oksana Petrova, and her neighbour Ms. Zhuk."
    profile = CaseProfile(identities=[Identity(name="Oksana Petrova", role="applicant", aliases=["Ksyusha"])])
    docs = [case_document(0, a, [("Volha Zhuk", 0, "PERSON", "PERSON-1", "witness")]),
            case_document(1, b, [("Oksana Petrova", 0, "PERSON", "PERSON-1", None),
                                 ("Zhuk", 0, "PERSON", "PERSON-2", None)])]
    linked = link_case(docs, profile)
    assert ids_of(linked, 1, b, "Oksana Petrova") == {"PERSON-1"}  # the profile's people first
    assert person(linked, "PERSON-1").role == "applicant"
    assert ids_of(linked, 0, a, "Volha Zhuk") == ids_of(linked, 1, b, "Zhuk") == {"PERSON-2"}
    # the "Zhuk" the detector missed in document 0 is found by the case search
    assert any(a[f.start:f.end] == "Zhuk" and f.recognizer == "case" for f in linked.findings[0])


def test_linking_is_the_same_whatever_the_names_of_the_files():
    a = "I, Oksana Petrova, declare."
    b = "PETROVA was detained."
    first = link_case([case_document(0, a, [("Oksana Petrova", 0, "PERSON", "PERSON-1", "applicant")], "x.txt"),
                       case_document(1, b, [("PETROVA", 0, "PERSON", "PERSON-1", None)], "y.txt")])
    again = link_case([case_document(0, a, [("Oksana Petrova", 0, "PERSON", "PERSON-1", "applicant")], "x.txt"),
                       case_document(1, b, [("PETROVA", 0, "PERSON", "PERSON-1", None)], "y.txt")])
    assert first.findings == again.findings and first.entities == again.entities
