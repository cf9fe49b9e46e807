"""A reviewer's transitions (review/session.py, export.py, upload.py): decisions with their audit
events, bulk by type, manual additions, policy switches that keep human decisions, sign-off as the
gate to export, export equal to the preview, QC's view of what changed, and uploads."""

from __future__ import annotations

import csv
import io
import json

import pytest

from redactor.errors import InputError
from redactor.render import render_text
from redactor.review.signoff import CONCERNS
from redactor.review import (ReviewError, ReviewSession, SignOffRequired, document_from_upload,
                             export_bundle, open_document, switch_policy)

from .conftest import SENSITIVE, TEXT

EVERY_CONCERN = tuple(CONCERNS)  # these tests are about other things: every second-look group ticked


def test_every_decision_is_an_audit_event_without_text(session, record, store):
    alice = session("alice")
    key = record.key("Maria Lopez")
    alice.decide_mention(key, "reject", note="name is public in this case")
    events = store.audit(record.document.id)
    assert len(events) == 1
    e = events[0]
    assert (e.reviewer, e.kind, e.scope, e.start, e.end, e.entity_type, e.entity_id) == (
        "alice", "decision", "mention", key.start, key.end, "PERSON", "PERSON-1")
    assert (e.before, e.after) == ("undecided: PERSON-1 PERSON tag", "rejected: PERSON-1 PERSON keep")
    assert e.note == "name is public in this case" and e.at.endswith("Z") and e.session_id == alice.session_id


def test_entity_decision_is_one_event_per_mention_and_replaces_mention_decisions(session, record, store):
    alice = session("alice")
    alice.decide_mention(record.key("Lopez", 1), "reject")
    reviewed = alice.decide_entity("PERSON-1", "change", action="initials")
    assert {m.status for m in reviewed.mentions("PERSON-1")} == {"changed"}
    entity_events = [e for e in store.audit(record.document.id) if e.scope == "entity"]
    assert len(entity_events) == 3
    assert {o.scope for o in store.overrides(record.document.id)} == {"entity"}


def test_bulk_accepts_only_the_undecided_of_one_type(session, record):
    alice = session("alice")
    alice.decide_mention(record.key("Santa Rita", 1), "reject")
    reviewed = alice.decide_type("LOCATION", "accept")
    statuses = [i.status for i in reviewed.items if i.proposed.finding.entity_type == "LOCATION"]
    assert statuses == ["accepted", "rejected"]
    assert all(i.status == "undecided" for i in reviewed.items if i.proposed.finding.entity_type == "PERSON")
    with pytest.raises(ReviewError):
        alice.decide_type("LOCATION", "change")


def test_manual_addition_stores_offsets_and_finds_every_occurrence(session, record, store):
    alice = session("alice")
    entity_id, reviewed = alice.add_manual("  rosa ", "PERSON")
    assert entity_id == "PERSON-M1" and len(reviewed.mentions(entity_id)) == 2
    (row,) = [o for o in store.overrides(record.document.id) if o.scope == "manual"]
    assert TEXT[row.start:row.end] == "Rosa" and row.all_occurrences
    events = [e for e in store.audit(record.document.id) if e.kind == "manual-add"]
    assert len(events) == 2 and {e.after for e in events} == {"added: PERSON-M1 PERSON tag"}
    second, reviewed = alice.add_manual("Rosa", "PERSON", action="redact", all_occurrences=False, occurrence=1)
    assert second == "PERSON-M2" and len(reviewed.mentions(second)) == 1
    reviewed = alice.remove_manual(second)
    assert reviewed.mentions(second) == []


def test_manual_addition_errors_never_quote_the_text(session):
    alice = session("alice")
    with pytest.raises(ReviewError) as err:
        alice.add_manual("Gulnara Ivanova", "PERSON")
    assert "Gulnara" not in str(err.value)
    with pytest.raises(ReviewError) as err:
        alice.add_manual("Rosa", "PERSON", all_occurrences=False, occurrence=5)
    assert "Rosa" not in str(err.value) and "2 time" in str(err.value)
    with pytest.raises(ReviewError):
        alice.add_manual("Rosa", "NOT_A_TYPE")
    with pytest.raises(ReviewError):
        alice.decide_mention(alice.reviewed().items[0].key, "change")  # a change must change something


def test_switching_policy_keeps_human_decisions(session, record, store):
    alice = session("alice")
    kept = record.key("Maria Lopez")
    alice.decide_mention(kept, "reject")
    alice.decide_entity("LOCATION-1", "change", action="generalize")
    switch_policy(store, record.document.id, "alice", alice.session_id, "court-publication")
    court = session("alice", "court-publication")
    reviewed = court.reviewed()
    assert reviewed.item(kept).status == "rejected"
    assert {m.decision.action.value for m in reviewed.mentions("LOCATION-1")} == {"generalize"}
    assert "I, Maria Lopez, was" in render_text(TEXT, reviewed.plan)
    assert store.document_policy(record.document.id) == "court-publication"
    policy_events = [e for e in store.audit(record.document.id) if e.kind == "policy"]
    assert [(e.before, e.after) for e in policy_events] == [("none", "court-publication")]


