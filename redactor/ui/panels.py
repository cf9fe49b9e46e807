"""The review screen's parts. Each draws from a `Reviewed` (read once per run) and wires its widgets
to callbacks in redactor.ui.actions; none holds detection, policy or review logic."""

from __future__ import annotations

import hashlib
from collections import Counter

import streamlit as st

from redactor.model import Action, Document
from redactor.policy.schema import ENTITY_TYPES
from redactor.review import ReviewSession, Reviewed, ReviewStore, export_bundle
from redactor.review.triage import FILTERS, entity_rows, next_undecided, visible
from redactor.ui import actions, resources
from redactor.ui.highlight import CSS, context_html, document_html, legend_html

MASKING_ACTIONS = [a.value for a in Action if a is not Action.KEEP]
ALL_ACTIONS = [a.value for a in Action]
TYPES = sorted(ENTITY_TYPES)
STATUS_LABEL = {"undecided": "undecided (proposed)", "accepted": "accepted", "rejected": "rejected: kept visible",
                "changed": "changed by a reviewer", "added": "added by a reviewer"}


def snippet(text: str, start: int, end: int, limit: int = 40) -> str:
    value = " ".join(text[start:end].split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def styles() -> None:
    st.html(CSS)


def header(document: Document, session: ReviewSession, reviewed: Reviewed, store: ReviewStore) -> None:
    loaded = session.loaded
    st.subheader(document.source)
    st.caption(f"{len(document.text):,} characters · policy **{loaded.id}** ({loaded.policy.title}) · "
               f"document {document.id[:12]}")
    total, done = reviewed.total, reviewed.decided
    st.progress(done / total if total else 1.0, text=f"{done} of {total} decided")
    latest = store.signoff(document.id)
    with st.container():  # a fixed slot, so the tabs below keep their place in the page
        if latest is not None and latest.reviewer != session.reviewer:
            changes = session.changes(reviewed)
            st.info(f"QC mode: {latest.reviewer} signed this document off on "
                    f"{latest.at[:16].replace('T', ' ')} UTC under {latest.policy_id}. {len(changes)} decision(s) "
                    "differ from the policy's proposal: see Audit & QC.")
        if reviewed.unmatched:
            st.caption(f"{len(reviewed.unmatched)} earlier decision(s) match no finding under this policy; "
                       "they apply again under the policy they were made for.")


def focus_item(reviewed: Reviewed):
    state = st.session_state
    mode = state.get("filter", "all")
    key = state.get("focus")
    item = reviewed.item(key) if key is not None else None
    if item is None:
        pool = visible(reviewed.items, mode)
        item = next_undecided(reviewed.items, None, mode) or (pool[0] if pool else None)
        state["focus"] = item.key if item else None
    return item


def focus_panel(document: Document, session: ReviewSession, reviewed: Reviewed, item) -> None:
    state = st.session_state
    mode = state.get("filter", "all")
    st.markdown("#### Current finding")
    if item is None:
        st.info("No findings in this view." if reviewed.items else "No findings in this document.")
        return
    pool = visible(reviewed.items, mode)
    keys = [i.key for i in pool]
    place = f"{keys.index(item.key) + 1} of {len(pool)}" if item.key in keys else f"outside the '{mode}' view"
    st.caption(f"Finding {place} ({mode}) · {reviewed.decided} of {reviewed.total} decided")
    d = item.decision
    st.html(context_html(document.text, d.finding.start, d.finding.end, d, item.status))
    f = d.finding
    facts = [f"**{f.entity_type}** · `{f.entity_id}`", f"role {f.role or '—'}", f"score {f.score:.2f}",
             f"{d.rule_id} ({d.basis})"]
    st.markdown(" · ".join(facts))
    proposal = item.proposed
    line = f"Status: **{STATUS_LABEL[item.status]}** · now **{d.action.value}**"
    if d.replacement:
        line += f" → `{d.replacement}`"
    if proposal is not None and item.changed:
        line += f" (policy proposed {proposal.action.value})"
    if not item.in_plan:
        line += " · inside a larger redaction"
    st.markdown(line)
    # always one caption here, so the widgets below keep their place (and the expander its state)
    st.caption("Needs review: " + ", ".join(item.flags) if item.flags else "\u00a0")
    mentions = len(reviewed.mentions(item.key.entity_id))
    st.radio("Apply to", ["mention", "entity"], key="scope", horizontal=True,
             format_func=lambda s: "this mention" if s == "mention"
             else f"all {mentions} mentions of {item.key.entity_id}")
    st.text_input("Note (optional, recorded in the audit trail)", key="note")
    c1, c2 = st.columns(2)
    c1.button("✓ Accept", key="accept", type="primary", shortcut="a", width="stretch",
              on_click=actions.decide, args=(session, item.key, "accept"), help="Keyboard: A")
    c2.button("✗ Reject — keep visible", key="reject", shortcut="x", width="stretch",
              on_click=actions.decide, args=(session, item.key, "reject"), help="Keyboard: X")
    c3, c4, c5 = st.columns(3)
    c3.button("◀ Previous", key="prev", shortcut="k", width="stretch",
              on_click=actions.move, args=(session, item.key, -1), help="Keyboard: K")
    c4.button("Next ▶", key="next", shortcut="j", width="stretch",
              on_click=actions.move, args=(session, item.key, 1), help="Keyboard: J")
    c5.button("Next undecided ⏭", key="next_undecided", shortcut="n", width="stretch",
              on_click=actions.move_to_undecided, args=(session, item.key), help="Keyboard: N")
    with st.expander("Change type or action"):
        st.selectbox("Entity type", TYPES, index=None, key="change_type", placeholder=f"keep {f.entity_type}")
        st.selectbox("Action", ALL_ACTIONS, index=None, key="change_action", placeholder=f"keep {d.action.value}")
        st.button("Apply change", key="apply_change", on_click=actions.decide, args=(session, item.key, "change"))
        if item.proposed is None:
            st.button(f"Remove manual redaction {item.key.entity_id}", key="remove_manual",
                      on_click=actions.remove_manual, args=(session, item.key.entity_id))


def entity_panel(document: Document, session: ReviewSession, reviewed: Reviewed) -> None:
    rows = entity_rows(reviewed.items)
    st.markdown(f"#### Entities ({len(rows)})")
    if not rows:
        return
    text = document.text
    table = [{"entity": r.entity_id, "type": r.entity_type, "text": snippet(text, r.first_start, r.first_end),
              "mentions": r.mentions, "decided": f"{r.decided}/{r.mentions}", "outcome": r.actions,
              "review": "⚑" if r.flagged else ""} for r in rows]
    st.dataframe(table, hide_index=True, height=260, width="stretch")
    labels = {r.entity_id: f"{r.entity_id} · {snippet(text, r.first_start, r.first_end, 30)} · "
                           f"{r.decided}/{r.mentions} decided" for r in rows}
    st.selectbox("Go to entity", list(labels), index=None, key="goto_entity", format_func=labels.get,
                 placeholder="Choose an entity to review its mentions", on_change=actions.go_to_entity,
                 args=(session,))


def bulk_panel(session: ReviewSession, reviewed: Reviewed) -> None:
    counts = Counter(i.proposed.finding.entity_type for i in reviewed.undecided if i.proposed is not None)
    with st.expander("Bulk decisions by type", expanded=False):
        if not counts:
            st.caption("Nothing undecided.")
            return
        st.selectbox("Entity type", sorted(counts), key="bulk_type",
                     format_func=lambda t: f"{t} ({counts.get(t, 0)} undecided)")
        c1, c2 = st.columns(2)
        c1.button("Accept all undecided", key="bulk_accept", on_click=actions.bulk, args=(session, "accept"))
        c2.button("Reject all undecided", key="bulk_reject", on_click=actions.bulk, args=(session, "reject"))


def manual_panel(session: ReviewSession) -> None:
    with st.expander("Add a redaction the detector missed", expanded=False):
        with st.form("manual_form", clear_on_submit=False, border=False):
            st.text_input("Text to redact (as it appears in the document)", key="manual_text")
            c1, c2 = st.columns(2)
            c1.selectbox("Type", TYPES, index=TYPES.index("PERSON"), key="manual_type")
            c2.selectbox("Action", ["policy", *MASKING_ACTIONS], key="manual_action",
                         format_func=lambda a: "as the policy says" if a == "policy" else a)
            st.radio("Where", ["all", "one"], key="manual_scope", horizontal=True,
                     format_func=lambda s: "All occurrences in this document" if s == "all"
                     else "Only occurrence number…")
            st.number_input("Occurrence number", min_value=1, value=1, step=1, key="manual_occurrence")
            st.text_input("Note (optional)", key="manual_note")
            st.form_submit_button("Add redaction", key="manual_add", on_click=actions.add_manual, args=(session,))


def document_tab(document: Document, reviewed: Reviewed, item) -> None:
    types = sorted({i.decision.finding.entity_type for i in reviewed.items})
    st.html(legend_html(types))
    statuses = {(i.decision.finding.start, i.decision.finding.end, i.decision.finding.entity_id,
                 i.decision.action): i.status for i in reviewed.items}
    focus = (item.key.start, item.key.end) if item is not None else None
    st.html(document_html(document.text, reviewed.plan, statuses, focus))
    st.caption("Hover a highlight for its entity, reason and score. Filled: to be masked; dashed: kept visible; "
               "bold and underlined: decided by a reviewer.")


def preview_tab(document: Document, reviewed: Reviewed) -> str:
    redacted = resources.preview(document.text, reviewed.plan)
    st.caption("Exactly the text the export writes (the same plan, rendered the same way). "
               f"SHA-256 {hashlib.sha256(redacted.encode()).hexdigest()}")
    st.code(redacted, language=None, wrap_lines=True, height=560)
    return redacted


def signoff_tab(session: ReviewSession, reviewed: Reviewed, store: ReviewStore) -> None:
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
        st.text_input("Sign-off note (optional)", key="signoff_note")
        ready = rest == 0 or bool(st.session_state.get("accept_rest"))
        st.button("Sign off", key="sign_off", type="primary", disabled=not ready,
                  on_click=actions.sign_off, args=(session,))
        return
    st.success(f"Signed off by {record.reviewer} on {record.at[:19].replace('T', ' ')} UTC"
               + (" (the rest accepted as proposed)" if record.accepted_rest else "") + ".")
    bundle = export_bundle(session)
    digest = hashlib.sha256(bundle.redacted.encode()).hexdigest()
    st.caption(f"Export SHA-256 {digest} (verified: no masked string survives)")
    mimes = {".txt": "text/plain", ".json": "application/json", ".csv": "text/csv",
             ".pdf": "application/pdf", ".png": "image/png", ".tif": "image/tiff",
             ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    for number, (name, payload) in enumerate(bundle.files().items()):
        suffix = "." + name.rsplit(".", 1)[-1]
        data = payload if isinstance(payload, bytes) else payload.encode()
        st.download_button(f"Download {name}", payload, file_name=name, mime=mimes[suffix],
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
    events = store.audit(document.id)
    st.markdown(f"#### Audit trail ({len(events)} events)")
    if events:
        st.dataframe([e.to_json() for e in events[-500:]], hide_index=True, width="stretch")


def filter_control() -> None:
    st.radio("Show", FILTERS, key="filter", on_change=actions.set_focus, args=(None,),
             format_func=lambda m: {"all": "All findings", "needs review": "Needs review",
                                    "undecided": "Undecided"}[m])
