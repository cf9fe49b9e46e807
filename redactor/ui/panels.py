"""The review screen's right-hand parts and header. Each draws from a `Reviewed` (read once per run)
and wires its widgets to callbacks in redactor.ui.actions; none holds detection, policy or review
logic. The tabs (document pane, preview, sign-off, audit) are in redactor.ui.views."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from redactor.model import Action, Document
from redactor.policy.schema import ENTITY_TYPES
from redactor.review import ReviewSession, Reviewed, ReviewStore, policy_switch_effect
from redactor.review.search import find_matches, masked_count
from redactor.review.triage import FILTERS, entity_rows, next_undecided, type_counts, visible
from redactor.ui import actions, resources
from redactor.ui.highlight import CSS, context_html

MASKING_ACTIONS = [a.value for a in Action if a is not Action.KEEP]
ALL_ACTIONS = [a.value for a in Action]
TYPES = sorted(ENTITY_TYPES)
FILTER_LABELS = {"needs review": "Needs review", "undecided": "Undecided", "all": "All findings"}


def snippet(text: str, start: int, end: int, limit: int = 40) -> str:
    value = " ".join(text[start:end].split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def styles() -> None:
    st.html(CSS)


def describe_action(decision) -> str:
    """A decision in the reviewer's words: "mask (tag → [PERSON-3])" or "keep visible"."""
    if not decision.masks:
        return "keep visible"
    shown = f"mask ({decision.action.value}"
    return shown + (f" → {decision.replacement})" if decision.replacement else ")")


def header(document: Document, session: ReviewSession, reviewed: Reviewed, store: ReviewStore) -> None:
    loaded = session.loaded
    st.subheader(document.source)
    st.caption(f"{len(document.text):,} characters · policy **{loaded.id}** ({loaded.policy.title}) · "
               f"document {document.id[:12]}")
    total, done = reviewed.total, reviewed.decided
    st.progress(done / total if total else 1.0, text=f"{done} of {total} decided")
    latest = store.signoff(document.id) if session.case is None else None  # a case is signed off whole
    with st.container():  # a fixed slot, so the tabs below keep their place in the page
        if latest is not None and latest.reviewer != session.reviewer:
            changes = session.changes(reviewed)
            st.info(f"QC mode: {latest.reviewer} signed this document off on "
                    f"{latest.at[:16].replace('T', ' ')} UTC under {latest.policy_id}. {len(changes)} decision(s) "
                    "differ from the policy's proposal: see Audit & QC.")
        if reviewed.unmatched:
            st.caption(f"{len(reviewed.unmatched)} earlier decision(s) match no finding under this policy; "
                       "they apply again under the policy they were made for.")


def policy_confirmation(document: Document, session: ReviewSession, reviewed: Reviewed, store: ReviewStore) -> None:
    """Before switching policy: how many decisions carry over and how many become undecided."""
    pending = st.session_state.get("pending_policy")
    if not pending or pending == session.loaded.id or session.case is not None:  # a case's: on the case page
        return
    new_loaded = resources.policy(pending)
    new_plan = resources.proposed_plan(document.id, new_loaded.id, new_loaded.sha256, store, new_loaded)
    effect = policy_switch_effect(reviewed, document, new_plan, new_loaded, store.overrides(document.id))
    with st.container(border=True, key="policy_confirm"):
        st.markdown(f"**Switch from {session.loaded.id} to {pending}?**")
        st.markdown(f"{effect.carried} of {effect.decided} decisions carry over; **{effect.undecided} become "
                    "undecided** (proposals you took that the new policy proposes differently, and findings it "
                    "does not make). Keep-visible and changed decisions stay as you made them.")
        c1, c2 = st.columns(2)
        c1.button(f"Switch to {pending}", key="confirm_policy", type="primary", on_click=actions.confirm_policy,
                  args=(store,))
        c2.button(f"Stay with {session.loaded.id}", key="cancel_policy", on_click=actions.cancel_policy)


