"""Person names at document level (detect/names.py, cues.py, roles.yaml): every mention of one
person linked to one entity (surname alone, possessives, ALL CAPS, lowercase, line breaks, accent and
spelling variants), and the roles that decide masking: private people vs judges, counsel and the
parties of cited precedents. All texts are fictional."""

import pytest


def person(found, surface, occurrence=0):
    hit = found.exact(surface, "PERSON", occurrence)
    assert hit is not None, f"no PERSON finding exactly on {surface!r}: {found.findings}"
    return hit


def test_possessives_stay_outside_and_link_to_the_person(find):
    found = find("The applicant Tariq Haddad testified. Haddad's brother was arrested. "
                 "Haddad’s mother fled. HADDAD'S file is thin.")
    full = person(found, "Tariq Haddad")
    ids = {person(found, "Haddad", 1).entity_id, person(found, "Haddad", 2).entity_id,
           person(found, "HADDAD").entity_id}
    assert ids == {full.entity_id}
    assert not any("'" in found.text[f.start:f.end] or "’" in found.text[f.start:f.end]
                   for f in found.findings if f.entity_type == "PERSON")


def test_all_caps_caption_is_the_same_person(find):
    found = find("DECLARATION OF TARIQ HADDAD\n\nI, Tariq Haddad, declare as follows. "
                 "My son Yusuf Haddad, age 9, and my wife, Farida Haddad, stayed in Aleppo.")
    caps, plain = person(found, "TARIQ HADDAD"), person(found, "Tariq Haddad")
    assert caps.entity_id == plain.entity_id
    assert caps.role == plain.role == "applicant"
    # relatives sharing the surname are other people, with their own roles
    son, wife = person(found, "Yusuf Haddad"), person(found, "Farida Haddad")
    assert len({plain.entity_id, son.entity_id, wife.entity_id}) == 3
    assert son.role == "minor" and wife.role == "family"


def test_surname_only_lowercase_and_line_breaks(find):
    text = ("Haddad was interviewed on Monday. The applicant Tariq Haddad said that haddad is his "
            "family name. The record spells it Tariq\nHaddad and TARIQ\nHADDAD.")
    found = find(text)
    entity = person(found, "Tariq Haddad").entity_id
    for surface in ("Haddad", "haddad", "Tariq\nHaddad", "TARIQ\nHADDAD"):
        assert person(found, surface).entity_id == entity, surface
    assert person(found, "Haddad").role == "applicant"  # evidence found later applies to all


def test_accent_variants_are_one_person(find):
    found = find("Petitioner José Muñoz seeks review. Jose Munoz is the name on his passport. "
                 "MUÑOZ signed.")
    ids = {person(found, s).entity_id for s in ("José Muñoz", "Jose Munoz", "MUÑOZ")}
    assert len(ids) == 1


def test_spelling_variants_share_one_entity_id(find):
    found = find("Petitioner Eugenia Balachova seeks review. The record spells her name "
                 "Eiguenia Balachova in one place. Balachova testified.")
    ids = {person(found, s).entity_id for s in ("Eugenia Balachova", "Eiguenia Balachova")}
    ids.add(person(found, "Balachova", 2).entity_id)
    assert len(ids) == 1


def test_given_name_variant_not_lost_when_model_calls_the_name_an_org(find, redact_text):
    text = ("Eiguenia Balachova testified before the Immigration Judge. Ms. Balachova stated that "
            "Eugenia Balachova is her legal name.")
    found = find(text)
    assert person(found, "Eugenia Balachova").entity_id == person(found, "Eiguenia Balachova").entity_id
    _, rendered = redact_text(text)
    assert "Eugenia" not in rendered


@pytest.mark.parametrize(
    "text, mention, occurrence",
    [
        ("The applicant Van Minh Vu testified credibly about the raid. The police beat Vu twice.", "Vu", 1),
        ("The applicant Thi Lan Ng testified. NG fled Vietnam in 2015.", "NG", 0),
    ],
    ids=["Vu", "NG"],
)
def test_two_letter_surname_alone_is_the_same_person(find, redact_text, text, mention, occurrence):
    found = find(text)
    full = found.findings[0]
    assert full.entity_type == "PERSON" and full.role == "applicant"
    assert person(found, mention, occurrence).entity_id == full.entity_id
    _, rendered = redact_text(text)
    assert f" {mention} " not in rendered


def test_different_people_get_different_ids(find):
    found = find("The applicant Tariq Haddad testified. The witness Omar Nasser saw the arrest. "
                 "Nasser and Haddad knew each other.")
    haddad, nasser = person(found, "Tariq Haddad"), person(found, "Omar Nasser")
    assert haddad.entity_id != nasser.entity_id
    assert nasser.role == "witness"
    assert person(found, "Nasser", 1).entity_id == nasser.entity_id
    assert person(found, "Haddad", 1).entity_id == haddad.entity_id


