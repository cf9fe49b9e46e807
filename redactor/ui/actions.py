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
from redactor.review import MentionKey, ReviewSession, ReviewStore, open_document, switch_policy
from redactor.review.search import suggest_type
from redactor.review.triage import next_undecided, step
from redactor.ui.resources import default_policy, policy_names
from redactor.ui.viewer import new_press, parse_mark_key

log = logging.getLogger("redactor.ui")

DEFAULT_FILTER = "needs review"
FIRST_VIEW = "Document"


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


def set_focus(key: MentionKey | None, scroll: bool = True) -> None:
    """Move to another finding; the change/scope/note widgets start fresh for it, and the pane
    brings it into view."""
    state = st.session_state
    state["focus"] = key
    state["scope"] = "mention"
    state["note"] = ""
    state["change_type"] = None
    state["change_action"] = None
    if scroll:
        state["scroll_nonce"] = state.get("scroll_nonce", 0) + 1


def _mode() -> str:
    return st.session_state.get("filter", DEFAULT_FILTER)


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
    last = store.resume_point(name)
    if last:
        kind, opened, policy_id = last
        if kind == "case":
            from redactor.ui import case

            case.show_case(store, opened, policy_id)
        else:
            _show(store, opened, policy_id)
        flash("info", "Resumed your last review where you left it.")


def _show(store: ReviewStore, document_id: str, policy_id: str | None) -> None:
    """A document on screen: the Document tab, "Needs review", its first finding."""
    state = st.session_state
    state["doc_id"] = document_id
    state["case_id"] = None  # a document on its own, not as part of a case
    state["case_doc"] = None
    state["case_choice"] = None
    state["policy"] = policy_id if policy_id in policy_names() else default_policy()
    state["policy_choice"] = state["policy"]
    state["pending_policy"] = None
    state["doc_choice"] = f"doc:{document_id}"
    state["view"] = FIRST_VIEW
    state["filter"] = DEFAULT_FILTER
    state["page_no"] = 1
    state.pop("_page_synced", None)
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
    """Take the bytes from the uploader; the script reads them under a progress message."""
    state = st.session_state
    uploaded = state.get(key)
    if uploaded is None:
        return
    # a fresh uploader widget next run lets Streamlit drop this one's copy instead of holding it
    state["upload_round"] = state.get("upload_round", 0) + 1
    state["pending_upload"] = (uploaded.name, uploaded.getvalue())


def open_upload(store: ReviewStore, document, data: bytes) -> None:
    _open(store, document, data)


# ---- policy --------------------------------------------------------------------------------------
@guarded
def choose_policy(store: ReviewStore) -> None:
    """A policy picked in the sidebar: switched at once if nothing is decided yet, else it waits
    for the reviewer to confirm what carries over."""
    state = st.session_state
    choice = state.get("policy_choice")
    if not state.get("doc_id") or choice == state.get("policy"):
        state["pending_policy"] = None
        return
    if not store.overrides(state["doc_id"]):
        _switch(store, choice)
        return
    state["pending_policy"] = choice


def _switch(store: ReviewStore, policy_id: str) -> None:
    state = st.session_state
    switch_policy(store, state["doc_id"], state["reviewer"], state.get("session_id"), policy_id)
    state["policy"] = policy_id
    state["policy_choice"] = policy_id
    state["pending_policy"] = None


@guarded
def confirm_policy(store: ReviewStore) -> None:
    pending = st.session_state.get("pending_policy")
    if pending:
        _switch(store, pending)
        flash("success", f"Switched to {pending}.")


def cancel_policy() -> None:
    state = st.session_state
    state["pending_policy"] = None
    state["policy_choice"] = state.get("policy")


# ---- deciding ------------------------------------------------------------------------------------
def _after_decision(session: ReviewSession, reviewed, key: MentionKey) -> None:
    nxt = next_undecided(reviewed.items, key, _mode())
    set_focus(nxt.key if nxt else key)


@guarded
def decide(session: ReviewSession, key: MentionKey, verdict: str) -> None:
    """mask | keep | proposal | change, for this mention or (scope) its whole entity."""
    state = st.session_state
    note = str(state.get("note") or "").strip()
    entity_type = state.get("change_type") if verdict == "change" else None
    action = state.get("change_action") if verdict == "change" else None
    if verdict == "proposal":
        verdict = "accept"
    if state.get("scope") == "entity":
        reviewed = session.decide_entity(key.entity_id, verdict, entity_type, action, note)
    else:
        reviewed = session.decide_mention(key, verdict, entity_type, action, note)
    if verdict == "change":
        # a retyped mention keeps its key; stay on it to see the result
        set_focus(key, scroll=False)
        return
    _after_decision(session, reviewed, key)


