"""Decisions in the reviewer's words (mask / keep visible whatever was proposed), undo and back to
undecided, fail-closed findings first in "needs review", counts per type and state, search with a
type suggested from the text's shape, the policy switch's effect, and the sign-off's second look."""

from __future__ import annotations

import sqlite3

import pytest

from redactor.model import Finding
from redactor.policy import apply_policy
from redactor.review import (ReviewError, ReviewSession, ReviewStore, SignOffRequired, policy_switch_effect,
                             switch_policy)
from redactor.review.search import find_matches, suggest_type
from redactor.review.triage import next_undecided, step, type_counts, visible

from .conftest import TEXT, locate


def statuses(reviewed, entity_id):
    return [(m.status, m.decision.action.value) for m in reviewed.mentions(entity_id)]


# ---- mask / keep visible -------------------------------------------------------------------------
def test_mask_on_a_keep_proposal_masks_with_the_policys_private_action(session, record, store):
    alice = session("alice")
    smith = record.key("John Smith")
    assert not alice.reviewed().item(smith).proposal_masks  # the attorney: proposed keep
    reviewed = alice.decide_mention(smith, "mask")
    item = reviewed.item(smith)
    assert item.masks and item.decision.action.value == "tag" and item.status == "changed"
    assert item.decision.rule_id == "reviewer-mask" and item.decision.replacement == "[PERSON-2]"
    (event,) = store.audit(record.document.id)
    assert event.proposed == "PERSON-2 PERSON keep"  # the audit keeps proposal → decision
    assert (event.before, event.after) == ("undecided: PERSON-2 PERSON keep", "changed: PERSON-2 PERSON tag")


def test_keep_on_a_keep_proposal_takes_the_proposal(session, record):
    alice = session("alice")
    smith = record.key("John Smith")
    item = alice.decide_mention(smith, "keep").item(smith)
    assert item.status == "accepted" and not item.masks and not item.changed


def test_mask_and_keep_on_a_mask_proposal(session, record, store):
    alice = session("alice")
    maria = record.key("Maria Lopez")
    assert alice.reviewed().item(maria).proposal_masks
    item = alice.decide_mention(maria, "mask").item(maria)
    assert item.status == "accepted" and item.decision.action.value == "tag"
    item = alice.decide_mention(maria, "keep").item(maria)
    assert item.status == "rejected" and not item.masks
    events = store.audit(record.document.id)
    assert [e.after for e in events] == ["accepted: PERSON-1 PERSON tag", "rejected: PERSON-1 PERSON keep"]
    assert {e.proposed for e in events} == {"PERSON-1 PERSON tag"}


def test_mask_and_keep_a_whole_entity(session, record):
    alice = session("alice")
    reviewed = alice.decide_entity("PERSON-2", "mask")
    assert statuses(reviewed, "PERSON-2") == [("changed", "tag"), ("changed", "tag")]
    reviewed = alice.decide_entity("PERSON-1", "keep")
    assert {s for s, _ in statuses(reviewed, "PERSON-1")} == {"rejected"}
    assert not any(m.masks for m in reviewed.mentions("PERSON-1"))


# ---- undo and back to undecided ------------------------------------------------------------------
def test_undo_takes_back_the_last_decisions_one_by_one_and_is_audited(session, record, store):
    alice = session("alice")
    maria, smith = record.key("Maria Lopez"), record.key("John Smith")
    alice.decide_mention(maria, "keep")
    alice.decide_mention(smith, "mask")
    alice.decide_mention(maria, "mask")
    entry, reviewed = alice.undo()
    assert entry.label == "accept PERSON-1" and reviewed.item(maria).status == "rejected"
    assert reviewed.item(smith).status == "changed"
    entry, reviewed = alice.undo()
    assert reviewed.item(smith).status == "undecided" and reviewed.item(maria).status == "rejected"
    _, reviewed = alice.undo()
    assert reviewed.decided == 0 and store.overrides(record.document.id) == []
    with pytest.raises(ReviewError, match="nothing to undo"):
        alice.undo()
    undo_events = [e for e in store.audit(record.document.id) if e.kind == "undo"]
    assert [(e.before, e.after) for e in undo_events] == [
        ("accepted: PERSON-1 PERSON tag", "rejected: PERSON-1 PERSON keep"),
        ("changed: PERSON-2 PERSON tag", "undecided: PERSON-2 PERSON keep"),
        ("rejected: PERSON-1 PERSON keep", "undecided: PERSON-1 PERSON tag")]
    assert all(e.reviewer == "alice" and e.note.startswith("undo: ") for e in undo_events)


def test_undo_of_entity_bulk_and_manual_changes(session, record, store):
    alice = session("alice")
    alice.decide_mention(record.key("Lopez", 1), "keep")
    alice.decide_entity("PERSON-1", "change", action="initials")
    alice.decide_type("LOCATION", "accept")
    entity_id, _ = alice.add_manual("Rosa", "PERSON")
    _, reviewed = alice.undo()
    assert not reviewed.mentions(entity_id)
    _, reviewed = alice.undo()
    assert {m.status for m in reviewed.mentions("LOCATION-1")} == {"undecided"}
    _, reviewed = alice.undo()  # the entity decision had replaced the mention's own: it is back
    assert reviewed.item(record.key("Lopez", 1)).status == "rejected"
    assert reviewed.item(record.key("Maria Lopez")).status == "undecided"