def test_judge_is_public_everywhere(find, redact_text):
    text = ("UNITED STATES IMMIGRATION COURT\n\nBefore: Immigration Judge Laura Pemberton\n\n"
            "The respondent Tariq Haddad appeared. Judge Pemberton admitted the exhibits. "
            "Pemberton then heard the testimony.")
    found = find(text)
    judge = [f for f in found.findings if "Pemberton" in text[f.start:f.end]]
    assert judge and all(f.role == "judge" and f.is_public for f in judge)
    assert person(found, "Tariq Haddad").role == "applicant"
    _, rendered = redact_text(text)
    assert rendered.count("Pemberton") == 3
    assert "Haddad" not in rendered and "Tariq" not in rendered


def test_counsel_is_public(find, redact_text):
    text = ("Helen Carter, Esq., for Petitioner\n\nPetitioner Tariq Haddad seeks review. "
            "Ms. Carter argued the appeal.")
    found = find(text)
    counsel = [f for f in found.findings if "Carter" in text[f.start:f.end]]
    assert counsel and all(f.role == "attorney" for f in counsel)
    _, rendered = redact_text(text)
    assert rendered.count("Carter") == 2 and "Haddad" not in rendered


def test_government_counsel_on_the_line_after_respondent_counsel(find):
    text = ("Daniel Okafor, Esq., for the Respondent\n"
            "Maria Lopez, Assistant Chief Counsel, for the Department of Homeland Security\n\n"
            "The respondent Tariq Haddad appeared.")
    found = find(text)
    lopez = [f for f in found.findings if "Lopez" in text[f.start:f.end]]
    assert all(f.is_public for f in lopez), lopez


def test_precedent_parties_are_public(find, redact_text):
    text = ("Petitioner Tariq Haddad seeks review. See Karanja v. Garland, 512 F.3d 101, 105 "
            "(2d Cir. 2011). Karanja is distinguishable.")
    found = find(text)
    for occurrence in (0, 1):
        hit = person(found, "Karanja", occurrence)
        assert hit.role == "precedent_party" and hit.is_public
    assert person(found, "Tariq Haddad").role == "applicant"
    _, rendered = redact_text(text)
    assert rendered.count("Karanja") == 2 and "512 F.3d 101, 105" in rendered
    assert "Haddad" not in rendered


def test_matter_of_precedent_party_is_public(find, redact_text):
    text = "Matter of Okonkwo, 21 I&N Dec. 512 (BIA 1998), controls. The respondent Tariq Haddad disagrees."
    found = find(text)
    private = [f for f in found.touching("Okonkwo") if not f.is_public]
    assert private == []
    _, rendered = redact_text(text)
    assert rendered.startswith("Matter of Okonkwo, 21 I&N Dec. 512 (BIA 1998), controls.")
    assert "Haddad" not in rendered


def test_bia_initials_of_a_precedent_are_not_masked(redact_text):
    text = "See Matter of J-Y-C-, 24 I&N Dec. 260 (BIA 2007). The applicant Tariq Haddad testified.\n"
    _, rendered = redact_text(text)
    assert "Matter of J-Y-C-, 24 I&N Dec. 260 (BIA 2007)" in rendered


def test_tags_are_consistent_per_person(redact_text):
    text = ("The applicant Tariq Haddad testified. The witness Omar Nasser saw the arrest. "
            "Haddad's brother fled. NASSER confirmed it.\n")
    plan, rendered = redact_text(text)
    by_person = {}
    for d in plan.masked:
        if d.finding.entity_type == "PERSON":
            by_person.setdefault(d.finding.entity_id, set()).add(d.replacement)
    assert len(by_person) == 2
    assert all(len(reps) == 1 for reps in by_person.values())
    assert rendered.count("[PERSON-1]") == 2 and rendered.count("[PERSON-2]") == 2
    assert "[PERSON-1]'s brother" in rendered


def test_court_publication_uses_bia_initials(redact_text):
    _, rendered = redact_text("The applicant Tariq Haddad testified. Haddad fled in 2019.\n",
                              "court-publication")
    assert rendered.startswith("The applicant T-H- testified. H- fled in 2019.")


def test_minor_becomes_initials_in_every_mention_under_frcp(redact_text):
    text = ("The applicant Tariq Haddad testified that his son Yusuf Haddad, age 9, was threatened. "
            "Yusuf now attends school. YUSUF was born on 4 May 2014.\n")
    plan, rendered = redact_text(text, "frcp-5-2")
    assert "Yusuf" not in rendered and "YUSUF" not in rendered
    assert "his son Y-H-, age 9" in rendered and "Y- now attends" in rendered
    assert "Tariq Haddad testified" in rendered  # adults stay as filed under FRCP 5.2
    assert "born on 2014." in rendered
    assert {d.rule_id for d in plan.masked} == {"minors", "birth-year"}
