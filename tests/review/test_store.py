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