def test_undo_refuses_when_someone_decided_the_finding_again(session, record):
    alice, bob = session("alice"), session("bob")
    maria = record.key("Maria Lopez")
    alice.decide_mention(maria, "keep")
    bob.decide_mention(maria, "mask")
    with pytest.raises(ReviewError, match="decided again since by bob"):
        alice.undo()
    assert alice.reviewed().item(maria).status == "accepted"  # bob's decision stands
    bob.undo()
    assert alice.undo()[1].item(maria).status == "undecided"


def test_back_to_undecided_for_a_mention_and_for_an_entity(session, record, store):
    alice = session("alice")
    alice.decide_entity("PERSON-1", "keep")
    one = record.key("Maria Lopez")
    reviewed = alice.reset_mention(one)
    assert reviewed.item(one).status == "undecided"
    others = [m for m in reviewed.mentions("PERSON-1") if m.key != one]
    assert others and all(m.status == "rejected" for m in others)  # the rest keep the entity's decision
    assert alice.undo()[1].item(one).status == "rejected"  # and putting back is undoable
    reviewed = alice.reset_entity("PERSON-1")
    assert {m.status for m in reviewed.mentions("PERSON-1")} == {"undecided"}
    assert [o for o in store.overrides(record.document.id) if o.entity_id == "PERSON-1"] == []


# ---- needs review: fail-closed first -------------------------------------------------------------
def fail_closed_session(store, record, policies):
    start, end = locate(TEXT, "I-589")
    hidden = Finding(start, end, "ID_CODE", "ID_CODE-9", None, 0.5, "catch-all:number", "unexplained number")
    s2, e2 = locate(TEXT, "Rosa", 1)
    word = Finding(s2, e2, "PERSON", "PERSON-9", None, 0.5, "catch-all:word", "unknown capitalised word")
    findings = [f for f in record.findings if f.entity_id != "ID_CODE-1"] + [hidden, word]
    findings.sort(key=lambda f: (f.start, f.end))
    loaded = policies["asylum-confidential"]
    store.put_document(record.document, "alice")
    return ReviewSession(store, record.document, loaded, apply_policy(record.document, findings, loaded), "alice")


def test_fail_closed_findings_come_first_in_needs_review_with_their_reason(store, record, policies):
    alice = fail_closed_session(store, record, policies)
    items = alice.reviewed().items
    pool = visible(items, "needs review")
    assert [i.key.entity_id for i in pool[:2]] == ["ID_CODE-9", "PERSON-9"]
    assert pool[0].flags[0] == "fail-closed: unexplained number"
    assert pool[1].flags[0] == "fail-closed: unknown capitalised word"
    assert next_undecided(items, None, "needs review").key.entity_id == "ID_CODE-9"
    assert step(items, pool[1].key, 1, "needs review").key == pool[2].key
    assert step(items, pool[0].key, -1, "needs review").key == pool[-1].key
    decided = alice.decide_mention(pool[0].key, "mask")
    assert next_undecided(decided.items, pool[0].key, "needs review").key.entity_id == "PERSON-9"


# ---- counts, search and type suggestions ---------------------------------------------------------
def test_counts_per_type_and_state(session, record):
    alice = session("alice")
    alice.decide_mention(record.key("Maria Lopez"), "keep")
    counts = {c.entity_type: c for c in type_counts(alice.reviewed().items)}
    person = counts["PERSON"]
    assert (person.findings, person.undecided, person.decided) == (5, 4, 1)
    assert (person.masked, person.kept) == (2, 3)  # MARIA LOPEZ and Lopez masked; the lawyer twice, Maria kept


def test_search_finds_whole_words_in_any_case_and_spacing():
    text = "Rosa met ROSA.\nRosalind and ro\nsa, no: rosa"
    assert [text[m.start:m.end] for m in find_matches(text, "rosa")] == ["Rosa", "ROSA", "rosa"]
    place = "Santa\n  Rita and santa rita; Santa Ritaville"
    assert [place[m.start:m.end] for m in find_matches(place, "Santa Rita")] == ["Santa\n  Rita", "santa rita"]
    assert find_matches(text, "   ") == []


@pytest.mark.parametrize("text, expected", [
    ("4471-0093", "ID_CODE"), ("P 0098213", "ID_CODE"), ("A075-836-651", "A_NUMBER"),
    ("EAC2190012345", "RECEIPT_NUMBER"), ("Moscow", "LOCATION"), ("moscow", "LOCATION"),
    ("Syria", "LOCATION"), ("3 March 1990", "DATE"), ("maria@example.org", "EMAIL"),
    ("+7 495 123-45-67", "PHONE"), ("Rosa", None), ("Ivan Petrov", None), ("school", None)])
