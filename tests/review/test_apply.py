"""Overrides applied to the policy's plan (review/apply.py): statuses, precedence of a mention's own
decision over its entity's, replacements recomputed through the operators, retyping, manual
additions by offsets, overlap resolution, and accepts that lapse when the proposal changes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redactor.model import Action
from redactor.operators import replacement_for
from redactor.render import render_text
from redactor.review import Override, apply_overrides, occurrences
from redactor.review.apply import ADD_RULE, KEEP_RULE, MASK_RULE

from .conftest import TEXT, locate


def ov(scope, key_or_entity, verdict, **kw):
    if scope == "entity":
        return Override("entity", -1, -1, key_or_entity, verdict, **kw)
    if scope == "manual":
        (start, end), entity_id = key_or_entity
        return Override("manual", start, end, entity_id, "add", **kw)
    return Override("mention", key_or_entity.start, key_or_entity.end, key_or_entity.entity_id, verdict, **kw)


def reviewed_with(record, overrides, policy="asylum-confidential"):
    return apply_overrides(record.document, record.plan(policy), overrides, record.policies[policy])


def test_without_overrides_everything_is_proposed_and_undecided(record):
    reviewed = reviewed_with(record, [])
    assert reviewed.plan == record.plan()
    assert reviewed.decided == 0 and reviewed.total == len(record.plan().decisions)
    assert {i.status for i in reviewed.items} == {"undecided"}


def test_reject_keeps_one_mention_visible_and_is_marked_as_the_reviewers(record):
    key = record.key("Maria Lopez")
    reviewed = reviewed_with(record, [ov("mention", key, "reject")])
    item = reviewed.item(key)
    assert item.status == "rejected"
    assert item.decision.action is Action.KEEP and item.decision.replacement is None
    assert (item.decision.rule_id, item.decision.origin) == (KEEP_RULE, "reviewer")
    text = render_text(TEXT, reviewed.plan)
    assert "I, Maria Lopez, was born" in text
    assert "DECLARATION OF [PERSON-1]" in text  # the entity's other mentions are still tagged


def test_entity_decision_covers_every_mention_with_recomputed_replacements(record):
    reviewed = reviewed_with(record, [ov("entity", "PERSON-1", "change", action=Action.INITIALS)])
    mentions = reviewed.mentions("PERSON-1")
    assert len(mentions) == 3 and {m.status for m in mentions} == {"changed"}
    for m in mentions:
        f = m.decision.finding
        expected = replacement_for(Action.INITIALS, TEXT[f.start:f.end],
                                   {"entity_id": f.entity_id, "entity_type": f.entity_type})
        assert (m.decision.action, m.decision.replacement, m.decision.origin) == (Action.INITIALS, expected,
                                                                                    "reviewer")
        assert m.decision.rule_id == "people" and m.decision.basis == "8 CFR 208.6"  # the policy's basis stays
    assert render_text(TEXT, reviewed.plan).startswith("DECLARATION OF M-L-\n")


def test_a_mentions_own_decision_wins_over_its_entitys(record):
    key = record.key("Lopez", 1)
    reviewed = reviewed_with(record, [ov("entity", "PERSON-1", "accept"), ov("mention", key, "reject")])
    assert reviewed.item(key).status == "rejected"
    assert {m.status for m in reviewed.mentions("PERSON-1") if m.key != key} == {"accepted"}


def test_retyping_uses_the_policy_for_the_new_type_and_the_next_free_id(record):
    key = record.key("Santa Rita")
    reviewed = reviewed_with(record, [ov("mention", key, "change", entity_type="PERSON")])
    d = reviewed.item(key).decision
    assert (d.finding.entity_type, d.finding.entity_id) == ("PERSON", "PERSON-3")
    assert (d.action, d.replacement, d.rule_id, d.origin) == (Action.TAG, "[PERSON-3]", "people", "reviewer")
    # the other mention of the place is untouched
    assert reviewed.item(record.key("Santa Rita", 1)).decision.finding.entity_type == "LOCATION"


def test_masking_what_the_policy_kept_takes_the_basis_for_private_findings(record):
    key = record.key("John Smith")
    reviewed = reviewed_with(record, [ov("mention", key, "change", action=Action.REDACT)])
    d = reviewed.item(key).decision
    assert d.action is Action.REDACT and d.replacement and set(d.replacement) == {"█"}
    assert (d.rule_id, d.basis) == (MASK_RULE, "8 CFR 208.6")


def test_manual_addition_masks_every_occurrence_from_stored_offsets(record):
    start, end = locate(TEXT, "Rosa")
    reviewed = reviewed_with(record, [ov("manual", ((start, end), "PERSON-M1"), "add", entity_type="PERSON",
                                        all_occurrences=True)])
    added = reviewed.mentions("PERSON-M1")
    assert [TEXT[m.key.start:m.key.end] for m in added] == ["Rosa", "Rosa"]
    assert all(m.status == "added" and m.proposed is None and m.decision.rule_id == ADD_RULE for m in added)
    assert all(m.decision.origin == "reviewer" for m in added)
    assert "Rosa" not in render_text(TEXT, reviewed.plan)
    assert render_text(TEXT, reviewed.plan).count("[PERSON-M1]") == 2


def test_manual_addition_of_one_occurrence_and_its_own_action(record):
    start, end = locate(TEXT, "Rosa", 1)
    reviewed = reviewed_with(record, [ov("manual", ((start, end), "PERSON-M1"), "add", entity_type="PERSON",
                                        action=Action.REDACT, all_occurrences=False)])
    assert [m.key.start for m in reviewed.mentions("PERSON-M1")] == [start]
    text = render_text(TEXT, reviewed.plan)
    assert text.count("Rosa") == 1 and "██████ called" in text


def test_manual_addition_over_a_kept_span_masks_it(record):
    start, end = locate(TEXT, "Smith", 1)
    reviewed = reviewed_with(record, [ov("manual", ((start, end), "PERSON-M1"), "add", entity_type="PERSON",
                                        all_occurrences=True)])
    text = render_text(TEXT, reviewed.plan)
    assert "Smith" not in text  # "John Smith" was kept; the reviewer's "Smith" everywhere wins
    kept = reviewed.item(record.key("John Smith"))
    assert kept.in_plan is False


def test_occurrences_are_whole_words_in_any_case_and_spacing():
    text = "Rosa Diaz; ROSA   diaz wrote to rosa diaz. Rosalind Diaz is someone else."
    found = occurrences(text, 0, 9, every=True)
    assert [text[s:e] for s, e in found] == ["Rosa Diaz", "ROSA   diaz", "rosa diaz"]
    assert occurrences(text, 0, 9, every=False) == [(0, 9)]


def test_an_accept_lapses_when_the_policy_now_proposes_something_else(record):
    key = record.key("Maria Lopez")
    accepted = ov("mention", key, "accept", action=Action.TAG)
    assert reviewed_with(record, [accepted]).item(key).status == "accepted"
    under_court = reviewed_with(record, [accepted], "court-publication")  # proposes initials
    item = under_court.item(key)
    assert item.status == "undecided" and "proposal changed since accepted" in item.flags
    # rejections and changes are absolute and carry over
    rejected = reviewed_with(record, [ov("mention", key, "reject")], "court-publication")
    assert rejected.item(key).status == "rejected"


def test_decisions_that_match_nothing_are_reported_not_lost(record):
    stray = Override("mention", 1, 4, "PERSON-9", "reject")
    reviewed = reviewed_with(record, [stray])
    assert reviewed.unmatched == (stray,)


def test_review_flags_point_at_shaky_proposals(record):
    reviewed = reviewed_with(record, [])
    flags = {TEXT[i.key.start:i.key.end] + f"@{i.key.start}": i.flags for i in reviewed.items}
    lopez = record.key("Lopez", 1)
    assert set(flags[f"Lopez@{lopez.start}"]) >= {"low score", "no role cue", "ambiguous name"}
    assert "public-role guess" in flags[f"John Smith@{record.key('John Smith').start}"]
    assert flags[f"A075-836-651@{record.key('A075-836-651').start}"] == ()


@given(st.lists(st.tuples(st.integers(0, 10), st.sampled_from(["accept", "reject", "change"]),
                          st.sampled_from([None, "PERSON", "LOCATION", "DATE"]),
                          st.sampled_from([None, *Action])), max_size=8),
       st.lists(st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 12), st.booleans()), max_size=3))
def test_any_mix_of_overrides_gives_a_renderable_non_overlapping_plan(record_factory, decisions, manual):
    record = record_factory
    plan = record.plan()
    overrides = []
    for index, verdict, etype, action in decisions:
        d = plan.decisions[index % len(plan.decisions)]
        if verdict == "change" and etype is None and action is None:
            action = Action.REDACT
        overrides.append(Override("mention", d.finding.start, d.finding.end, d.finding.entity_id, verdict,
                                  etype if verdict == "change" else None,
                                  action if verdict == "change" else None))
    for number, (start, length, every) in enumerate(manual, 1):
        end = min(len(TEXT), start + length)
        if TEXT[start:end].strip():
            overrides.append(Override("manual", start, end, f"PERSON-M{number}", "add", "PERSON", None, every))
    reviewed = reviewed_with(record, overrides)
    spans = sorted((d.finding.start, d.finding.end) for d in reviewed.plan.decisions)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    rendered = render_text(TEXT, reviewed.plan)
    assert render_text(TEXT, reviewed.plan) == rendered
    for d in reviewed.plan.masked:
        assert d.replacement is not None
