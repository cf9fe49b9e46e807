"""Docket and case numbers (recognizers/docket.yaml): circuit dockets, labelled case numbers,
ECHR-style application numbers; labels outside the span; what must not be taken for one."""

import pytest


@pytest.mark.parametrize(
    "text, surface",
    [
        ("Petition for review, No. 07-2278-ag.", "07-2278-ag"),
        ("DOCKET NO. 21-4567-AG", "21-4567-AG"),  # ALL CAPS
        ("Case No. 19-1234 was consolidated.", "19-1234"),
        ("Docket No.\n19-1234", "19-1234"),  # label and number on two lines
        ("Case No. 2:19-cv-01234 (D.N.J.)", "2:19-cv-01234"),
        ("Docket #: 20-5678 is closed.", "20-5678"),
        ("application no. 36110/97 was lodged", "36110/97"),
    ],
)
def test_docket_found_with_exact_span(find, text, surface):
    found = find(text)
    assert found.exact(surface, "DOCKET") is not None, found.findings


def test_application_numbers_in_a_list(find):
    found = find("The Court joined applications nos. 36110/97, 40351/98 and 12345/99.")
    for number in ("36110/97", "40351/98", "12345/99"):
        assert found.exact(number, "DOCKET") is not None, number
    ids = {found.exact(n, "DOCKET").entity_id for n in ("36110/97", "40351/98", "12345/99")}
    assert len(ids) == 3


@pytest.mark.parametrize(
    "text",
    [
        "Pub. L. No. 109-13 amended the Act.",  # a public law, not a docket
        "In 2019-2020 the rate doubled.",
        "See 8 U.S.C. § 1158(b)(1).",
        "Call (973) 555-0142.",
        "Exhibit No. 5 is the letter.",
        "The ratio was 12-3456 in the table.",  # unlabelled number
    ],
)
def test_not_a_docket(find, text):
    assert find(text).spans("DOCKET") == []


def test_docket_redacted_under_asylum_confidential(redact_text):
    plan, rendered = redact_text("Petition for review, No. 07-2278-ag, is granted.\n")
    assert "07-2278-ag" not in rendered
    (decision,) = [d for d in plan.masked if d.finding.entity_type == "DOCKET"]
    assert decision.rule_id == "identifying-numbers"
    assert decision.basis == "8 CFR 208.6"