@guarded
def undo(session: ReviewSession) -> None:
    entry, reviewed = session.undo()
    touched = [MentionKey(k[1], k[2], k[3]) for k in entry.touched if k[0] == "mention"]
    back = next((reviewed.item(k) for k in touched if reviewed.item(k) is not None), None)
    if back is None:
        back = next((i for i in reviewed.items if i.key.entity_id in {k[3] for k in entry.touched}), None)
    if back is not None:
        set_focus(back.key)
    flash("info", f"Undone: {entry.label}.")


@guarded
def reset(session: ReviewSession, key: MentionKey) -> None:
    if st.session_state.get("scope") == "entity":
        session.reset_entity(key.entity_id)
    else:
        session.reset_mention(key)
    set_focus(key, scroll=False)


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
def select_in_pane(session: ReviewSession, pane_key: str) -> None:
    """A click on a highlight or a box: that finding becomes the current one."""
    result = st.session_state.get(pane_key)
    where = parse_mark_key(result.get("select") if result else None)
    if where is None:
        return
    item = session.reviewed().item_at(*where)
    if item is not None:
        set_focus(item.key, scroll=False)  # it is where the reviewer clicked: no need to scroll


KEY_ACTIONS = {"m": "mask", "v": "keep", "a": "proposal", "enter": "proposal"}


@guarded
def key_pressed(session: ReviewSession, keyboard_key: str) -> None:
    """Apply one key press (the keyboard sends the next once this one is acknowledged). The press
    counts as applied only once its action is done: a run interrupted half-way applies it again."""
    state = st.session_state
    result = state.get(keyboard_key)
    press = new_press(result.get("press") if result else None, state.get("_key_seq", 0))
    if press is None:
        return
    seq, key = press
    focus = state.get("focus")
    if key in KEY_ACTIONS:
        if focus is not None:
            decide(session, focus, KEY_ACTIONS[key])
    elif key in ("j", "k"):
        move(session, focus, 1 if key == "j" else -1)
    elif key == "n":
        move_to_undecided(session, focus)
    elif key == "u":
        undo(session)
    state["_key_seq"] = seq


@guarded
def bulk(session: ReviewSession, verdict: str) -> None:
    entity_type = st.session_state.get("bulk_type")
    if not entity_type:
        return
    before = len(session.reviewed().undecided)
    reviewed = session.decide_type(entity_type, verdict, note=f"bulk {verdict} {entity_type}")
    done = before - len(reviewed.undecided)
    what = "Took the proposal for" if verdict == "accept" else "Kept visible"
    flash("success", f"{what} {done} undecided {entity_type} finding{'s' if done != 1 else ''}.")
    focus = st.session_state.get("focus")
    if focus is None or reviewed.item(focus) is None or reviewed.item(focus).decided:
        nxt = next_undecided(reviewed.items, focus, _mode())
        set_focus(nxt.key if nxt else focus)


# ---- search and manual redactions ----------------------------------------------------------------
def suggest_search_type() -> None:
    """The type offered for "mask all matches", from the text's shape (never PERSON unasked)."""
    state = st.session_state
    state["search_type"] = suggest_type(str(state.get("search_text") or ""))


@guarded
def mask_matches(session: ReviewSession) -> None:
    state = st.session_state
    entity_type = state.get("search_type")
    if not entity_type:
        flash("error", "Choose the type of what you are masking.")
        return
    action = state.get("search_action")
    every = state.get("search_where", "all") == "all"
    occurrence = int(state.get("search_occurrence") or 1) - 1
    entity_id, reviewed = session.add_manual(
        str(state.get("search_text") or ""), entity_type,
        None if action in (None, "policy") else action, every, 0 if every else occurrence,
        str(state.get("search_note") or "").strip())
    mentions = reviewed.mentions(entity_id)
    covered = sum(not m.in_plan for m in mentions)
    message = f"Added {entity_id}: {len(mentions)} occurrence{'s' if len(mentions) != 1 else ''} masked"
    if covered:
        message += f" ({covered} already inside another redaction)"
    flash("success", message + ".")
    state["search_text"] = ""
    state["search_note"] = ""
    state["search_type"] = None
    set_focus(mentions[0].key)


@guarded
def remove_manual(session: ReviewSession, entity_id: str) -> None:
    session.remove_manual(entity_id)
    set_focus(None)


# ---- sign-off and export -------------------------------------------------------------------------
def ack_key(concern) -> str:
    """One tick per group and size: a group that grows after the tick must be ticked again."""
    return f"ack_{concern.id}_{len(concern.items)}"


@guarded
def sign_off(session: ReviewSession) -> None:
    state = st.session_state
    accept_rest = bool(state.get("accept_rest"))
    concerns = session.second_look(accept_rest)
    acknowledged = {c.id for c in concerns if state.get(ack_key(c))}
    record = session.sign_off(accept_rest, str(state.get("signoff_note") or "").strip(), acknowledged)
    state["accept_rest"] = False
    flash("success", f"Signed off by {record.reviewer}. The export is ready.")


@guarded
def record_export(session: ReviewSession, name: str, sha256: str) -> None:
    session.record_export(f"downloaded {name} (sha256 {sha256[:16]})")
