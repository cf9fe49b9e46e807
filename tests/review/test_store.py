"""The review store (review/store.py): a private WAL database, documents by content hash, writes that
land whole or not at all, reviewers on different documents who never interfere, and no document
text anywhere but the documents table."""

from __future__ import annotations

import sqlite3
import stat
import threading

import pytest

from redactor.io import document_from_text
from redactor.policy import apply_policy
from redactor.review.signoff import CONCERNS
from redactor.review import AuditEvent, Override, ReviewSession, ReviewStore, StoreError, default_db_path

from .conftest import SENSITIVE, TEXT, make_findings

EVERY_CONCERN = tuple(CONCERNS)  # these tests are about other things: every second-look group ticked


def test_database_is_private_and_in_wal_mode(tmp_path):
    path = tmp_path / "nested" / "review.db"
    ReviewStore(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_existing_database_is_made_private_again(tmp_path):
    path = tmp_path / "review.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    ReviewStore(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_default_path_is_the_env_var_or_the_users_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("REDACTOR_REVIEW_DB", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"
    monkeypatch.delenv("REDACTOR_REVIEW_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "redactor" / "review.db"


def test_unwritable_location_is_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as err:
        ReviewStore(blocker / "review.db")
    assert "\n" not in str(err.value)


def test_documents_are_stored_once_per_content_hash(store, record):
    store.put_document(record.document, "alice")
    store.put_document(document_from_text(TEXT, "renamed.txt"), "bob")
    listed = store.list_documents()
    assert [d.id for d in listed] == [record.document.id]
    assert listed[0].source == "declaration_lopez.txt" and listed[0].chars == len(TEXT)
    again = store.get_document(record.document.id)
    assert again.text == TEXT and again.id == record.document.id


def test_a_failed_write_leaves_nothing_behind(store, record):
    store.put_document(record.document, "alice")
    good = Override("mention", 0, 5, "PERSON-1", "reject", reviewer="alice")
    bad_event = AuditEvent(at="", reviewer=None, document_id=record.document.id, policy_id="p",  # type: ignore
                           kind="decision", scope="mention")
    with pytest.raises(StoreError):
        store.record(record.document.id, put=[good], events=[bad_event])
    assert store.overrides(record.document.id) == []
    assert store.audit(record.document.id) == []


def test_two_reviewers_on_two_documents_do_not_interfere(tmp_path, policies):
    path = tmp_path / "review.db"
    ReviewStore(path)
    texts = {"alice": TEXT, "bob": TEXT + "Addendum: nothing further.\n"}  # same offsets, another hash
    errors: list[BaseException] = []

    def work(reviewer: str) -> None:
        try:
            store = ReviewStore(path)  # each thread its own handle; each operation its own connection
            document = document_from_text(texts[reviewer], f"{reviewer}.txt")
            findings = make_findings(TEXT)
            store.put_document(document, reviewer)
            plan = apply_policy(document, findings, policies["asylum-confidential"])
            session = ReviewSession(store, document, policies["asylum-confidential"], plan, reviewer)
            for _ in range(3):
                for item in session.reviewed().items:
                    session.decide_mention(item.key, "reject" if reviewer == "bob" else "accept")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(name,)) for name in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    store = ReviewStore(path)
    by_reviewer = {}
    for doc in store.list_documents():
        overrides = store.overrides(doc.id)
        events = store.audit(doc.id)
        assert {o.reviewer for o in overrides} == {doc.added_by}
        assert {e.reviewer for e in events} == {doc.added_by}
        by_reviewer[doc.added_by] = {o.verdict for o in overrides}
    assert by_reviewer == {"alice": {"accept"}, "bob": {"reject"}}


def test_no_document_text_outside_the_documents_table(store, session, record):
    alice = session("alice")
    alice.decide_mention(record.key("Maria Lopez"), "reject", note="checked")
    alice.decide_entity("LOCATION-1", "change", action="pseudonym")
    alice.add_manual("rosa", "PERSON")
    alice.decide_type("DATE", "accept")
    alice.sign_off(accept_rest=True, acknowledged=EVERY_CONCERN)
    with sqlite3.connect(store.path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        dump = []
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            for row in conn.execute(f"SELECT * FROM {table}"):
                dump.extend(str(v) for c, v in zip(columns, row) if not (table == "documents" and c == "body"))
    blob = "\n".join(dump)
    for secret in SENSITIVE:
        assert secret not in blob, secret


# the schema as version 2 created it (before cases), with its added columns
V2_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (id TEXT PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, encoding TEXT NOT NULL,
    chars INTEGER NOT NULL, body TEXT NOT NULL, policy_id TEXT, added_at TEXT NOT NULL, added_by TEXT NOT NULL,
    original BLOB);
CREATE TABLE sessions (id TEXT PRIMARY KEY, reviewer TEXT NOT NULL, started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, document_id TEXT, policy_id TEXT);
CREATE TABLE overrides (document_id TEXT NOT NULL REFERENCES documents(id), scope TEXT NOT NULL,
    span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, entity_id TEXT NOT NULL, verdict TEXT NOT NULL,
    entity_type TEXT, action TEXT, all_occurrences INTEGER NOT NULL DEFAULT 0, reviewer TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL, bulk INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document_id, scope, span_start, span_end, entity_id));
CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, session_id TEXT, reviewer TEXT NOT NULL,
    document_id TEXT NOT NULL, policy_id TEXT NOT NULL, kind TEXT NOT NULL, scope TEXT NOT NULL, span_start INTEGER,
    span_end INTEGER, entity_type TEXT, entity_id TEXT, before TEXT NOT NULL DEFAULT '',
    after TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', proposed TEXT NOT NULL DEFAULT '');
CREATE TABLE signoffs (document_id TEXT NOT NULL, policy_sha256 TEXT NOT NULL, policy_id TEXT NOT NULL,
    plan_sha256 TEXT NOT NULL, reviewer TEXT NOT NULL, at TEXT NOT NULL, accepted_rest INTEGER NOT NULL,
    PRIMARY KEY (document_id, policy_sha256));
CREATE TABLE journal (id INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL, reviewer TEXT NOT NULL,
    at TEXT NOT NULL, label TEXT NOT NULL, put TEXT NOT NULL, prior TEXT NOT NULL, touched TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0);
INSERT INTO meta VALUES ('schema_version', '2');
"""


def test_a_version_2_store_is_migrated_to_cases_and_keeps_every_review(tmp_path, record):
    path = tmp_path / "review.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(V2_SCHEMA)
        conn.execute("INSERT INTO documents VALUES (?, 'declaration_lopez.txt', 'text', 'utf-8', ?, ?, NULL,"
                     " '2024-01-01T00:00:00Z', 'alice', NULL)", (record.document.id, len(TEXT), TEXT))
        conn.execute("INSERT INTO overrides VALUES (?, 'mention', 0, 5, 'PERSON-1', 'reject', NULL, NULL, 0, 'alice',"
                     " '', '2024-01-01T00:00:00Z', 0)", (record.document.id,))
        conn.execute("INSERT INTO audit (at, reviewer, document_id, policy_id, kind, scope) VALUES"
                     " ('2024-01-01T00:00:00Z', 'alice', ?, 'p', 'decision', 'mention')", (record.document.id,))
        conn.execute("INSERT INTO journal (document_id, reviewer, at, label, put, prior, touched) VALUES"
                     " (?, 'alice', '2024-01-01T00:00:00Z', 'reject PERSON-1', '[]', '[]', '[]')", (record.document.id,))
        conn.execute("INSERT INTO sessions VALUES ('s1', 'alice', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', ?,"
                     " 'frcp-5-2')", (record.document.id,))
    store = ReviewStore(path)
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"cases", "case_documents", "case_overrides", "case_signoffs"} <= tables
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("3",)
    # the stand-alone review is as it was: its decision, its audit event, its undo entry, its resume point
    assert [(o.scope, o.entity_id, o.verdict) for o in store.overrides(record.document.id)] == [
        ("mention", "PERSON-1", "reject")]
    (event,) = store.audit(record.document.id)
    assert event.case_id is None and event.kind == "decision"
    assert store.last_change(record.document.id, "alice").label == "reject PERSON-1"
    assert store.resume_point("alice") == ("document", record.document.id, "frcp-5-2")
    # and a case can be stored next to it, its decisions apart from the document's own
    store.put_case("c" * 64, "case", [("declaration_lopez.txt", record.document.id)], "alice")
    store.record(record.document.id, put=[Override("entity", -1, -1, "PERSON-1", "accept", reviewer="alice")],
                 case_id="c" * 64)
    assert len(store.overrides(record.document.id)) == 1
    assert store.case_overrides("c" * 64)[record.document.id][0].scope == "entity"
    assert store.last_change(record.document.id, "alice", "c" * 64) is None
    ReviewStore(path)  # opening it again changes nothing
    assert len(store.overrides(record.document.id)) == 1
