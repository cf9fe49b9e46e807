"""The review screen's tabs: the document (page images with the finding boxes for PDFs, scans and
images; the highlighted text for everything, as a second tab for paged documents), the redacted
preview (for a paged document, the pages of the real redacted file the export writes), sign-off
with its second look, and the audit trail."""

from __future__ import annotations

import base64
import functools
import hashlib

import streamlit as st

from redactor.model import Document
from redactor.review import ReviewSession, Reviewed, ReviewStore, export_bundle
from redactor.review.pages import boxes_by_page, is_paged, page_count, page_of, page_size
from redactor.review.triage import type_counts
from redactor.ui import actions, resources
from redactor.ui.highlight import document_html, legend_html, mark_classes, mark_for, tooltip
from redactor.ui.panels import describe_action, snippet
from redactor.ui.viewer import mark_key, page_pane, text_pane

MIMES = {".txt": "text/plain", ".json": "application/json", ".csv": "text/csv", ".pdf": "application/pdf",
         ".png": "image/png", ".tif": "image/tiff",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _statuses(reviewed: Reviewed) -> dict[tuple, str]:
    return {(i.decision.finding.start, i.decision.finding.end, i.decision.finding.entity_id,
             i.decision.action): i.status for i in reviewed.items}


def _focus_mark(reviewed: Reviewed, item) -> str | None:
    if item is None:
        return None
    d = mark_for(reviewed.plan, item.key.start, item.key.end)
    return mark_key(d.finding.start, d.finding.end, d.finding.entity_id) if d is not None else None


def legend(reviewed: Reviewed) -> None:
    st.html(legend_html(type_counts(reviewed.items)))


# ---- the page a reviewer is on ---------------------------------------------------------------------
def current_page(document: Document, item) -> int:
    """The page shown: it follows the current finding when that moves, else stays where the
    reviewer paged to."""
    state = st.session_state
    count = page_count(document)
    if item is not None and state.get("_page_synced") != item.key:
        focus_page = page_of(document, item.key.start, item.key.end)
        if focus_page is not None:
            state["page"] = focus_page + 1
        state["_page_synced"] = item.key
    state["page"] = min(max(int(state.get("page") or 1), 1), count)
    return state["page"] - 1


def _turn(count: int, delta: int = 0, from_input: str | None = None) -> None:
    state = st.session_state
    value = int(state.get(from_input) or 1) if from_input else int(state.get("page") or 1) + delta
    state["page"] = min(max(value, 1), count)


def page_navigation(count: int, key: str) -> None:
    state = st.session_state
    state[f"{key}_input"] = state["page"]
    c1, c2, c3 = st.columns([1, 2, 1], vertical_alignment="bottom")
    c1.button("◀ Page", key=f"{key}_prev", width="stretch", disabled=state["page"] <= 1,
              on_click=_turn, args=(count, -1))
    c2.number_input(f"Page (of {count})", min_value=1, max_value=count, step=1, key=f"{key}_input",
                    on_change=_turn, args=(count, 0, f"{key}_input"))
    c3.button("Page ▶", key=f"{key}_next", width="stretch", disabled=state["page"] >= count,
              on_click=_turn, args=(count, 1))


def _boxes(document: Document, reviewed: Reviewed) -> dict:
    """Boxes per page for this plan, remembered per session while the plan stays the same."""
    key = (document.id, tuple((d.finding.start, d.finding.end, d.finding.entity_id, d.action)
                              for d in reviewed.plan.decisions))
    memo = st.session_state.get("_boxes_memo")
    if memo is None or memo[0] != key:
        memo = (key, boxes_by_page(document, reviewed.plan.decisions))
        st.session_state["_boxes_memo"] = memo
    return memo[1]


def page_view(document: Document, session: ReviewSession, reviewed: Reviewed, item, store: ReviewStore) -> None:
    count = page_count(document)
    page = current_page(document, item)
    page_navigation(count, "page_nav")
    statuses = _statuses(reviewed)
    boxes = []
    for box in _boxes(document, reviewed).get(page, []):
        d = box.decision
        f = d.finding
        status = statuses.get((f.start, f.end, f.entity_id, d.action), "changed")
        boxes.append([mark_key(f.start, f.end, f.entity_id), *box.rect, mark_classes(d, status),
                      tooltip(d, status)])
    png = resources.page_png(document.id, document.kind, page, store)
    url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    page_pane("pane_page", page, url, page_size(document, page), boxes, _focus_mark(reviewed, item),
              st.session_state.get("scroll_nonce", 0),
              functools.partial(actions.select_in_pane, session, "pane_page"))
    where = page_of(document, item.key.start, item.key.end) if item is not None else None
    st.caption(f"Page {page + 1} of {count}, as rendered from the file. Filled boxes will be blacked out; dashed "
               "ones stay readable. Click a box to select its finding."
               + (f" The current finding is on page {where + 1}." if where is not None and where != page else ""))


def text_view(document: Document, session: ReviewSession, reviewed: Reviewed, item) -> None:
    html = document_html(document.text, reviewed.plan, _statuses(reviewed))
    text_pane("pane_text", html, _focus_mark(reviewed, item), st.session_state.get("scroll_nonce", 0),
              functools.partial(actions.select_in_pane, session, "pane_text"))
    st.caption("Click a highlight to select it; hover for its entity, reason and score. Filled: to be masked; "
               "dashed: kept visible; bold and underlined: decided by a reviewer.")


def document_tab(document: Document, session: ReviewSession, reviewed: Reviewed, item, store: ReviewStore) -> None:
    legend(reviewed)
    if is_paged(document):
        page_view(document, session, reviewed, item, store)
    else:
        text_view(document, session, reviewed, item)


def text_tab(document: Document, session: ReviewSession, reviewed: Reviewed, item) -> None:
    legend(reviewed)
    text_view(document, session, reviewed, item)


# ---- preview, sign-off, audit ----------------------------------------------------------------------
def preview_tab(document: Document, session: ReviewSession, reviewed: Reviewed, store: ReviewStore) -> None:
    redacted = resources.preview(document.text, reviewed.plan)
    digest = hashlib.sha256(redacted.encode()).hexdigest()
    if not is_paged(document):
        st.caption(f"Exactly the text the export writes (the same plan, rendered the same way). SHA-256 {digest}")
        st.code(redacted, language=None, wrap_lines=True, height=560)
        return
    with st.spinner("Making the redacted file (true redaction and verification, as the export does)…"):
        name, data = resources.redacted_file(store, document, reviewed.plan, session.loaded)
    file_digest = hashlib.sha256(data).hexdigest()
    count = page_count(document)
    current_page(document, None)
    page_navigation(count, "preview_nav")
    page = st.session_state["page"] - 1
    kind = "pdf" if name.endswith(".pdf") else "image"
    st.image(resources.redacted_page_png(file_digest, kind, page, data),
             caption=f"Page {page + 1} of {count} of the redacted file", width="stretch")
    st.caption(f"Exactly the file the export writes after sign-off (made from the original by the same engine, "
               f"verified): SHA-256 {file_digest}")
    with st.expander("Redacted text"):
        st.caption(f"The text export. SHA-256 {digest}")
        st.code(redacted, language=None, wrap_lines=True, height=400)


def second_look(document: Document, session: ReviewSession, reviewed: Reviewed) -> bool:
    """The groups to look at again before signing, each with a tick; True when all are ticked."""
    state = st.session_state
    concerns = session.second_look(bool(state.get("accept_rest")), reviewed)
    if not concerns:
        return True
    st.markdown("#### A second look before you sign")
    ticked = True
    for concern in concerns:
        with st.container(border=True, key=f"concern_{concern.id}"):
            st.warning(f"**{concern.title}: {len(concern.items)}** in {len(concern.entities)} "
                       f"entit{'y' if len(concern.entities) == 1 else 'ies'}. {concern.explanation}")
            rows = [{"entity": i.key.entity_id, "type": i.decision.finding.entity_type,
                     "text": snippet(document.text, i.key.start, i.key.end),
                     "decision": describe_action(i.decision) if i.masks or i.in_plan else "inside a redaction",
                     "how": "undecided: accepted at sign-off" if not i.decided else
                     ("in bulk" if i.bulk else i.status)} for i in concern.items[:200]]
            st.dataframe(rows, hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 220))
            key = actions.ack_key(concern)
            st.checkbox(f"I have looked at these {len(concern.items)} and they are right", key=key)
            ticked = ticked and bool(state.get(key))
    return ticked


