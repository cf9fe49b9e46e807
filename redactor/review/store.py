"""The review store: one SQLite file (WAL, created 0600) with documents by content hash, review
sessions, human overrides, audit events and sign-offs.

One connection per operation and one transaction per change, so two reviewers (two browser
sessions, or two processes) on two documents never block each other for long nor see half a change.
The document body is the only text the store holds; everything else is offsets and hashes."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from redactor.errors import RedactorError
from redactor.model import Action, Document
from redactor.review.records import (AuditEvent, CaseSignOff, JournalEntry, Override, SignOff, StoredCase,
                                     StoredDocument, overrides_from_json, overrides_to_json, utc_now)

SCHEMA_VERSION = "3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    encoding TEXT NOT NULL,
    chars INTEGER NOT NULL,
    body TEXT NOT NULL,
    policy_id TEXT,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    reviewer TEXT NOT NULL,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    document_id TEXT,
    policy_id TEXT
);
CREATE INDEX IF NOT EXISTS sessions_reviewer ON sessions(reviewer, updated_at);
CREATE TABLE IF NOT EXISTS overrides (
    document_id TEXT NOT NULL REFERENCES documents(id),
    scope TEXT NOT NULL CHECK (scope IN ('mention', 'entity', 'manual')),
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'reject', 'change', 'add')),
    entity_type TEXT,
    action TEXT,
    all_occurrences INTEGER NOT NULL DEFAULT 0,
    reviewer TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (document_id, scope, span_start, span_end, entity_id)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    session_id TEXT,
    reviewer TEXT NOT NULL,
    document_id TEXT NOT NULL,
    policy_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    entity_type TEXT,
    entity_id TEXT,
    before TEXT NOT NULL DEFAULT '',
    after TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_document ON audit(document_id, id);
CREATE TABLE IF NOT EXISTS signoffs (
    document_id TEXT NOT NULL REFERENCES documents(id),
    policy_sha256 TEXT NOT NULL,
    policy_id TEXT NOT NULL,
    plan_sha256 TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    accepted_rest INTEGER NOT NULL,
    PRIMARY KEY (document_id, policy_sha256)
);
CREATE TABLE IF NOT EXISTS journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents(id),
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    label TEXT NOT NULL,
    put TEXT NOT NULL,
    prior TEXT NOT NULL,
    touched TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS journal_document ON journal(document_id, reviewer, id);
CREATE TABLE IF NOT EXISTS cases (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    profile TEXT,
    policy_id TEXT,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_documents (
    case_id TEXT NOT NULL REFERENCES cases(id),
    position INTEGER NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents(id),
    rel TEXT NOT NULL,
    PRIMARY KEY (case_id, position)
);
CREATE TABLE IF NOT EXISTS case_overrides (
    case_id TEXT NOT NULL REFERENCES cases(id),
    document_id TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('mention', 'entity', 'manual')),
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'reject', 'change', 'add')),
    entity_type TEXT,
    action TEXT,
    all_occurrences INTEGER NOT NULL DEFAULT 0,
    reviewer TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    bulk INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (case_id, document_id, scope, span_start, span_end, entity_id)
);
CREATE TABLE IF NOT EXISTS case_signoffs (
    case_id TEXT NOT NULL REFERENCES cases(id),
    policy_sha256 TEXT NOT NULL,
    policy_id TEXT NOT NULL,
    plan_sha256 TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (case_id, policy_sha256)
);
"""

# columns added after a store was first created: (table, column, declaration)
MIGRATIONS = (
    ("documents", "original", "BLOB"),  # PDF/DOCX review
    ("overrides", "bulk", "INTEGER NOT NULL DEFAULT 0"),  # bulk decisions, for the sign-off's second look
    ("audit", "proposed", "TEXT NOT NULL DEFAULT ''"),  # the policy's proposal next to each decision
    # v3, cases: a case's own decisions live in case_overrides (its entity ids are the case's, not
    # the document's own); its audit events and undo entries carry the case id
    ("audit", "case_id", "TEXT"),
    ("journal", "case_id", "TEXT NOT NULL DEFAULT ''"),
    ("sessions", "case_id", "TEXT"),  # the case a reviewer had open, to resume it
)
# created after the migrations, since they index columns a migration adds
INDEXES = """
CREATE INDEX IF NOT EXISTS audit_case ON audit(case_id, id);
CREATE INDEX IF NOT EXISTS journal_case ON journal(case_id, document_id, reviewer, id);
"""


class StoreError(RedactorError):
    """The review database cannot be opened or written."""


