"""Redactor's reviewer app: `make run` (or `streamlit run app.py`).

A thin shell: the review store, overrides, audit and sign-off live in redactor.review; the panels
and callbacks in redactor.ui. Errors show as one line, never with document text."""

from __future__ import annotations

import logging
import os

import streamlit as st

from redactor.errors import RedactorError
from redactor.review import ReviewSession
from redactor.ui import actions, panels, resources

log = logging.getLogger("redactor.ui")


def reviewer_gate(store) -> None:
    st.title("Redactor review")
    st.write("Every decision you make is recorded in the audit trail with your name and the time.")
    st.text_input("Your name", key="reviewer_name")
    st.button("Start reviewing", key="start", type="primary", on_click=actions.start, args=(store,))


def sidebar(store) -> None:
    state = st.session_state
    with st.sidebar:
        st.markdown("### Redactor review")
        st.text(f"Reviewer: {state['reviewer']}")
        samples = resources.sample_files()
        sample_ids = {resources.sample_id(str(p), p.stat().st_mtime_ns): p for p in samples}
        options = {f"sample:{p}": f"sample · {p.name}" for p in samples}
        for doc in store.list_documents():
            if doc.id not in sample_ids:
                options[f"doc:{doc.id}"] = f"{doc.source} · {doc.id[:8]}" + (" · signed off" if doc.signed_off else "")
        current = state.get("doc_id")
        if current in sample_ids:
            state["doc_choice"] = f"sample:{sample_ids[current]}"
        elif current:
            state["doc_choice"] = f"doc:{current}"
        st.selectbox("Document", list(options), format_func=options.get, index=None, key="doc_choice",
                     placeholder="Open a sample or a stored review", on_change=actions.choose_document,
                     args=(store,))
        key = actions.upload_key()
        st.file_uploader("Upload a document (.txt, .md, .pdf, .docx, .png, .jpg, .tif)",
                         type=["txt", "md", "pdf", "docx", "png", "jpg", "jpeg", "tif", "tiff"], key=key,
                         on_change=actions.upload, args=(store, key))
        names = resources.policy_names()
        if state.get("policy") not in names:
            state["policy"] = resources.default_policy()
        st.selectbox("Policy", names, key="policy", on_change=actions.change_policy, args=(store,))
        panels.filter_control()
        st.caption(f"Review database: {store.path}")


def welcome(store) -> None:
    st.title("Redactor review")
    st.write("Open a document to review every proposed redaction. Samples:")
    for path in resources.sample_files():
        st.button(f"Open {path.name}", key=f"open_{path.name}", on_click=actions.open_sample,
                  args=(store, str(path)))
    stored = store.list_documents()
    if stored:
        st.write("Reviews in the store:")
        for doc in stored[:50]:
            st.button(f"Resume {doc.source} · {doc.id[:8]}", key=f"resume_{doc.id}",
                      on_click=actions.open_stored, args=(store, doc.id))


def review(store) -> None:
    state = st.session_state
    document = store.get_document(state["doc_id"])
    loaded = resources.policy(state["policy"])
    proposed = resources.proposed_plan(document.id, loaded.id, loaded.sha256, store, loaded)
    session = ReviewSession(store, document, loaded, proposed, state["reviewer"], state.get("session_id"))
    reviewed = session.reviewed()
    panels.header(document, session, reviewed, store)
    item = panels.focus_item(reviewed)
    left, right = st.columns([3, 2], gap="medium")
    with right:
        # each panel in its own slot: one panel growing or shrinking leaves the others' state alone
        for draw in (lambda: panels.focus_panel(document, session, reviewed, item),
                     lambda: panels.entity_panel(document, session, reviewed),
                     lambda: panels.bulk_panel(session, reviewed),
                     lambda: panels.manual_panel(session)):
            with st.container():
                draw()
    views = {
        "Document": lambda: panels.document_tab(document, reviewed, item),
        "Redacted preview": lambda: panels.preview_tab(document, reviewed),
        "Sign-off & export": lambda: panels.signoff_tab(session, reviewed, store),
        "Audit & QC": lambda: panels.audit_tab(document, session, reviewed, store),
    }
    with left:
        # stateful tabs: the open one survives reruns, and only its content is computed
        for tab, draw in zip(st.tabs(list(views), key="view", on_change="rerun"), views.values()):
            if tab.open:
                with tab:
                    draw()


def main() -> None:
    st.set_page_config(page_title="Redactor review", layout="wide")
    panels.styles()
    with st.container():  # always there, so what follows keeps its place whether or not it has messages
        for level, message in st.session_state.pop("flash", []):
            getattr(st, level)(message)
    store = resources.store()
    if not st.session_state.get("reviewer"):
        reviewer_gate(store)
        return
    sidebar(store)
    if not st.session_state.get("doc_id"):
        welcome(store)
        return
    review(store)


try:
    main()
except RedactorError as exc:
    st.error(str(exc))
except Exception as exc:  # noqa: BLE001 - messages may quote document text: show and log the type only
    if os.environ.get("REDACTOR_DEBUG"):  # the developer's --debug: the full trace
        raise
    log.error("reviewer app failed: %s", type(exc).__name__)
    st.error(f"Something went wrong ({type(exc).__name__}). Details are withheld so that no document text "
             "reaches the screen or the log; reload the page to continue.")
