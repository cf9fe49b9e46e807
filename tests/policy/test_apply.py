"""Findings + policy → plan (policy/apply.py): rule matching, allow/deny lists, thresholds,
replacements with rule and basis, and overlap merging (masks never overlap; masks beat keeps)."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redactor.io import document_from_text
from redactor.model import Action, Finding
from redactor.operators import BLOCK
from redactor.policy import apply_policy
from redactor.policy.load import LoadedPolicy
from redactor.policy.schema import Policy

BASE = {
    "id": "unit",
    "title": "Unit test policy",
    "rules": [
        {"id": "public", "roles": ["judge", "citation"], "action": "keep", "basis": "public"},
        {"id": "minors", "types": ["PERSON"], "roles": ["minor"], "action": "initials", "basis": "minor"},
        {"id": "people", "types": ["PERSON"], "action": "tag", "basis": "person"},
        {"id": "numbers", "types": ["A_NUMBER"], "roles": ["unknown"], "action": "partial",
         "params": {"keep_last": 3}, "basis": "number"},
        {"id": "dates", "types": ["DATE"], "action": "generalize", "basis": "date"},
    ],
    "default": {"id": "fallback", "action": "redact", "basis": "default"},
}


def policy(**changes) -> LoadedPolicy:
    return LoadedPolicy(Policy.model_validate({**BASE, **changes}), Path("unit.yaml"), "0" * 64)


def finding(text, surface, entity_type, role=None, score=0.9, entity_id=None, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return Finding(start, start + len(surface), entity_type, entity_id or f"{entity_type}-1", role,
                   score, "test")


def decisions_by_surface(text, plan):
    return {text[d.finding.start:d.finding.end]: d for d in plan.decisions}


TEXT = "Judge Ana Ruiz heard Tariq Haddad, whose son Yusuf was born 2001, A075-836-651, on May 3, 2019."


def test_first_matching_rule_wins_and_carries_its_basis():
    doc = document_from_text(TEXT)
    findings = [
        finding(TEXT, "Ana Ruiz", "PERSON", "judge", entity_id="PERSON-1"),
        finding(TEXT, "Tariq Haddad", "PERSON", "applicant", entity_id="PERSON-2"),
        finding(TEXT, "Yusuf", "PERSON", "minor", entity_id="PERSON-3"),
        finding(TEXT, "A075-836-651", "A_NUMBER"),
        finding(TEXT, "May 3, 2019", "DATE"),
        finding(TEXT, "2001", "DATE_OF_BIRTH"),
    ]
    plan = apply_policy(doc, findings, policy())
    got = decisions_by_surface(TEXT, plan)
    assert (got["Ana Ruiz"].action, got["Ana Ruiz"].rule_id, got["Ana Ruiz"].replacement) == (
        Action.KEEP, "public", None)
    assert (got["Tariq Haddad"].action, got["Tariq Haddad"].replacement) == (Action.TAG, "[PERSON-2]")
    assert got["Tariq Haddad"].basis == "person"
    assert (got["Yusuf"].action, got["Yusuf"].replacement) == (Action.INITIALS, "Y-")
    assert (got["A075-836-651"].rule_id, got["A075-836-651"].replacement) == ("numbers", "AXXX-XXX-651")
    assert (got["May 3, 2019"].action, got["May 3, 2019"].replacement) == (Action.GENERALIZE, "2019")
    assert (got["2001"].rule_id, got["2001"].basis) == ("fallback", "default")
    assert got["2001"].replacement == BLOCK * 6
    assert plan.document_id == doc.id and plan.policy_id == "unit" and plan.policy_sha256 == "0" * 64
    assert all(d.origin == "policy" for d in plan.decisions)


def test_role_unknown_matches_only_findings_without_a_role():
    doc = document_from_text(TEXT)
    with_role = finding(TEXT, "A075-836-651", "A_NUMBER", role="private")
    plan = apply_policy(doc, [with_role], policy())
    assert plan.decisions[0].rule_id == "fallback"
    plan = apply_policy(doc, [finding(TEXT, "A075-836-651", "A_NUMBER")], policy())
    assert plan.decisions[0].rule_id == "numbers"


def test_rule_without_types_matches_every_type():
    doc = document_from_text(TEXT)
    plan = apply_policy(doc, [finding(TEXT, "2001", "DATE_OF_BIRTH", role="citation")], policy())
    assert plan.decisions[0].rule_id == "public" and not plan.decisions[0].masks


def test_allow_list_keeps_case_and_spacing_variants():
    text = "Tariq  Haddad met TARIQ\nHADDAD and Omar Nasser."
    doc = document_from_text(text)
    findings = [
        Finding(0, 13, "PERSON", "PERSON-1", None, 0.9, "t"),
        Finding(18, 30, "PERSON", "PERSON-1", None, 0.9, "t"),
        finding(text, "Omar Nasser", "PERSON", entity_id="PERSON-2"),
    ]
    plan = apply_policy(doc, findings, policy(allow=["Tariq Haddad"]))
    actions = [(text[d.finding.start:d.finding.end], d.action, d.rule_id) for d in plan.decisions]
    assert actions == [("Tariq  Haddad", Action.KEEP, "allow-list"),
                       ("TARIQ\nHADDAD", Action.KEEP, "allow-list"),
                       ("Omar Nasser", Action.TAG, "people")]


def test_deny_list_masks_every_occurrence_even_unfound():
    text = "Code name Blue Falcon. Later BLUE\nFALCON moved; bluefalcon is different."
    doc = document_from_text(text)
    plan = apply_policy(doc, [], policy(deny=["Blue Falcon"]))
    masked = [text[d.finding.start:d.finding.end] for d in plan.masked]
    assert masked == ["Blue Falcon", "BLUE\nFALCON"]
    assert all(d.finding.entity_id == "DENY-1" and d.replacement == "[DENY-1]" for d in plan.masked)


@pytest.mark.parametrize(
    "thresholds, score, masked",
    [
        ({"default": 0.5}, 0.49, False),
        ({"default": 0.5}, 0.5, True),
        ({"default": 0.9, "PERSON": 0.3}, 0.4, True),  # the type's own threshold wins
        ({"default": 0.1, "PERSON": 0.8}, 0.7, False),
        ({"DATE": 0.99}, 0.1, True),  # no threshold for the type and no default: 0
    ],
)
def test_thresholds(thresholds, score, masked):
    doc = document_from_text(TEXT)
    f = finding(TEXT, "Tariq Haddad", "PERSON", score=score)
    (decision,) = apply_policy(doc, [f], policy(thresholds=thresholds)).decisions
    assert decision.masks is masked
    if not masked:
        assert decision.rule_id == "below-threshold" and decision.replacement is None


def test_contained_weaker_mask_is_absorbed():
    text = "Call 973-555-0142 now."
    doc = document_from_text(text)
    phone = finding(text, "973-555-0142", "PHONE")
    inner = finding(text, "555-0142", "DATE")
    plan = apply_policy(doc, [inner, phone], policy())
    assert [(d.finding.entity_type, d.finding.start, d.finding.end) for d in plan.decisions] == [
        ("PHONE", 5, 17)]


def test_partial_overlap_merges_into_the_stronger_type():
    text = "Reach Tariq Haddad Street today."
    doc = document_from_text(text)
    person = finding(text, "Tariq Haddad", "PERSON", entity_id="PERSON-1")
    place = finding(text, "Haddad Street", "LOCATION")
    plan = apply_policy(doc, [place, person], policy())
    (merged,) = plan.decisions
    assert (merged.finding.start, merged.finding.end) == (6, 25)
    assert merged.finding.entity_type == "PERSON" and merged.replacement == "[PERSON-1]"
    assert merged.rule_id == "people"


def test_keep_overlapping_a_mask_is_dropped():
    text = "Judge Haddad Street was named."
    doc = document_from_text(text)
    judge = finding(text, "Haddad", "PERSON", "judge")
    street = finding(text, "Haddad Street", "LOCATION")
    plan = apply_policy(doc, [judge, street], policy())
    assert [(d.action, d.finding.entity_type) for d in plan.decisions] == [(Action.REDACT, "LOCATION")]


def test_merged_decision_keeps_the_rule_params():
    text = "File A075-836-651 0142 end."
    doc = document_from_text(text)
    number = finding(text, "A075-836-651", "A_NUMBER")
    tail = finding(text, "651 0142", "PHONE")
    loaded = policy(rules=[{"id": "numbers", "types": ["A_NUMBER", "PHONE"], "action": "redact",
                            "params": {"length": 10}, "basis": "b"}])
    alone = apply_policy(doc, [number], loaded).decisions[0]
    assert alone.replacement == BLOCK * 10
    (merged,) = apply_policy(doc, [number, tail], loaded).decisions
    assert merged.replacement == BLOCK * 10


def test_no_two_decisions_overlap_with_real_detection(find, shipped_policies):
    text = "See Matter of J-Y-C-, 24 I&N Dec. 260 (BIA 2007). The applicant Tariq Haddad testified."
    plan = apply_policy(document_from_text(text), find(text).findings,
                        shipped_policies["asylum-confidential"])
    spans = sorted((d.finding.start, d.finding.end) for d in plan.decisions)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans


TYPES = ["PERSON", "A_NUMBER", "DATE", "LOCATION", "ORG", "PHONE", "NRP", "ID_CODE", "ADDRESS"]
ROLES = [None, "judge", "applicant", "private", "citation", "minor"]


@st.composite
def findings_on_text(draw):
    text = draw(st.text(alphabet="ab cD-1\n", min_size=1, max_size=50))
    found = []
    for number in range(draw(st.integers(0, 10))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        found.append(Finding(start, end, draw(st.sampled_from(TYPES)), f"X-{number % 3}",
                             draw(st.sampled_from(ROLES)), draw(st.floats(0, 1)), "hypothesis"))
    return text, found


@given(findings_on_text(), st.sampled_from(["asylum-confidential", "court-publication", "frcp-5-2"]))
def test_masks_never_overlap_and_cover_every_masked_finding(shipped_policies, case, name):
    from redactor.policy.apply import decide

    text, found = case
    loaded = shipped_policies[name]
    doc = document_from_text(text)
    plan = apply_policy(doc, found, loaded)
    masks = sorted(plan.masked, key=lambda d: d.finding.start)
    for a, b in zip(masks, masks[1:]):
        assert a.finding.end <= b.finding.start
    covered = set()
    for d in masks:
        assert 0 <= d.finding.start < d.finding.end <= len(text)
        covered.update(range(d.finding.start, d.finding.end))
    for d in plan.decisions:
        if not d.masks:  # a keep never overlaps a mask
            assert covered.isdisjoint(range(d.finding.start, d.finding.end))
    for f in found:  # nothing a rule masks is lost in merging
        if decide(doc, f, loaded, "s").masks:
            assert covered.issuperset(range(f.start, f.end))
    spans = sorted((d.finding.start, d.finding.end) for d in plan.decisions)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans  # no two decisions overlap


def test_pseudonym_secret_from_the_policy_env(monkeypatch):
    text = "The applicant Tariq Haddad testified. Haddad fled."
    doc = document_from_text(text)
    found = [finding(text, "Tariq Haddad", "PERSON"), finding(text, "Haddad", "PERSON", occurrence=1)]
    loaded = policy(secret_env="UNIT_PSEUDONYM_SECRET",
                    rules=[{"id": "p", "types": ["PERSON"], "action": "pseudonym", "basis": "b"}])

    def names(secret):
        monkeypatch.setenv("UNIT_PSEUDONYM_SECRET", secret)
        return [d.replacement for d in apply_policy(doc, found, loaded).decisions]

    first = names("alpha")
    assert first == names("alpha")
    assert first[1] == first[0].split()[1]  # surname-only mention gets the pseudonym's surname
    assert any(names(secret) != first for secret in ("beta", "gamma", "delta"))