def _create_private_file(path: Path) -> None:
    """The database holds document text: only its owner may read it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


class ReviewStore:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            _create_private_file(self.path)
            with self._connection() as conn:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(SCHEMA)
                for table, column, declaration in MIGRATIONS:
                    columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
                    if column not in columns:
                        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
                conn.executescript(INDEXES)
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot open the review database ({_reason(exc)})") from None

    # ---- plumbing -------------------------------------------------------------------------------
    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout=15000")
            conn.execute("PRAGMA foreign_keys=ON")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on its own connection: all of it lands, or none of it."""
        try:
            with self._connection() as conn:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: the review database refused a write ({_reason(exc)})") from None

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            with self._connection() as conn:
                return conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read the review database ({_reason(exc)})") from None

    # ---- documents ------------------------------------------------------------------------------
    def put_document(self, document: Document, added_by: str, original: bytes | None = None) -> str:
        """Store a document under its content hash (once: the same text is the same document). A
        PDF, image or DOCX also keeps its original bytes: the true redaction is made from them."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO documents (id, source, kind, encoding, chars, body, policy_id,"
                " added_at, added_by, original) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                (document.id, Path(document.source).name, document.kind, document.encoding,
                 len(document.text), document.text, utc_now(), added_by, original),
            )
            if original is not None:
                conn.execute("UPDATE documents SET original = ? WHERE id = ? AND original IS NULL",
                             (original, document.id))
        return document.id

    def original(self, document_id: str) -> bytes | None:
        rows = self._read("SELECT original FROM documents WHERE id = ?", (document_id,))
        return rows[0][0] if rows and rows[0][0] is not None else None

    def get_document(self, document_id: str) -> Document:
        rows = self._read("SELECT id, source, kind, encoding, body, original IS NOT NULL FROM documents"
                          " WHERE id = ?", (document_id,))
        if not rows:
            raise StoreError(f"document {document_id[:12]} is not in the review store")
        doc_id, source, kind, encoding, body, has_original = rows[0]
        if has_original and kind != "text":
            # the layout (pages and boxes, or DOCX runs) is read again from the original bytes
            return _reread(doc_id, source, self.original(doc_id))
        return Document(id=doc_id, source=source, text=body, kind=kind, encoding=encoding)

    def list_documents(self) -> list[StoredDocument]:
        rows = self._read(
            "SELECT d.id, d.source, d.kind, d.chars, d.policy_id, d.added_at, d.added_by,"
            " EXISTS (SELECT 1 FROM signoffs s WHERE s.document_id = d.id)"
            " FROM documents d ORDER BY d.added_at DESC"
        )
        return [StoredDocument(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in rows]

    def document_policy(self, document_id: str) -> str | None:
        rows = self._read("SELECT policy_id FROM documents WHERE id = ?", (document_id,))
        return rows[0][0] if rows else None

    def set_document_policy(self, document_id: str, policy_id: str, event: AuditEvent | None = None) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE documents SET policy_id = ? WHERE id = ?", (policy_id, document_id))
            if event is not None:
                _append_audit(conn, event)

    # ---- sessions -------------------------------------------------------------------------------
    def start_session(self, reviewer: str) -> str:
        session_id = uuid.uuid4().hex
        now = utc_now()
        with self.transaction() as conn:
            conn.execute("INSERT INTO sessions (id, reviewer, started_at, updated_at) VALUES (?, ?, ?, ?)",
                         (session_id, reviewer, now, now))
        return session_id

    def touch_session(self, session_id: str, document_id: str | None, policy_id: str | None,
                      case_id: str | None = None) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE sessions SET updated_at = ?, document_id = ?, policy_id = ?, case_id = ? WHERE id = ?",
                         (utc_now(), document_id, policy_id, case_id, session_id))

    def last_position(self, reviewer: str) -> tuple[str, str | None] | None:
        """The document (and policy) this reviewer last had open, to resume after a restart."""
        rows = self._read(
            "SELECT s.document_id, s.policy_id FROM sessions s JOIN documents d ON d.id = s.document_id"
            " WHERE s.reviewer = ? AND s.case_id IS NULL ORDER BY s.updated_at DESC LIMIT 1", (reviewer,))
        return (rows[0][0], rows[0][1]) if rows else None

    def resume_point(self, reviewer: str) -> tuple[str, str, str | None] | None:
        """What this reviewer last had open: ("document", id, policy) or ("case", id, policy)."""
        rows = self._read(
            "SELECT s.document_id, s.policy_id, s.case_id FROM sessions s WHERE s.reviewer = ?"
            " AND (s.case_id IN (SELECT id FROM cases) OR (s.case_id IS NULL AND s.document_id IN"
            " (SELECT id FROM documents))) ORDER BY s.updated_at DESC LIMIT 1", (reviewer,))
        if not rows:
            return None
        document_id, policy_id, case_id = rows[0]
        return ("case", case_id, policy_id) if case_id else ("document", document_id, policy_id)

    # ---- overrides and audit --------------------------------------------------------------------
    # `case_id`: the decisions made on a document as part of that case, kept apart from the
    # document's stand-alone review (the case numbers its entities across all its documents)
    def overrides(self, document_id: str, case_id: str | None = None) -> list[Override]:
        if case_id is None:
            rows = self._read(f"SELECT {OVERRIDE_COLUMNS} FROM overrides WHERE document_id = ?"
                              " ORDER BY scope, span_start, span_end, entity_id", (document_id,))
        else:
            rows = self._read(f"SELECT {OVERRIDE_COLUMNS} FROM case_overrides WHERE case_id = ? AND document_id = ?"
                              " ORDER BY scope, span_start, span_end, entity_id", (case_id, document_id))
        return [_override(r) for r in rows]

    def record(self, document_id: str, put: Iterable[Override] = (), delete: Iterable[Override] = (),
               events: Iterable[AuditEvent] = (), journal: JournalEntry | None = None,
               undone: int | None = None, case_id: str | None = None) -> None:
        """Change overrides and append their audit events in one transaction; `journal` remembers
        the change so that it can be undone, `undone` marks an earlier entry as undone."""
        put, delete = list(put), list(delete)
        with self.transaction() as conn:
            if journal is not None:
                conn.execute(
                    "INSERT INTO journal (document_id, reviewer, at, label, put, prior, touched, case_id)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (document_id, journal.reviewer, journal.at or utc_now(), journal.label,
                     overrides_to_json(journal.put), overrides_to_json(journal.prior),
                     json.dumps([list(k) for k in journal.touched]), case_id or ""))
            if undone is not None:
                conn.execute("UPDATE journal SET undone = 1 WHERE id = ? AND document_id = ? AND case_id = ?",
                             (undone, document_id, case_id or ""))
            for ov in delete:
                _delete_override(conn, document_id, ov, case_id)
            for ov in put:
                _put_override(conn, document_id, ov, case_id)
            for event in events:
                _append_audit(conn, event)

    def last_change(self, document_id: str, reviewer: str, case_id: str | None = None) -> JournalEntry | None:
        """This reviewer's latest change to the document that has not been undone."""
        rows = self._read(
            "SELECT id, reviewer, at, label, put, prior, touched FROM journal WHERE document_id = ?"
            " AND reviewer = ? AND case_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1",
            (document_id, reviewer, case_id or ""))
        if not rows:
            return None
        r = rows[0]
        return JournalEntry(r[3], overrides_from_json(r[4]), overrides_from_json(r[5]),
                            tuple(tuple(k) for k in json.loads(r[6])), r[1], r[2], r[0])

    def append_audit(self, events: Iterable[AuditEvent]) -> None:
        with self.transaction() as conn:
            for event in events:
                _append_audit(conn, event)

    def audit(self, document_id: str, case_id: str | None = None) -> list[AuditEvent]:
        """The document's audit trail: its stand-alone review, or its review in that case."""
        where = "case_id IS NULL" if case_id is None else "case_id = ?"
        rows = self._read(f"SELECT {AUDIT_COLUMNS} FROM audit WHERE document_id = ? AND {where} ORDER BY id",
                          (document_id,) if case_id is None else (document_id, case_id))
        return [AuditEvent(*r) for r in rows]

    # ---- sign-off -------------------------------------------------------------------------------
    def sign_off(self, record: SignOff, put: Iterable[Override], events: Iterable[AuditEvent]) -> None:
        with self.transaction() as conn:
            for ov in put:
                _put_override(conn, record.document_id, ov)
            conn.execute(
                "INSERT OR REPLACE INTO signoffs (document_id, policy_sha256, policy_id, plan_sha256,"
                " reviewer, at, accepted_rest) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (record.document_id, record.policy_sha256, record.policy_id, record.plan_sha256,
                 record.reviewer, record.at, int(record.accepted_rest)))
            for event in events:
                _append_audit(conn, event)

    def signoff(self, document_id: str, policy_sha256: str | None = None) -> SignOff | None:
        """The sign-off for this document under that policy (or the latest under any policy)."""
        if policy_sha256 is None:
            rows = self._read("SELECT document_id, policy_id, policy_sha256, plan_sha256, reviewer, at,"
                              " accepted_rest FROM signoffs WHERE document_id = ? ORDER BY at DESC LIMIT 1",
                              (document_id,))
        else:
            rows = self._read("SELECT document_id, policy_id, policy_sha256, plan_sha256, reviewer, at,"
                              " accepted_rest FROM signoffs WHERE document_id = ? AND policy_sha256 = ?",
                              (document_id, policy_sha256))
        if not rows:
            return None
        r = rows[0]
        return SignOff(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]))

    # ---- cases ----------------------------------------------------------------------------------
    def put_case(self, case_id: str, name: str, documents: Sequence[tuple[str, str]], added_by: str,
                 profile: str | None = None) -> str:
        """Store a case (once: the same documents make the same case): its name, its documents as
        (relative name, document id) in case order, already in the store, and its profile (JSON)."""
        with self.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO cases (id, name, profile, policy_id, added_at, added_by)"
                         " VALUES (?, ?, ?, NULL, ?, ?)", (case_id, name, profile, utc_now(), added_by))
            if profile is not None:
                stored = conn.execute("SELECT profile FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
                if stored != profile:
                    # the profile seeds the identity graph, and so the entity ids the decisions key on
                    if conn.execute("SELECT 1 FROM case_overrides WHERE case_id = ? LIMIT 1", (case_id,)).fetchone():
                        raise StoreError("this case is in the review store with another profile, and its decisions "
                                         "are numbered by that one; open it without a profile to resume it")
                    conn.execute("UPDATE cases SET profile = ? WHERE id = ?", (profile, case_id))
            if not conn.execute("SELECT 1 FROM case_documents WHERE case_id = ?", (case_id,)).fetchone():
                conn.executemany("INSERT INTO case_documents (case_id, position, document_id, rel) VALUES (?, ?, ?, ?)",
                                 [(case_id, i, doc_id, rel) for i, (rel, doc_id) in enumerate(documents)])
        return case_id

    def get_case(self, case_id: str) -> StoredCase:
        rows = self._read(f"SELECT {CASE_COLUMNS} FROM cases c WHERE c.id = ?", (case_id,))
        if not rows:
            raise StoreError(f"case {case_id[:12]} is not in the review store")
        documents = self._read("SELECT rel, document_id FROM case_documents WHERE case_id = ? ORDER BY position",
                               (case_id,))
        return _case(rows[0], tuple((r[0], r[1]) for r in documents))

    def list_cases(self) -> list[StoredCase]:
        rows = self._read(f"SELECT {CASE_COLUMNS} FROM cases c ORDER BY c.added_at DESC")
        return [_case(r, ()) for r in rows]

    def case_only_documents(self) -> set[str]:
        """Documents stored as part of a case and never reviewed on their own: the lists of stand-alone
        reviews leave them to their case."""
        rows = self._read("SELECT DISTINCT c.document_id FROM case_documents c WHERE NOT EXISTS"
                          " (SELECT 1 FROM overrides o WHERE o.document_id = c.document_id) AND NOT EXISTS"
                          " (SELECT 1 FROM signoffs s WHERE s.document_id = c.document_id)")
        return {r[0] for r in rows}

    def case_profile(self, case_id: str) -> str | None:
        rows = self._read("SELECT profile FROM cases WHERE id = ?", (case_id,))
        return rows[0][0] if rows else None

    def set_case_policy(self, case_id: str, policy_id: str, event: AuditEvent | None = None) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE cases SET policy_id = ? WHERE id = ?", (policy_id, case_id))
            if event is not None:
                _append_audit(conn, event)

    def case_overrides(self, case_id: str) -> dict[str, list[Override]]:
        """Every decision of the case in one read: document id → its own decisions; the key "" holds
        the decisions on case entities, which apply in every document."""
        rows = self._read(f"SELECT document_id, {OVERRIDE_COLUMNS} FROM case_overrides WHERE case_id = ?"
                          " ORDER BY document_id, scope, span_start, span_end, entity_id", (case_id,))
        out: dict[str, list[Override]] = {}
        for r in rows:
            out.setdefault(r[0], []).append(_override(r[1:]))
        return out

    def record_case(self, case_id: str, put: Iterable[tuple[str, Override]] = (),
                    delete: Iterable[tuple[str, Override]] = (), events: Iterable[AuditEvent] = ()) -> None:
        """Change decisions in several documents of a case (and the case's own, document id "") and
        append their audit events, in one transaction."""
        with self.transaction() as conn:
            for document_id, ov in delete:
                _delete_override(conn, document_id, ov, case_id)
            for document_id, ov in put:
                _put_override(conn, document_id, ov, case_id)
            for event in events:
                _append_audit(conn, event)

    def case_audit(self, case_id: str) -> list[AuditEvent]:
        rows = self._read(f"SELECT {AUDIT_COLUMNS} FROM audit WHERE case_id = ? ORDER BY id", (case_id,))
        return [AuditEvent(*r) for r in rows]

    def sign_off_case(self, record: CaseSignOff, events: Iterable[AuditEvent]) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO case_signoffs (case_id, policy_sha256, policy_id, plan_sha256, reviewer, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (record.case_id, record.policy_sha256, record.policy_id, record.plan_sha256, record.reviewer,
                 record.at))
            for event in events:
                _append_audit(conn, event)

    def case_signoff(self, case_id: str, policy_sha256: str | None = None) -> CaseSignOff | None:
        """The case's sign-off under that policy (or the latest under any policy)."""
        sql = "SELECT case_id, policy_id, policy_sha256, plan_sha256, reviewer, at FROM case_signoffs WHERE case_id = ?"
        rows = (self._read(sql + " ORDER BY at DESC LIMIT 1", (case_id,)) if policy_sha256 is None
                else self._read(sql + " AND policy_sha256 = ?", (case_id, policy_sha256)))
        return CaseSignOff(*rows[0]) if rows else None


@lru_cache(maxsize=8)
def _reread(document_id: str, source: str, original: bytes) -> Document:
    from redactor.io import document_from_bytes

    document = document_from_bytes(original, source)
    if document.id != document_id:
        raise StoreError(f"document {document_id[:12]}: its stored original no longer reads the same")
    return document


OVERRIDE_COLUMNS = ("scope, span_start, span_end, entity_id, verdict, entity_type, action, all_occurrences,"
                    " reviewer, note, updated_at, bulk")
AUDIT_COLUMNS = ("at, reviewer, document_id, policy_id, kind, scope, span_start, span_end, entity_type, entity_id,"
                 " before, after, note, session_id, id, proposed, case_id")
CASE_COLUMNS = ("c.id, c.name, c.policy_id, c.added_at, c.added_by,"
                " (SELECT COUNT(*) FROM case_documents d WHERE d.case_id = c.id),"
                " EXISTS (SELECT 1 FROM case_signoffs s WHERE s.case_id = c.id)")


def _override(r) -> Override:
    return Override(r[0], r[1], r[2], r[3], r[4], r[5], Action(r[6]) if r[6] else None, bool(r[7]),
                    r[8], r[9], r[10], bool(r[11]))


def _case(r, documents: tuple) -> StoredCase:
    return StoredCase(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), documents)