def test_a_manual_type_is_suggested_from_the_shape_never_person(text, expected):
    assert suggest_type(text) == expected


def test_mask_all_matches_is_a_manual_redaction_of_the_chosen_type(session, record):
    alice = session("alice")
    entity_id, reviewed = alice.add_manual("santa rita", "LOCATION")
    assert entity_id == "LOCATION-M1"
    assert [(m.key.start, m.key.end) for m in reviewed.mentions(entity_id)] == [
        (m.start, m.end) for m in find_matches(TEXT, "santa rita")]


# ---- policy switch -------------------------------------------------------------------------------
def test_policy_switch_effect_counts_what_carries_over(session, record, store, policies):
    alice = session("alice")
    alice.decide_mention(record.key("Maria Lopez"), "keep")  # a rejection: carries over
    alice.decide_mention(record.key("MARIA LOPEZ"), "mask")  # accepts tag: court-publication proposes initials
    alice.decide_mention(record.key("John Smith"), "keep")  # accepts keep: proposed keep there too
    court = policies["court-publication"]
    effect = policy_switch_effect(alice.reviewed(), record.document, record.plan("court-publication"), court,
                                  store.overrides(record.document.id))
    assert (effect.decided, effect.carried, effect.undecided) == (3, 2, 1)
    switch_policy(store, record.document.id, "alice", None, "court-publication")
    after = ReviewSession(store, record.document, court, record.plan("court-publication"), "alice").reviewed()
    assert after.decided == effect.carried


# ---- the second look before sign-off -------------------------------------------------------------
def test_sign_off_needs_a_tick_for_each_group_of_risky_decisions(session, record, store):
    alice = session("alice")
    alice.decide_mention(record.key("Maria Lopez"), "keep")  # the applicant, kept visible: mixed too
    alice.decide_type("LOCATION", "accept")  # one Santa Rita scored 0.6: low confidence, in bulk
    alice.add_manual("Rosa", "PERSON")
    concerns = {c.id: c for c in alice.second_look(accept_rest=True)}
    assert set(concerns) == {"private-kept", "mixed", "bulk-unexplained", "manual"}
    assert [i.key for i in concerns["private-kept"].items] == [record.key("Maria Lopez")]
    assert concerns["mixed"].entities == ("PERSON-1",)
    # Santa Rita (0.6) accepted with its type, and "Lopez" (0.65) still undecided: the rest accepted
    assert {i.key for i in concerns["bulk-unexplained"].items} == {record.key("Santa Rita", 1),
                                                                  record.key("Lopez", 1)}
    assert concerns["manual"].entities == ("PERSON-M1",)
    with pytest.raises(SignOffRequired, match="Private persons kept visible"):
        alice.sign_off(accept_rest=True, acknowledged={"mixed", "bulk-unexplained", "manual"})
    assert alice.signoff() is None
    alice.sign_off(accept_rest=True, acknowledged=set(concerns))
    checks = [e for e in store.audit(record.document.id) if e.kind == "sign-off-check"]
    assert len(checks) == 4 and {e.after for e in checks} == {"acknowledged"}
    assert any(e.before.startswith("Private persons kept visible: 1 finding(s) in 1 entit(ies) (PERSON-1)")
               for e in checks)
    for e in checks:
        assert "Maria" not in e.before and "Rosa" not in e.before


def test_a_clean_review_signs_off_without_a_second_look(session, record):
    alice = session("alice")
    for item in alice.reviewed().items:
        if item.proposed.finding.score >= 0.7:
            alice.decide_mention(item.key, "accept")
    alice.decide_entity("PERSON-1", "mask")
    for item in alice.reviewed().undecided:
        alice.decide_mention(item.key, "accept")  # one by one: not in bulk
    assert alice.second_look() == []
    assert alice.sign_off().accepted_rest is False


def test_an_old_store_gains_the_new_columns(tmp_path, record):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE overrides (document_id TEXT NOT NULL, scope TEXT NOT NULL, span_start INTEGER NOT NULL,
          span_end INTEGER NOT NULL, entity_id TEXT NOT NULL, verdict TEXT NOT NULL, entity_type TEXT,
          action TEXT, all_occurrences INTEGER NOT NULL DEFAULT 0, reviewer TEXT NOT NULL,
          note TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL,
          PRIMARY KEY (document_id, scope, span_start, span_end, entity_id));
        CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, session_id TEXT,
          reviewer TEXT NOT NULL, document_id TEXT NOT NULL, policy_id TEXT NOT NULL, kind TEXT NOT NULL,
          scope TEXT NOT NULL, span_start INTEGER, span_end INTEGER, entity_type TEXT, entity_id TEXT,
          before TEXT NOT NULL DEFAULT '', after TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '');
        INSERT INTO overrides VALUES ('d', 'mention', 1, 2, 'PERSON-1', 'reject', NULL, NULL, 0, 'alice', '',
          '2026-01-01T00:00:00Z');""")
    conn.commit()
    conn.close()
    store = ReviewStore(path)
    (row,) = store.overrides("d")
    assert row.verdict == "reject" and row.bulk is False
