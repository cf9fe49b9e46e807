"""Case-level decisions: decide an entity once and it holds in every document; a decision on one
mention overrides it there; decisions are stored without text and refused for another case."""

from __future__ import annotations

import json

import pytest

from redactor.case import plan_case
from redactor.case.review import CaseDecisions, EntityDecision, MentionDecision, apply_case_decisions
from redactor.errors import ConfigError
from redactor.model import Action
from redactor.policy import load_policy
from redactor.review.records import Override


@pytest.fixture(scope="module")
def case_and_policy(bundle_documents, bundle_profile):
    loaded = load_policy("asylum-confidential")
    return plan_case(bundle_documents, loaded, bundle_profile), loaded


def entity_decisions(plans, entity_id):
    return [(i, d) for i, plan in enumerate(plans) for d in plan.decisions if d.finding.entity_id == entity_id]


def test_an_entity_decision_applies_in_every_document(case_and_policy):
    case, loaded = case_and_policy
    husband = next(e for e in case.entities if e.entity_type == "PERSON" and e.role == "family")
    before = entity_decisions(case.plans, husband.id)
    assert len({i for i, _ in before}) >= 4 and all(d.masks for _, d in before)
    decisions = CaseDecisions(case.case_id).decide(EntityDecision(husband.id, "reject", reviewer="qa",
                                                                  note="public figure in this record"))
    reviewed = apply_case_decisions(case, decisions, loaded)
    after = entity_decisions(reviewed.plan.plans, husband.id)
    assert {i for i, _ in after} == {i for i, _ in before}
    assert all(not d.masks and d.origin == "reviewer" for _, d in after)
    # nobody else changed
    others = lambda plans: [(i, d.finding.start, d.action) for i, plan in enumerate(plans)
                            for d in plan.decisions if d.finding.entity_id != husband.id]
    assert others(reviewed.plan.plans) == others(case.plans)
    assert reviewed.unmatched_entities == ()


def test_a_mention_decision_overrides_the_entity_decision_in_one_document(case_and_policy):
    case, loaded = case_and_policy
    applicant = entity_decisions(case.plans, "PERSON-1")
    index, first = applicant[0]
    document_id = case.documents[index].document.id
    f = first.finding
    decisions = CaseDecisions(case.case_id, (EntityDecision("PERSON-1", "change", Action.REDACT),),
                              (MentionDecision(document_id, Override("mention", f.start, f.end, f.entity_id, "reject")),))
    plans = apply_case_decisions(case, decisions, loaded).plan.plans
    after = dict(((i, d.finding.start), d) for i, d in entity_decisions(plans, "PERSON-1"))
    assert after[(index, f.start)].action is Action.KEEP
    assert all(d.action is Action.REDACT for (i, start), d in after.items() if (i, start) != (index, f.start))


def test_decisions_round_trip_without_text_and_are_refused_for_another_case(case_and_policy, tmp_path):
    case, loaded = case_and_policy
    decisions = CaseDecisions(case.case_id).decide(EntityDecision("PERSON-5", "accept", reviewer="ana"))
    decisions = decisions.decide(EntityDecision("PERSON-2", "change", Action.INITIALS, note="initials only"))
    path = tmp_path / "decisions.json"
    decisions.save(path)
    assert CaseDecisions.load(path) == decisions
    stored = path.read_text(encoding="utf-8")
    for doc in case.documents:
        for d in case.plans[doc.index].masked:
            word = doc.document.text[d.finding.start:d.finding.end]
            if len(word) > 3:
                assert word not in stored
    other = CaseDecisions("0" * 64, decisions.entities)
    with pytest.raises(ConfigError, match="another case"):
        apply_case_decisions(case, other, loaded)
    (tmp_path / "broken.json").write_text(json.dumps({"entities": []}))
    with pytest.raises(ConfigError, match="not a case decisions file"):
        CaseDecisions.load(tmp_path / "broken.json")


def test_initials_chosen_for_an_entity_stay_consistent_across_documents(case_and_policy):
    case, loaded = case_and_policy
    decisions = CaseDecisions(case.case_id).decide(EntityDecision("PERSON-1", "change", Action.INITIALS))
    plans = apply_case_decisions(case, decisions, loaded).plan.plans
    replacements = {}
    for i, d in entity_decisions(plans, "PERSON-1"):
        text = case.documents[i].document.text[d.finding.start:d.finding.end]
        replacements.setdefault(" ".join(text.split()), set()).add(d.replacement)
    assert replacements["Alexandra Gritsevich"] == replacements["Aliaksandra Hrytsevich"] == {"A-H-"}