def signoff_tab(document: Document, session: ReviewSession, reviewed: Reviewed, store: ReviewStore) -> None:
    record = session.signoff(reviewed)
    if record is None:
        earlier = store.signoff(session.document.id, session.loaded.sha256)
        if earlier is not None:
            st.warning(f"Decisions changed after {earlier.reviewer} signed off; sign off again to export.")
        rest = len(reviewed.undecided)
        st.markdown(f"**{reviewed.decided} of {reviewed.total} decided.** Export opens after sign-off: every "
                    "finding decided, or the rest explicitly accepted as the policy proposes.")
        if rest:
            st.checkbox(f"Accept the remaining {rest} findings as proposed", key="accept_rest")
        ticked = second_look(document, session, reviewed) if (rest == 0 or st.session_state.get("accept_rest")) \
            else True
        st.text_input("Sign-off note (optional)", key="signoff_note")
        ready = (rest == 0 or bool(st.session_state.get("accept_rest"))) and ticked
        st.button("Sign off", key="sign_off", type="primary", disabled=not ready,
                  on_click=actions.sign_off, args=(session,))
        return
    st.success(f"Signed off by {record.reviewer} on {record.at[:19].replace('T', ' ')} UTC"
               + (" (the rest accepted as proposed)" if record.accepted_rest else "") + ".")
    with st.spinner("Preparing the export…"):
        bundle = export_bundle(session)
    digest = hashlib.sha256(bundle.redacted.encode()).hexdigest()
    st.caption(f"Export SHA-256 {digest} (verified: no masked string survives)")
    st.caption("File names carry no masked word (like the command line's: a masked name in the file name is "
               "replaced by its tag).")
    for number, (name, payload) in enumerate(bundle.files().items()):
        suffix = "." + name.rsplit(".", 1)[-1]
        data = payload if isinstance(payload, bytes) else payload.encode()
        st.download_button(f"Download {name}", payload, file_name=name, mime=MIMES[suffix],
                           key=f"download_{number}", on_click=actions.record_export,
                           args=(session, name, hashlib.sha256(data).hexdigest()))


def audit_tab(document: Document, session: ReviewSession, reviewed: Reviewed, store: ReviewStore) -> None:
    changes = session.changes(reviewed)
    st.markdown(f"#### Changes against the policy's proposal ({len(changes)})")
    if changes:
        st.dataframe([{"start": c.item.key.start, "end": c.item.key.end, "entity": c.item.key.entity_id,
                       "text": snippet(document.text, c.item.key.start, c.item.key.end),
                       "policy proposed": c.before, "now": c.after, "by": c.reviewer, "note": c.note}
                      for c in changes], hide_index=True, width="stretch")
    events = session.audit()
    st.markdown(f"#### Audit trail ({len(events)} events)")
    if events:
        st.dataframe([e.to_json() for e in events[-500:]], hide_index=True, width="stretch")
