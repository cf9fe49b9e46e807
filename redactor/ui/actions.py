"""Widget callbacks: each reads the widgets' values from session state, calls one transition in
redactor.review, and moves the focus. Every one runs inside `guarded`, so a failure shows one line
and never the document text, in the page or in the server log."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import streamlit as st

from redactor.errors import RedactorError
from redactor.io import read_document
from redactor.review import (MentionKey, ReviewSession, ReviewStore, document_from_upload, open_document,
                             switch_policy)
from redactor.review.triage import next_undecided, step
from redactor.ui.resources import default_policy, policy_names

log = logging.getLogger("redactor.ui")


def flash(level: str, message: str) -> None:
    st.session_state.setdefault("flash", []).append((level, message))


def guarded(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except RedactorError as exc:
            flash("error", str(exc))
        except Exception as exc:  # noqa: BLE001 - the message may quote text: show and log the type only
            log.error("review action %s failed: %s", fn.__name__, type(exc).__name__)
            flash("error", f"That did not work ({type(exc).__name__}); nothing was changed.")
    return wrapper


def set_focus(key: MentionKey | None) -> None:
    """Move to another finding; the change/scope/note widgets start fresh for it."""
    state = st.session_state
    state["focus"] = key
    state["scope"] = "mention"
    state["note"] = ""
    state["change_type"] = None
    state["change_action"] = None


# ---- reviewer and documents ----------------------------------------------------------------------
@guarded
def start(store: ReviewStore) -> None:
    state = st.session_state
    name = " ".join(str(state.get("reviewer_name", "")).split())
    if not name:
        flash("error", "Enter your name: every decision is recorded with it.")
        return
    state["reviewer"] = name
    state["session_id"] = store.start_session(name)
    last = store.last_position(name)
    if last:
        document_id, policy_id = last
        _show(store, document_id, policy_id)
        flash("info", "Resumed your last review where you left it.")


def _show(store: ReviewStore, document_id: str, policy_id: str | None) -> None:
    state = st.session_state
    state["doc_id"] = document_id
    state["policy"] = policy_id if policy_id in policy_names() else default_policy()
    state["doc_choice"] = f"doc:{document_id}"
    set_focus(None)
    if state.get("session_id"):
        store.touch_session(state["session_id"], document_id, state["policy"])


def _open(store: ReviewStore, document, original: bytes | None = None) -> None:
    state = st.session_state
    policy_id = open_document(store, document, state["reviewer"], state.get("session_id"), default_policy(),
                              original)
    _show(store, document.id, policy_id)


@guarded
def open_sample(store: ReviewStore, path: str) -> None:
    document = read_document(Path(path))
    _open(store, document, Path(path).read_bytes() if document.kind != "text" else None)


@guarded
def open_stored(store: ReviewStore, document_id: str) -> None:
    _open(store, store.get_document(document_id))


@guarded
def choose_document(store: ReviewStore) -> None:
    choice = st.session_state.get("doc_choice")
    if not choice:
        return
    kind, _, value = choice.partition(":")
    if kind == "sample":
        _open(store, read_document(Path(value)))
    else:
        _open(store, store.get_document(value))


def upload_key() -> str:
    return f"upload_{st.session_state.get('upload_round', 0)}"


@guarded
def upload(store: ReviewStore, key: str) -> None:
    state = st.session_state
    uploaded = state.get(key)
    if uploaded is None:
        return
    # the bytes go from memory into the review store, and nowhere else; a fresh uploader widget
    # next run lets Streamlit drop this one's copy instead of holding it for the whole session
    state["upload_round"] = state.get("upload_round", 0) + 1
    data = uploaded.getvalue()
    document = document_from_upload(data, uploaded.name)
    _open(store, document, data)
    flash("success", f"Uploaded {document.source} ({len(document.text):,} characters).")


@guarded
def change_policy(store: ReviewStore) -> None:
    state = st.session_state
    if state.get("doc_id"):
        switch_policy(store, state["doc_id"], state["reviewer"], state.get("session_id"), state["policy"])


# ---- deciding ------------------------------------------------------------------------------------
def _mode() -> str:
    return st.session_state.get("filter", "all")


@guarded
def decide(session: ReviewSession, key: MentionKey, verdict: str) -> None:
    state = st.session_state
    note = str(state.get("note") or "").strip()
    entity_type = state.get("change_type") if verdict == "change" else None
    action = state.get("change_action") if verdict == "change" else None
    if state.get("scope") == "entity":
        reviewed = session.decide_entity(key.entity_id, verdict, entity_type, action, note)
    else:
        reviewed = session.decide_mention(key, verdict, entity_type, action, note)
    if verdict == "change":
        # a retyped mention keeps its key; stay on it to see the result
        set_focus(key)
        return
    nxt = next_undecided(reviewed.items, key, _mode())
    set_focus(nxt.key if nxt else key)


@guarded
def move(session: ReviewSession, key: MentionKey | None, offset: int) -> None:
    item = step(session.reviewed().items, key, offset, _mode())
    set_focus(item.key if item else None)


@guarded
def move_to_undecided(session: ReviewSession, key: MentionKey | None) -> None:
    item = next_undecided(session.reviewed().items, key, _mode())
    if item is None:
        flash("success", "Every finding in this view is decided.")
        return
    set_focus(item.key)


@guarded
def go_to_entity(session: ReviewSession) -> None:
    entity_id = st.session_state.get("goto_entity")
    if not entity_id:
        return
    mentions = session.reviewed().mentions(entity_id)
    if mentions:
        undecided = [m for m in mentions if not m.decided]
        set_focus((undecided or mentions)[0].key)


@guarded
def bulk(session: ReviewSession, verdict: str) -> None:
    entity_type = st.session_state.get("bulk_type")
    if not entity_type:
        return
    before = len(session.reviewed().undecided)
    reviewed = session.decide_type(entity_type, verdict, note=f"bulk {verdict} {entity_type}")
    done = before - len(reviewed.undecided)
    flash("success", f"{'Accepted' if verdict == 'accept' else 'Rejected'} {done} undecided {entity_type} "
                     f"finding{'s' if done != 1 else ''}.")
    focus = st.session_state.get("focus")
    if focus is None or reviewed.item(focus) is None or reviewed.item(focus).decided:
        nxt = next_undecided(reviewed.items, focus, _mode())
        set_focus(nxt.key if nxt else focus)


@guarded
def add_manual(session: ReviewSession) -> None:
    state = st.session_state
    action = state.get("manual_action")
    every = state.get("manual_scope", "all") == "all"
    occurrence = int(state.get("manual_occurrence") or 1) - 1
    entity_id, reviewed = session.add_manual(
        str(state.get("manual_text") or ""), state.get("manual_type") or "PERSON",
        None if action in (None, "policy") else action, every, 0 if every else occurrence,
        str(state.get("manual_note") or "").strip())
    mentions = reviewed.mentions(entity_id)
    covered = sum(not m.in_plan for m in mentions)
    message = f"Added {entity_id}: {len(mentions)} occurrence{'s' if len(mentions) != 1 else ''} masked"
    if covered:
        message += f" ({covered} already inside another redaction)"
    flash("success", message + ".")
    state["manual_text"] = ""
    state["manual_note"] = ""
    set_focus(mentions[0].key)


@guarded
def remove_manual(session: ReviewSession, entity_id: str) -> None:
    session.remove_manual(entity_id)
    set_focus(None)


@guarded
def sign_off(session: ReviewSession) -> None:
    state = st.session_state
    record = session.sign_off(bool(state.get("accept_rest")), str(state.get("signoff_note") or "").strip())
    state["accept_rest"] = False
    flash("success", f"Signed off by {record.reviewer}. The export is ready.")


@guarded
def record_export(session: ReviewSession, name: str, sha256: str) -> None:
    session.record_export(f"downloaded {name} (sha256 {sha256[:16]})")
