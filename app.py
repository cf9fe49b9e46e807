"""Redactor's reviewer app: `make run` (or `streamlit run app.py`).

A thin shell: the review store, overrides, audit and sign-off live in redactor.review; the panels
and callbacks in redactor.ui. Errors show as one line, never with document text."""

from __future__ import annotations

import logging
import os

import streamlit as st

from redactor.errors import RedactorError
from redactor.review import ReviewSession, document_from_upload
from redactor.ui import actions, case, panels, resources, screen

log = logging.getLogger("redactor.ui")


def reviewer_gate(store) -> None:
    st.title("Redactor review")
    st.write("Every decision you make is recorded in the audit trail with your name and the time.")
    with st.form("gate", border=False):  # Enter in the field submits it
        st.text_input("Your name", key="reviewer_name")
        st.form_submit_button("Start reviewing", key="start", type="primary", on_click=actions.start,
                              args=(store,))


def sidebar(store) -> None:
    state = st.session_state
    with st.sidebar:
        st.markdown("### Redactor review")
        st.text(f"Reviewer: {state['reviewer']}")
        samples = resources.sample_files()
        sample_ids = {resources.sample_id(str(p), p.stat().st_mtime_ns): p for p in samples}
        options = {f"sample:{p}": f"sample · {p.name}" for p in samples}
        in_cases = store.case_only_documents()
        for doc in store.list_documents():
            if doc.id not in sample_ids and doc.id not in in_cases:
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
        limit = st.get_option("server.maxUploadSize")
        st.file_uploader(f"Upload a document (.txt, .md, .pdf, .docx, .png, .jpg, .tif; up to {limit} MB)",
                         type=["txt", "md", "pdf", "docx", "png", "jpg", "jpeg", "tif", "tiff"], key=key,
                         on_change=actions.upload, args=(store, key))
        case.sidebar(store)
        names = resources.policy_names()
        if state.get("policy") not in names:
            state["policy"] = resources.default_policy()
        if not state.get("pending_policy"):
            state["policy_choice"] = state["policy"]
        choose = case.choose_policy if state.get("case_id") else actions.choose_policy
        st.selectbox("Policy", names, key="policy_choice", on_change=choose, args=(store,),
                     help="Switching asks first when decisions would become undecided.")


def read_upload(store) -> None:
    """An upload is read here, at the top of the page under a progress message (not silently in
    the uploader's callback), before any widget that opening it resets is drawn."""
    pending = st.session_state.pop("pending_upload", None)
    if pending is None:
        return
    name, data = pending
    if True:
        with st.status(f"Reading {name}…", expanded=True) as status:
            try:
                st.write(f"Reading the file ({len(data) / 1e6:.1f} MB)…")
                document = document_from_upload(data, name)
                st.write(f"{len(document.text):,} characters read. Finding names, numbers, dates and places…")
                found = resources.findings(document.id, _Pending(document))
                actions.open_upload(store, document, data)
                status.update(label=f"Opened {document.source}: {len(found)} findings", state="complete",
                              expanded=False)
                actions.flash("success", f"Uploaded {document.source} ({len(document.text):,} characters).")
            except RedactorError as exc:
                status.update(label=f"{name}: not opened", state="error", expanded=False)
                actions.flash("error", str(exc))


class _Pending:
    """Detection's cache reads the document from the store; before it is stored, from here."""

    def __init__(self, document):
        self.document = document

    def get_document(self, document_id):
        return self.document


def welcome(store) -> None:
    st.title("Redactor review")
    st.write("Open a document to review every proposed redaction. Samples:")
    for path in resources.sample_files():
        st.button(f"Open {path.name}", key=f"open_{path.name}", on_click=actions.open_sample,
                  args=(store, str(path)))
    in_cases = store.case_only_documents()
    stored = [doc for doc in store.list_documents() if doc.id not in in_cases]
    if stored:
        st.write("Reviews in the store:")
        for doc in stored[:50]:
            st.button(f"Resume {doc.source} · {doc.id[:8]}", key=f"resume_{doc.id}",
                      on_click=actions.open_stored, args=(store, doc.id))
    case.welcome(store)


def review(store) -> None:
    state = st.session_state
    document = store.get_document(state["doc_id"])
    loaded = resources.policy(state["policy"])
    proposed = resources.proposed_plan(document.id, loaded.id, loaded.sha256, store, loaded)
    session = ReviewSession(store, document, loaded, proposed, state["reviewer"], state.get("session_id"))
    screen.document_screen(store, document, session)


def main() -> None:
    st.set_page_config(page_title="Redactor review", layout="wide")
    panels.styles()
    messages = st.container()  # always there, so what follows keeps its place whether or not it has messages
    try:
        store = resources.store()
        if not st.session_state.get("reviewer"):
            reviewer_gate(store)
            return
        read_upload(store)
        case.read_upload(store)
        sidebar(store)
        with st.sidebar.expander("Where the data lives"):
            st.caption(f"Review database: {store.path}")
        if st.session_state.get("case_id"):
            case.case_page(store)
            return
        if not st.session_state.get("doc_id"):
            welcome(store)
            return
        review(store)
    finally:
        # filled last: the callbacks' messages and those of this run (an upload read) alike
        with messages:
            for level, message in st.session_state.pop("flash", []):
                getattr(st, level)(message)


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