def focus_item(reviewed: Reviewed):
    state = st.session_state
    mode = state.get("filter", actions.DEFAULT_FILTER)
    key = state.get("focus")
    item = reviewed.item(key) if key is not None else None
    if item is None:
        pool = visible(reviewed.items, mode)
        item = next_undecided(reviewed.items, None, mode) or (pool[0] if pool else None)
        if item is None and reviewed.items:  # nothing needs review: start at the first undecided
            item = next_undecided(reviewed.items, None, "all") or reviewed.items[0]
        state["focus"] = item.key if item else None
    return item


def filter_control(reviewed: Reviewed) -> None:
    sizes = {mode: len(visible(reviewed.items, mode)) for mode in FILTERS}
    with st.sidebar:
        st.radio("Show", FILTERS, key="filter", on_change=actions.set_focus, args=(None,),
                 format_func=lambda m: f"{FILTER_LABELS[m]} ({sizes[m]})")


def _status_line(item, session: ReviewSession | None = None) -> str:
    d = item.decision
    proposal = "mask" if item.proposal_masks else "keep visible"
    if not item.decided:
        line = f"Undecided · proposed: **{describe_action(d)}**"
    else:
        line = f"Decided: **{describe_action(d)}** · " + (
            "as proposed" if item.masks == item.proposal_masks and not item.changed else f"proposal was {proposal}")
        if item.bulk:
            line += " · in bulk"
        if session is not None and session.from_case(item):
            line += " · for the whole case"
    if not item.in_plan:
        line += " · inside a larger redaction"
    return line


def focus_panel(document: Document, session: ReviewSession, reviewed: Reviewed, item) -> None:
    state = st.session_state
    mode = state.get("filter", actions.DEFAULT_FILTER)
    st.markdown("#### Current finding")
    if item is None:
        st.info("No findings in this view." if reviewed.items else "No findings in this document.")
        return
    pool = visible(reviewed.items, mode)
    keys = [i.key for i in pool]
    place = (f"{keys.index(item.key) + 1} of {len(pool)}" if item.key in keys
             else f"outside the '{FILTER_LABELS[mode]}' view")
    st.caption(f"Finding {place} ({FILTER_LABELS[mode]}) · {reviewed.decided} of {reviewed.total} decided")
    d = item.decision
    st.html(context_html(document.text, d.finding.start, d.finding.end, d, item.status))
    f = d.finding
    facts = [f"**{f.entity_type}** · `{f.entity_id}`", f"role {f.role or '—'}", f"score {f.score:.2f}",
             f"{d.rule_id} ({d.basis})"]
    st.markdown(" · ".join(facts))
    st.markdown(_status_line(item, session))
    # always one caption here, so the widgets below keep their place (and the expander its state)
    reason = f"Why found: {f.explanation}" if f.explanation else ""
    flags = "Needs review: " + ", ".join(item.flags) if item.flags else ""
    st.caption(" · ".join(x for x in (flags, reason) if x) or "\u00a0")
    mentions = len(reviewed.mentions(item.key.entity_id))
    where = " in this document" if session.case is not None else ""
    st.radio("Apply to", ["mention", "entity"], key="scope", horizontal=True,
             format_func=lambda s: "this mention" if s == "mention"
             else f"all {mentions} mentions of {item.key.entity_id}{where}")
    st.text_input("Note (optional, recorded in the audit trail)", key="note")
    masks = item.proposal_masks
    c1, c2 = st.columns(2)
    c1.button("■ Mask" + (" · proposed" if masks else ""), key="mask", type="primary" if masks else "secondary",
              width="stretch", on_click=actions.decide, args=(session, item.key, "mask"),
              help="Keyboard: M" + (" (or A / Enter: take the proposal)" if masks else ""))
    c2.button("◻ Keep visible" + ("" if masks else " · proposed"), key="keep",
              type="secondary" if masks else "primary", width="stretch", on_click=actions.decide,
              args=(session, item.key, "keep"),
              help="Keyboard: V" + ("" if masks else " (or A / Enter: take the proposal)"))
    c3, c4, c5 = st.columns(3)
    c3.button("◀ Previous", key="prev", width="stretch", on_click=actions.move, args=(session, item.key, -1),
              help="Keyboard: K")
    c4.button("Next ▶", key="next", width="stretch", on_click=actions.move, args=(session, item.key, 1),
              help="Keyboard: J")
    c5.button("Next undecided ⏭", key="next_undecided", width="stretch", on_click=actions.move_to_undecided,
              args=(session, item.key), help="Keyboard: N")
    last = session.last_change()
    c6, c7 = st.columns(2)
    c6.button("↶ Undo" + (f": {last.label}" if last else ""), key="undo", width="stretch", disabled=last is None,
              on_click=actions.undo, args=(session,), help="Keyboard: U. Takes back your last decision (audited).")
    from_case = session.from_case(item)
    c7.button("Back to undecided", key="reset", width="stretch",
              disabled=not item.decided or item.proposed is None or from_case,
              on_click=actions.reset, args=(session, item.key),
              help="Decided for the whole case: change it on the case's page, or decide this mention here"
              if from_case else None)
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
    st.dataframe([{"type": c.entity_type, "findings": c.findings, "undecided": c.undecided, "masked": c.masked,
                   "kept visible": c.kept} for c in type_counts(reviewed.items)],
                 hide_index=True, width="stretch", key="type_counts")
    text = document.text
    table = [{"entity": r.entity_id, "type": r.entity_type, "text": snippet(text, r.first_start, r.first_end),
              "mentions": r.mentions, "undecided": r.mentions - r.decided, "masked": r.masked, "kept": r.kept,
              "outcome": r.actions, "review": "⚑" if r.flagged else ""} for r in rows]
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
        c1.button("Take every proposal", key="bulk_accept", on_click=actions.bulk, args=(session, "accept"))
        c2.button("Keep all visible", key="bulk_reject", on_click=actions.bulk, args=(session, "reject"))
        st.caption("Bulk decisions on low-confidence or unexplained findings are listed again at sign-off.")