def _put_override(conn: sqlite3.Connection, document_id: str, ov: Override, case_id: str | None = None) -> None:
    values = (document_id, ov.scope, ov.start, ov.end, ov.entity_id, ov.verdict, ov.entity_type,
              ov.action.value if ov.action else None, int(ov.all_occurrences), ov.reviewer, ov.note,
              ov.updated_at or utc_now(), int(ov.bulk))
    if case_id is None:
        conn.execute(
            "INSERT OR REPLACE INTO overrides (document_id, scope, span_start, span_end, entity_id, verdict,"
            " entity_type, action, all_occurrences, reviewer, note, updated_at, bulk)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
    else:
        conn.execute(
            "INSERT OR REPLACE INTO case_overrides (case_id, document_id, scope, span_start, span_end, entity_id,"
            " verdict, entity_type, action, all_occurrences, reviewer, note, updated_at, bulk)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (case_id, *values))


def _delete_override(conn: sqlite3.Connection, document_id: str, ov: Override, case_id: str | None = None) -> None:
    if case_id is None:
        conn.execute("DELETE FROM overrides WHERE document_id = ? AND scope = ? AND span_start = ?"
                     " AND span_end = ? AND entity_id = ?", (document_id, *ov.key))
    else:
        conn.execute("DELETE FROM case_overrides WHERE case_id = ? AND document_id = ? AND scope = ?"
                     " AND span_start = ? AND span_end = ? AND entity_id = ?", (case_id, document_id, *ov.key))


def _append_audit(conn: sqlite3.Connection, event: AuditEvent) -> None:
    conn.execute(
        "INSERT INTO audit (at, session_id, reviewer, document_id, policy_id, kind, scope, span_start,"
        " span_end, entity_type, entity_id, before, after, note, proposed, case_id) VALUES (?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (event.at or utc_now(), event.session_id, event.reviewer, event.document_id, event.policy_id,
         event.kind, event.scope, event.start, event.end, event.entity_type, event.entity_id, event.before,
         event.after, event.note, event.proposed, event.case_id))


def _reason(exc: BaseException) -> str:
    # sqlite messages name tables and constraints, never values; OSError gives the OS's reason
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
