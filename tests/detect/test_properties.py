"""Properties of the whole detector on generated documents: findings lie inside the text, are
well-formed, and the default policy's output for them always passes verification."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.io import document_from_text
from redactor.model import PRIVATE_ROLES, PUBLIC_ROLES
from redactor.policy import apply_policy
from redactor.render import render_text
from redactor.service import check_output

FRAGMENTS = [
    "The applicant Tariq Haddad testified.", "Haddad's brother fled.", "TARIQ HADDAD", "Tariq\nHaddad",
    "Judge Laura Pemberton presided.", "My son Yusuf Haddad, age 9, stayed.", "A-Number: A075-836-651",
    "A# 099 111 222", "Receipt EAC2190012345.", "Born on 14 March 1988 in Aleppo.", "in 2019",
    "Call (973) 555-0142.", "Write to t.haddad@example.org.", "1402 Maple Avenue, Newark, NJ 07102",
    "See Karanja v. Garland, 512 F.3d 101, 105 (2d Cir. 2011).", "8 U.S.C. § 1158(b)(1)",
    "Form I-589", "Case No. 19-1234", "He is Syrian and Sunni.", "Ms. Nasser", "omar nasser",
    "the", "and", ",", ".", " ", "\n", "\n\n", "É", "🙂",
]
ENTITY_TYPES = {"PERSON", "A_NUMBER", "DOCKET", "RECEIPT_NUMBER", "DATE", "DATE_OF_BIRTH", "LOCATION",
                "ADDRESS", "PHONE", "EMAIL", "ID_CODE", "ORG", "NRP"}

documents = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14).map(" ".join)


@settings(max_examples=40)
@given(documents)
def test_findings_are_well_formed(find, text):
    for f in find(text).findings:
        assert 0 <= f.start < f.end <= len(text), f
        assert f.entity_type in ENTITY_TYPES, f
        assert f.role is None or f.role in PUBLIC_ROLES | PRIVATE_ROLES, f
        assert f.entity_id.startswith(f.entity_type) or f.entity_id.startswith("PERSON"), f
        assert 0.0 <= f.score <= 1.0
        assert text[f.start:f.end] == text[f.start:f.end].strip() or f.entity_type == "ADDRESS", f


@settings(max_examples=40)
@given(documents)
def test_default_policy_output_always_verifies(find, shipped_policies, text):
    document = document_from_text(text)
    plan = apply_policy(document, find(text).findings, shipped_policies["asylum-confidential"])
    rendered = render_text(text, plan)
    check_output(document, plan, rendered)  # raises VerificationError on any surviving masked string