def search_panel(document: Document, session: ReviewSession, reviewed: Reviewed) -> None:
    state = st.session_state
    with st.expander("Search the document · mask what the detector missed",
                     expanded=bool(state.get("search_text"))):
        st.text_input("Search (whole words, any case)", key="search_text", on_change=actions.suggest_search_type)
        query = str(state.get("search_text") or "")
        matches = find_matches(document.text, query) if query.strip() else []
        if not query.strip():
            st.caption("Type a word, a name or a number to find every occurrence.")
            return
        covered = masked_count(reviewed.plan, matches)
        st.markdown(f"**{len(matches)} match{'es' if len(matches) != 1 else ''}**"
                    + (f" · {covered} already masked" if matches else ""))
        for m in matches[:5]:
            st.caption(snippet(document.text, max(0, m.start - 40), min(len(document.text), m.end + 40), 100))
        if not matches:
            return
        c1, c2 = st.columns(2)
        c1.selectbox("Type of what you mask", TYPES, index=None, key="search_type",
                     placeholder="Choose a type (required)")
        c2.selectbox("Action", ["policy", *MASKING_ACTIONS], key="search_action",
                     format_func=lambda a: "as the policy says" if a == "policy" else a)
        st.radio("Where", ["all", "one"], key="search_where", horizontal=True,
                 format_func=lambda s: f"All {len(matches)} matches" if s == "all" else "Only match number…")
        if state.get("search_where") == "one":
            st.number_input("Match number", min_value=1, max_value=len(matches), value=1, step=1,
                            key="search_occurrence")
        st.text_input("Note (optional)", key="search_note")
        chosen = state.get("search_type")
        label = (f"Mask all {len(matches)} matches" if state.get("search_where", "all") == "all"
                 else "Mask that match") + (f" as {chosen}" if chosen else "")
        st.button(label, key="search_mask", type="primary", disabled=not chosen, on_click=actions.mask_matches,
                  args=(session,))