def test_sign_off_is_the_gate_to_export(session, record):
    alice = session("alice")
    with pytest.raises(SignOffRequired):
        export_bundle(alice)
    alice.decide_mention(record.key("Maria Lopez"), "accept")
    with pytest.raises(SignOffRequired) as err:
        alice.sign_off()
    assert "10 of 11" in str(err.value)
    record_ = alice.sign_off(accept_rest=True, acknowledged=EVERY_CONCERN)
    assert record_.accepted_rest and alice.signoff() == record_
    reviewed = alice.reviewed()
    assert reviewed.decided == reviewed.total
    bundle = export_bundle(alice)
    # a later change voids the sign-off until someone signs again
    alice.decide_mention(record.key("Santa Rita"), "reject")
    assert alice.signoff() is None
    with pytest.raises(SignOffRequired):
        export_bundle(alice)
    alice.sign_off(acknowledged=EVERY_CONCERN)  # everything is decided now: no need to accept the rest
    assert export_bundle(alice).redacted != bundle.redacted


def test_export_is_exactly_the_preview_and_the_engines_log(session, record):
    alice = session("alice")
    alice.decide_mention(record.key("Maria Lopez"), "reject")
    alice.add_manual("Rosa", "PERSON")
    alice.sign_off(accept_rest=True, acknowledged=EVERY_CONCERN)
    reviewed = alice.reviewed()
    bundle = export_bundle(alice)
    assert bundle.redacted == render_text(TEXT, reviewed.plan)
    # named like the command line's outputs: the masked surname is not in any file name
    stem = f"declaration_PERSON-1-{record.document.id[:8]}"
    assert set(bundle.files()) == {f"{stem}.{s}" for s in
                                   ("redacted.txt", "log.json", "log.csv", "audit.json", "audit.csv")}
    log = json.loads(bundle.log_json)
    assert log["document"]["id"] == record.document.id and log["policy"]["id"] == "asylum-confidential"
    origins = {(s["start"], s["origin"], s["rule_id"]) for s in log["spans"]}
    key = record.key("Maria Lopez")
    assert (key.start, "reviewer", "reviewer-keep") in origins
    assert sum(s["rule_id"] == "reviewer-add" for s in log["spans"]) == 2
    rows = list(csv.DictReader(io.StringIO(bundle.log_csv)))
    assert len(rows) == len(log["spans"]) and "text" not in rows[0]
    audit = json.loads(bundle.audit_json)
    assert audit[-1]["kind"] == "sign-off" and audit[0]["reviewer"] == "alice"
    assert list(csv.DictReader(io.StringIO(bundle.audit_csv)))[0]["kind"] == "decision"
    for secret in ("Rosa", "Santa Rita", "836-651"):
        assert secret not in bundle.log_json + bundle.log_csv + bundle.audit_json + bundle.audit_csv


def test_qc_sees_what_the_first_reviewer_changed_against_the_proposal(session, record, store):
    alice = session("alice")
    alice.decide_mention(record.key("Maria Lopez"), "reject", note="published name")
    alice.decide_entity("PERSON-2", "change", action="initials")
    alice.add_manual("Rosa", "PERSON")
    alice.decide_type("DATE", "accept")
    alice.sign_off(accept_rest=True, acknowledged=EVERY_CONCERN)
    bob = session("bob")
    changes = bob.changes()
    summary = [(c.item.key.entity_id, c.before, c.after, c.reviewer) for c in changes]
    assert ("PERSON-1", "PERSON-1 PERSON tag", "PERSON-1 PERSON keep", "alice") in summary
    assert sum(1 for s in summary if s[0] == "PERSON-2") == 2
    assert sum(1 for s in summary if s[0] == "PERSON-M1" and s[1] == "none") == 2
    assert not any(s[0] == "DATE-1" for s in summary)  # accepted as proposed is not a change
    assert [c.note for c in changes if c.item.key == record.key("Maria Lopez")] == ["published name"]
    assert store.signoff(record.document.id).reviewer == "alice"


def test_open_document_remembers_policy_and_position(store, record):
    session_id = store.start_session("alice")
    assert open_document(store, record.document, "alice", session_id, "asylum-confidential") == \
        "asylum-confidential"
    switch_policy(store, record.document.id, "alice", session_id, "frcp-5-2")
    assert open_document(store, record.document, "alice", session_id, "asylum-confidential") == "frcp-5-2"
    assert store.last_position("alice") == (record.document.id, "frcp-5-2")
    assert store.last_position("nobody") is None
    assert [e.kind for e in store.audit(record.document.id)] == ["open", "policy", "open"]


def test_a_reviewer_must_have_a_name(store, record):
    with pytest.raises(ReviewError):
        ReviewSession(store, record.document, record.policies["asylum-confidential"], record.plan(), "  ")


def test_uploads_decode_like_files_and_refuse_what_cannot_be_read():
    doc = document_from_upload("Declaración de José Núñez\n".encode("cp1252"), "decl.txt")
    assert doc.text == "Declaración de José Núñez\n" and doc.encoding == "cp1252"
    assert document_from_upload(b"# Notes\nJose\n", "notes.md").kind == "text"
    for data, name, problem in [(b"PK\x03\x04...", "x.odt", "unsupported"),
                                (b"%PDF-1.7 ...", "x.pdf", "not a readable PDF"), (b"  \n", "x.txt", "empty"),
                                (b"\x00\x01\x02" * 100, "x.txt", "binary")]:
        with pytest.raises(InputError) as err:
            document_from_upload(data, name)
        assert problem in str(err.value)
    # a path in the name is dropped: the store keeps the file name only
    assert document_from_upload(b"text", "../../etc/x.txt").source == "x.txt"


def test_sensitive_strings_are_known_to_the_fixture():
    assert all(s in TEXT for s in SENSITIVE)
