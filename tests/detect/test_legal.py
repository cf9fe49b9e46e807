"""Legal citations (detect/legal.py with eyecite, legal.yaml): reporter citations, statutes,
regulations, rules and forms are found as public ID_CODE spans, and the policy keeps them readable."""

import pytest

from redactor.detect.legal import find_citations

CITED = (
    "See Karanja v. Garland, 512 F.3d 101, 105 (2d Cir. 2011); Matter of J-Y-C-, 24 I&N Dec. 260 "
    "(BIA 2007); 8 U.S.C. § 1158(b)(1)(B)(iii); 8 C.F.R. § 1208.13(b)(1); Pub. L. No. 109-13, "
    "119 Stat. 231; Fed. R. Civ. P. 5.2(a); INA § 208(b)(1)(B)(iii). The applicant Tariq Haddad "
    "filed Form I-589 on March 3, 2019 under A-Number A075-836-651."
)


@pytest.mark.parametrize(
    "surface, role",
    [
        ("512 F.3d 101, 105", "citation"),
        ("24 I&N Dec. 260", "citation"),
        ("8 U.S.C. § 1158(b)(1)(B)(iii)", "statute"),
        ("8 C.F.R. § 1208.13(b)(1)", "statute"),
        ("119 Stat. 231", "statute"),
        ("Fed. R. Civ. P. 5.2(a)", "statute"),
        ("INA § 208(b)(1)(B)(iii)", "statute"),
        ("I-589", "form"),
    ],
)
def test_legal_text_is_a_public_finding(find, surface, role):
    found = find(CITED)
    hits = found.covering(surface, "ID_CODE")
    assert hits, found.findings
    assert any(f.role == role for f in hits)
    assert all(f.is_public for f in hits)


def test_eyecite_finds_reporter_and_statute_spans():
    text = "Karanja v. Garland, 512 F.3d 101, 105 (2d Cir. 2011); 8 U.S.C. § 1158(a)."
    citations = find_citations(text)
    roles = {text[c.start:c.end]: c.role for c in citations}
    assert roles.get("512 F.3d 101, 105") == "citation"  # pin cite included
    assert roles.get("8 U.S.C. § 1158(a)") == "statute"
    case = next(c for c in citations if c.role == "citation")
    assert case.full_start <= text.index("Karanja") and case.full_end >= text.index("2011)") + 4
    assert case.party_spans and all(0 <= s < e <= case.start for s, e in case.party_spans)


def test_numbers_inside_citations_are_not_identifiers(find):
    found = find(CITED)
    for surface in ("512 F.3d 101, 105", "24 I&N Dec. 260", "8 C.F.R. § 1208.13(b)(1)", "119 Stat. 231"):
        start, end = found.offsets_of(surface)
        private = [f for f in found.findings if f.start < end and start < f.end and not f.is_public]
        assert private == [], (surface, private)


def test_citations_survive_redaction_under_every_policy(redact_text):
    for policy in ("asylum-confidential", "court-publication", "frcp-5-2"):
        _, rendered = redact_text(CITED, policy)
        for surface in ("Karanja v. Garland, 512 F.3d 101, 105 (2d Cir. 2011)",
                        "Matter of J-Y-C-, 24 I&N Dec. 260 (BIA 2007)",
                        "8 U.S.C. § 1158(b)(1)(B)(iii)", "8 C.F.R. § 1208.13(b)(1)",
                        "Pub. L. No. 109-13, 119 Stat. 231", "Fed. R. Civ. P. 5.2(a)",
                        "INA § 208(b)(1)(B)(iii)", "Form I-589"):
            assert surface in rendered, (policy, surface)
        assert "075-836" not in rendered, policy
    _, confidential = redact_text(CITED, "asylum-confidential")
    assert "Haddad" not in confidential and "March 3, 2019" not in confidential
