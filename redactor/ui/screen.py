"""The review screen of one document: the header, the current finding and the panels on the right,
the tabs on the left, the keyboard. The same screen serves a document alone and a document of a
case (whose sign-off and export are the case's, on the case's page)."""

from __future__ import annotations

import functools

import streamlit as st

from redactor.model import Document
from redactor.review import ReviewSession, ReviewStore
from redactor.review.pages import is_paged
from redactor.ui import actions, panels, viewer, views


def document_screen(store: ReviewStore, document: Document, session: ReviewSession) -> None:
    state = st.session_state
    reviewed = session.reviewed()
    panels.filter_control(reviewed)
    panels.header(document, session, reviewed, store)
    panels.policy_confirmation(document, session, reviewed, store)
    item = panels.focus_item(reviewed)
    left, right = st.columns([3, 2], gap="medium")
    with right:
        # each panel in its own slot: one panel growing or shrinking leaves the others' state alone
        for draw in (lambda: panels.focus_panel(document, session, reviewed, item),
                     lambda: panels.search_panel(document, session, reviewed),
                     lambda: panels.entity_panel(document, session, reviewed),
                     lambda: panels.bulk_panel(session, reviewed)):
            with st.container():
                draw()
    tabs = {"Document": lambda: views.document_tab(document, session, reviewed, item, store)}
    if is_paged(document):
        tabs["Text"] = lambda: views.text_tab(document, session, reviewed, item)
    tabs["Redacted preview"] = lambda: views.preview_tab(document, session, reviewed, store)
    if session.case is None:
        tabs["Sign-off & export"] = lambda: views.signoff_tab(document, session, reviewed, store)
    tabs["Audit & QC"] = lambda: views.audit_tab(document, session, reviewed, store)
    if state.get("view") not in tabs:
        state["view"] = actions.FIRST_VIEW
    with left:
        # stateful tabs: the open one survives reruns, and only its content is computed
        for tab, draw in zip(st.tabs(list(tabs), key="view", on_change="rerun"), tabs.values()):
            if tab.open:
                with tab:
                    draw()
    # last, so that the next queued key press is sent when this run is all but done
    viewer.keyboard("keyboard", state.get("_key_seq", 0), functools.partial(actions.key_pressed, session, "keyboard"))
