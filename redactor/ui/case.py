"""The reviewer app's case screens. Open a case (a folder of sample_docs/, a set of uploaded files with
its case.yaml, or a case in the review store); the case's page: its documents and how far each is
decided, an entity panel across every document (decide once, for every document; bulk by type),
the sign-off of the whole case with its second look, the export as one verified ZIP, and the
audit trail; and each document of the case reviewed as a document is alone, with the case's
entity ids. The callbacks call redactor.case.session; no detection, policy or review logic here."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import streamlit as st

from redactor.case.export import case_folder_name, export_case
from redactor.case.session import CASE_WIDE, CaseReview, CaseSession, open_case, switch_case_policy
from redactor.errors import RedactorError
from redactor.review import ReviewStore
from redactor.review.export import audit_to_csv, audit_to_json
from redactor.review.triage import type_counts
from redactor.review.upload import UPLOAD_SUFFIXES
from redactor.ui import actions, resources, screen
from redactor.ui.actions import flash, guarded
from redactor.ui.highlight import context_html
from redactor.ui.panels import ALL_ACTIONS, TYPES, describe_action, snippet

CASE_VIEWS = ("Entities", "Documents", "Sign-off & export", "Audit")
PROFILE_SUFFIXES = (".yaml", ".yml")


# ---- opening -------------------------------------------------------------------------------------
def show_case(store: ReviewStore, case_id: str, policy_id: str | None) -> None:
    """A case on screen: its page, on the entity panel."""
    state = st.session_state
    state["doc_id"] = None
    state["doc_choice"] = None
    state["case_id"] = case_id
    state["case_doc"] = None
    state["case_view"] = CASE_VIEWS[0]
    state["case_entity"] = None
    state["policy"] = policy_id if policy_id in resources.policy_names() else resources.default_policy()
    state["policy_choice"] = state["policy"]
    state["pending_policy"] = None
    if state.get("session_id"):
        store.touch_session(state["session_id"], None, state["policy"], case_id)


def _open(store: ReviewStore, name: str, documents, profile) -> None:
    state = st.session_state
    case_id, policy_id = open_case(store, name, documents, state["reviewer"], state.get("session_id"),
                                   resources.default_policy(), profile)
    show_case(store, case_id, policy_id)


@guarded
def open_sample_case(store: ReviewStore, path: str) -> None:
    from redactor.case.plan import case_inputs, case_profile
    from redactor.io import read_document

    folder = Path(path)
    documents = []
    for rel, file in case_inputs([folder]):
        document = read_document(file)
        documents.append((rel, document, file.read_bytes() if document.kind != "text" else None))
    _open(store, folder.name, documents, case_profile([folder], None))


@guarded
def open_stored_case(store: ReviewStore, case_id: str) -> None:
    from redactor.case.session import reopen_case

    state = st.session_state
    policy_id = reopen_case(store, case_id, state["reviewer"], state.get("session_id"), resources.default_policy())
    show_case(store, case_id, policy_id)


@guarded
def choose_case(store: ReviewStore) -> None:
    choice = st.session_state.get("case_choice")
    if not choice:
        return
    kind, _, value = choice.partition(":")
    if kind == "sample":
        open_sample_case(store, value)
    else:
        open_stored_case(store, value)


def upload_key() -> str:
    return f"case_upload_{st.session_state.get('case_upload_round', 0)}"


@guarded
def upload_case(store: ReviewStore, key: str) -> None:
    """Take the files from the uploader; the script reads them under a progress message."""
    state = st.session_state
    uploaded = state.get(key) or []
    if not uploaded:
        return
    state["case_upload_round"] = state.get("case_upload_round", 0) + 1
    state["pending_case_upload"] = [(u.name, u.getvalue()) for u in uploaded]


def read_upload(store: ReviewStore) -> None:
    """An uploaded case is read at the top of the page, under a progress message: every file, the
    profile if one came with it, then each document's detection."""
    from redactor.case.profile import CaseProfile
    from redactor.review import document_from_upload

    pending = st.session_state.pop("pending_case_upload", None)
    if not pending:
        return
    documents, profiles = [], [(n, d) for n, d in pending if n.lower().endswith(PROFILE_SUFFIXES)]
    with st.status(f"Reading a case of {len(pending) - len(profiles)} files…", expanded=True) as status:
        try:
            if len(profiles) > 1:
                raise RedactorError("upload one case profile (case.yaml) with the case, not several")
            profile: CaseProfile | None = _profile(*profiles[0]) if profiles else None
            for name, data in pending:
                if name.lower().endswith(PROFILE_SUFFIXES):
                    continue
                st.write(f"Reading {name} ({len(data) / 1e6:.1f} MB)…")
                document = document_from_upload(data, name)
                documents.append((Path(name).name, document, data if document.kind != "text" else None))
            _open(store, "uploaded_case", documents, profile)
            for number, (_, document, _) in enumerate(sorted(documents, key=lambda d: d[0]), 1):
                st.write(f"Finding names, numbers, dates and places: document {number} of {len(documents)}…")
                resources.findings(document.id, store)
            status.update(label=f"Opened a case of {len(documents)} documents" + (" with its profile" if profile else ""),
                          state="complete", expanded=False)
            flash("success", f"Uploaded a case of {len(documents)} documents.")
        except RedactorError as exc:
            status.update(label="The case was not opened", state="error", expanded=False)
            flash("error", str(exc))


def _profile(name: str, data: bytes):
    """A case profile validated like a file (errors name the uploaded file and the line, never a name)."""
    import tempfile

    from redactor.case.profile import load_profile

    with tempfile.TemporaryDirectory(prefix="redactor-profile-") as tmp:
        path = Path(tmp) / "case.yaml"
        path.write_bytes(data)
        try:
            return load_profile(path)
        except RedactorError as exc:
            raise RedactorError(str(exc).replace(str(path), Path(name).name)) from None


def sidebar(store: ReviewStore) -> None:
    state = st.session_state
    samples = resources.sample_cases()
    sample_ids = {}
    for folder in samples:
        try:
            sample_ids[resources.sample_case_id(folder)] = folder
        except RedactorError:
            continue
    options = {f"sample:{p}": f"sample case · {p.name}" for p in sample_ids.values()}
    for case in store.list_cases():
        if case.id not in sample_ids:
            options[f"case:{case.id}"] = (f"{case.name} · {case.size} documents · {case.id[:8]}"
                                          + (" · signed off" if case.signed_off else ""))
    current = state.get("case_id")
    if current:
        state["case_choice"] = f"sample:{sample_ids[current]}" if current in sample_ids else f"case:{current}"
    st.selectbox("Case", list(options), format_func=options.get, index=None, key="case_choice",
                 placeholder="Open a case: several documents as one", on_change=choose_case, args=(store,))
    key = upload_key()
    limit = st.get_option("server.maxUploadSize")
    st.file_uploader(f"Upload a case: its files, and its case.yaml if it has one (each up to {limit} MB)",
                     type=[s.lstrip(".") for s in UPLOAD_SUFFIXES + PROFILE_SUFFIXES], accept_multiple_files=True,
                     key=key, on_change=upload_case, args=(store, key))


def welcome(store: ReviewStore) -> None:
    samples = resources.sample_cases()
    stored = store.list_cases()
    if not samples and not stored:
        return
    st.write("Cases (several documents reviewed as one: one identity graph, decide once for every document):")
    for folder in samples:
        st.button(f"Open case {folder.name}", key=f"open_case_{folder.name}", on_click=open_sample_case,
                  args=(store, str(folder)))
    for case in stored[:50]:
        st.button(f"Resume case {case.name} · {case.size} documents · {case.id[:8]}", key=f"resume_case_{case.id}",
                  on_click=open_stored_case, args=(store, case.id))


# ---- the case's policy -----------------------------------------------------------------------------
@guarded
def choose_policy(store: ReviewStore) -> None:
    state = st.session_state
    choice = state.get("policy_choice")
    if not state.get("case_id") or choice == state.get("policy"):
        state["pending_policy"] = None
        return
    if not store.case_overrides(state["case_id"]):
        _switch(store, choice)
        return
    state["pending_policy"] = choice


def _switch(store: ReviewStore, policy_id: str) -> None:
    state = st.session_state
    switch_case_policy(store, state["case_id"], state["reviewer"], state.get("session_id"), policy_id)
    state["policy"] = policy_id
    state["policy_choice"] = policy_id
    state["pending_policy"] = None


@guarded
def confirm_policy(store: ReviewStore) -> None:
    pending = st.session_state.get("pending_policy")
    if pending:
        _switch(store, pending)
        flash("success", f"Switched the case to {pending}.")


def policy_confirmation(store: ReviewStore, session: CaseSession, review: CaseReview) -> None:
    """Before switching the case's policy: how many decisions carry over, in every document."""
    pending = st.session_state.get("pending_policy")
    if not pending or pending == session.loaded.id:
        return
    new_loaded = resources.policy(pending)
    new_case = resources.case_plan(store, session.case_id, new_loaded)
    effect = session.policy_switch_effect(review, new_case, new_loaded)
    decided, carried = effect.decided, effect.carried
    with st.container(border=True, key="case_policy_confirm"):
        st.markdown(f"**Switch the case from {session.loaded.id} to {pending}?**")
        st.markdown(f"{carried} of {decided} decisions carry over across the case's documents; **{decided - carried} "
                    "become undecided** (proposals you took that the new policy proposes differently).")
        c1, c2 = st.columns(2)
        c1.button(f"Switch to {pending}", key="case_confirm_policy", type="primary", on_click=confirm_policy,
                  args=(store,))
        c2.button(f"Stay with {session.loaded.id}", key="case_cancel_policy", on_click=actions.cancel_policy)


# ---- moving between the case and its documents ------------------------------------------------------
def _reset_document_view() -> None:
    state = st.session_state
    state["view"] = actions.FIRST_VIEW
    state["filter"] = actions.DEFAULT_FILTER
    state["page"] = 1
    state.pop("_page_synced", None)
    actions.set_focus(None)


def open_document(index: int) -> None:
    st.session_state["case_doc"] = index
    _reset_document_view()


def back_to_case() -> None:
    st.session_state["case_doc"] = None


# ---- deciding across the case ---------------------------------------------------------------------
@guarded
def decide_entity(session: CaseSession, entity_id: str, verdict: str) -> None:
    state = st.session_state
    note = str(state.get("case_note") or "").strip()
    entity_type = state.get("case_change_type") if verdict == "change" else None
    action = state.get("case_change_action") if verdict == "change" else None
    review = session.decide_entity(entity_id, verdict, entity_type, action, note)
    mentions = review.mentions(entity_id)
    documents = len({i for i, _ in mentions})
    masked = sum(item.masks for _, item in mentions)
    what = ("masked " if masked == len(mentions) else "kept visible " if not masked else f"masked {masked} of ") \
        + f"{len(mentions)} mention{'s' if len(mentions) != 1 else ''}"
    own = [row for row in session.entity_rows(review) if row.entity_id == entity_id]
    message = f"{entity_id}: {what} in {documents} document{'s' if documents != 1 else ''}."
    if own and own[0].own:
        message += f" {own[0].own} keep the decision made in their own document."
    flash("success", message)
    state["case_note"] = ""
    state["case_change_type"] = None
    state["case_change_action"] = None


@guarded
def reset_entity(session: CaseSession, entity_id: str) -> None:
    session.reset_entity(entity_id, str(st.session_state.get("case_note") or "").strip())
    flash("info", f"{entity_id} is undecided again wherever its own documents did not decide it.")


@guarded
def bulk(session: CaseSession, verdict: str) -> None:
    entity_type = st.session_state.get("case_bulk_type")
    if not entity_type:
        return
    before = session.reviewed()
    review = session.decide_type(entity_type, verdict, note=f"bulk {verdict} {entity_type} across the case")
    done = (before.total - before.decided) - (review.total - review.decided)
    what = "Took the proposal for" if verdict == "accept" else "Kept visible"
    flash("success", f"{what} {done} undecided {entity_type} finding{'s' if done != 1 else ''} across the case.")


def ack_key(concern) -> str:
    return f"case_ack_{concern.id}_{len(concern.items)}"


@guarded
def sign_off(session: CaseSession) -> None:
    state = st.session_state
    concerns = session.second_look()
    record = session.sign_off(str(state.get("case_signoff_note") or "").strip(),
                              {c.id for c in concerns if state.get(ack_key(c))})
    flash("success", f"Case signed off by {record.reviewer}.")


@guarded
def record_export(session: CaseSession, name: str, sha256: str) -> None:
    session.record_export(f"downloaded {name} (sha256 {sha256[:16]})")


# ---- the case's page ---------------------------------------------------------------------------------
def case_page(store: ReviewStore) -> None:
    state = st.session_state
    stored = store.get_case(state["case_id"])
    loaded = resources.policy(state["policy"])
    with st.spinner(f"Finding names, numbers, dates and places in {stored.size} documents, and linking them…"):
        plan = resources.case_plan(store, stored.id, loaded)
    session = CaseSession(store, stored, plan, loaded, state["reviewer"], state.get("session_id"))
    index = state.get("case_doc")
    if index is not None and 0 <= index < len(plan.documents):
        document_page(store, session)
        return
    state["case_doc"] = None
    review = session.reviewed()
    header(store, session, review)
    policy_confirmation(store, session, review)
    views = {"Entities": lambda: entity_tab(session, review),
             "Documents": lambda: documents_tab(session, review),
             "Sign-off & export": lambda: signoff_tab(store, session, review),
             "Audit": lambda: audit_tab(store, session)}
    if state.get("case_view") not in views:
        state["case_view"] = CASE_VIEWS[0]
    for tab, draw in zip(st.tabs(list(views), key="case_view", on_change="rerun"), views.values()):
        if tab.open:
            with tab:
                draw()


def header(store: ReviewStore, session: CaseSession, review: CaseReview) -> None:
    stored, loaded = session.stored, session.loaded
    count = len(review.documents)
    st.subheader(f"Case: {stored.name}")
    st.caption(f"{count} documents · policy **{loaded.id}** ({loaded.policy.title}) · case {stored.id[:12]}"
               + (" · with its profile" if session.case.profile_used else ""))
    st.progress(review.decided_documents / count if count else 1.0,
                text=f"{review.decided_documents} of {count} documents decided")
    st.caption(f"{review.decided} of {review.total} findings decided across the case. PERSON-1 is the same person in "
               "every document: decide an entity once here, and it is decided in every document.")
    latest = store.case_signoff(stored.id)
    if latest is not None and latest.reviewer != session.reviewer:
        st.info(f"QC mode: {latest.reviewer} signed this case off on {latest.at[:16].replace('T', ' ')} UTC under "
                f"{latest.policy_id}. The audit trail shows every decision.")


def _first_text(session: CaseSession, row) -> str:
    if row.first is None:
        return ""
    index, start, end = row.first
    return snippet(session.case.documents[index].document.text, start, end, 30)


def entity_tab(session: CaseSession, review: CaseReview) -> None:
    state = st.session_state
    rows = session.entity_rows(review)
    items = [item for reviewed in review.documents for item in reviewed.items]
    labels = {r.entity_id: f"{r.entity_id} · {_first_text(session, r)} · {r.documents} document"
                           f"{'s' if r.documents != 1 else ''} · {r.decided}/{r.mentions} decided" for r in rows}
    if state.get("case_entity") not in labels:
        state["case_entity"] = None
    left, right = st.columns([3, 2], gap="medium")
    with right:
        st.selectbox("Entity", list(labels), index=None, key="case_entity", format_func=labels.get,
                     placeholder="Choose an entity to decide it in every document")
        chosen = next((r for r in rows if r.entity_id == state.get("case_entity")), None)
        with st.container(border=True, key="case_entity_panel"):
            if chosen is None:
                st.caption("Choose an entity above (type to search by id or by how it is written): one decision "
                           "masks it, or keeps it visible, in every document of the case.")
            else:
                entity_detail(session, review, chosen)
        bulk_panel(session, review)
    with left:
        st.markdown(f"#### Entities across the case ({len(rows)})")
        table = [{"entity": r.entity_id, "type": r.entity_type, "role": r.role or "—", "text": _first_text(session, r),
                  "documents": r.documents, "mentions": r.mentions, "undecided": r.undecided, "masked": r.masked,
                  "kept": r.kept, "case decision": describe_verdict(r.decision) if r.decision else "",
                  "own decisions": r.own, "review": "⚑" if r.flags else ""} for r in rows]
        st.dataframe(table, hide_index=True, height=420, width="stretch", key="case_entities")
        st.dataframe([{"type": c.entity_type, "findings": c.findings, "undecided": c.undecided, "masked": c.masked,
                       "kept visible": c.kept} for c in type_counts(items)], hide_index=True, width="stretch",
                     key="case_type_counts")


def describe_verdict(ov) -> str:
    what = {"accept": "as proposed", "reject": "keep visible"}.get(ov.verdict)
    if what is None:
        what = "change to " + " ".join(x for x in (ov.entity_type, ov.action.value if ov.action else None) if x)
    return f"{what} ({ov.reviewer})" + (" · in bulk" if ov.bulk else "")


def entity_detail(session: CaseSession, review: CaseReview, row) -> None:
    mentions = review.mentions(row.entity_id)
    entity = session.case.entity(row.entity_id)
    st.markdown(f"**{row.entity_id}** · {row.entity_type} · role {row.role or '—'} · in {row.documents} of "
                f"{len(review.documents)} documents · {row.mentions} mentions · {row.decided} decided")
    if entity is not None and entity.flags:
        st.caption("Needs review: " + ", ".join(entity.flags))
    proposals = Counter(describe_action(item.proposed) for _, item in mentions)
    proposal_masks = all(item.proposal_masks for _, item in mentions)
    if row.decision is not None:
        st.markdown(f"Decided for every document: **{describe_verdict(row.decision)}**"
                    + (f" · {row.own} mention(s) keep their own document's decision" if row.own else ""))
    else:
        st.markdown("No decision for the whole case yet · proposed: "
                    + ", ".join(f"**{p}** ×{n}" for p, n in proposals.most_common()))
    st.text_input("Note (optional, recorded in the audit trail)", key="case_note")
    st.button("■ Mask in every document" + (" · proposed" if proposal_masks else ""), key="case_mask",
              type="primary" if proposal_masks else "secondary", width="stretch", on_click=decide_entity,
              args=(session, row.entity_id, "mask"))
    st.button("◻ Keep visible in every document" + ("" if proposal_masks else " · proposed"), key="case_keep",
              type="secondary" if proposal_masks else "primary", width="stretch", on_click=decide_entity,
              args=(session, row.entity_id, "keep"))
    st.button("Back to undecided", key="case_reset", disabled=row.decision is None, on_click=reset_entity,
              args=(session, row.entity_id))
    with st.expander("Change type or action in every document"):
        st.selectbox("Entity type", TYPES, index=None, key="case_change_type", placeholder=f"keep {row.entity_type}")
        st.selectbox("Action", ALL_ACTIONS, index=None, key="case_change_action", placeholder="keep the action")
        st.button("Apply change", key="case_apply_change", on_click=decide_entity,
                  args=(session, row.entity_id, "change"))
    st.caption("A decision on one mention, made in its document, still holds there.")
    per_document = Counter(i for i, _ in mentions)
    masked = Counter(i for i, item in mentions if item.masks)
    st.dataframe([{"document": session.case.documents[i].rel, "mentions": n, "masked": masked[i],
                   "kept visible": n - masked[i]} for i, n in sorted(per_document.items())],
                 hide_index=True, width="stretch", height=min(38 + 35 * len(per_document), 220),
                 key="case_entity_documents")
    for index, item in _examples(mentions):
        text = session.case.documents[index].document.text
        st.caption(session.case.documents[index].rel)
        st.html(context_html(text, item.key.start, item.key.end, item.decision, item.status, width=70))


def _examples(mentions, limit: int = 2) -> list:
    """The first mention in each of the first few documents: how the entity is written there."""
    seen, out = set(), []
    for index, item in mentions:
        if index not in seen:
            seen.add(index)
            out.append((index, item))
        if len(out) == limit:
            break
    return out


def bulk_panel(session: CaseSession, review: CaseReview) -> None:
    decided = {o.entity_id for o in review.rows.get(CASE_WIDE, [])}
    counts = Counter(item.proposed.finding.entity_type for r in review.documents for item in r.undecided
                     if item.proposed is not None and item.key.entity_id not in decided)
    with st.expander("Bulk decisions by type, across the case", expanded=False):
        if not counts:
            st.caption("Nothing undecided.")
            return
        st.selectbox("Entity type", sorted(counts), key="case_bulk_type",
                     format_func=lambda t: f"{t} ({counts.get(t, 0)} undecided)")
        c1, c2 = st.columns(2)
        c1.button("Take every proposal", key="case_bulk_accept", on_click=bulk, args=(session, "accept"))
        c2.button("Keep all visible", key="case_bulk_reject", on_click=bulk, args=(session, "reject"))
        st.caption("Each entity of the type is decided for every document; low-confidence or unexplained ones are "
                   "listed again at sign-off.")


def documents_tab(session: CaseSession, review: CaseReview) -> None:
    st.markdown(f"#### Documents ({len(review.documents)})")
    for doc, reviewed in zip(session.case.documents, review.documents):
        c1, c2 = st.columns([5, 1], vertical_alignment="center")
        state = "✓ decided" if not reviewed.undecided else f"{len(reviewed.undecided)} undecided"
        c1.markdown(f"**{doc.index + 1}. {doc.rel}** · {doc.document.kind} · {reviewed.total} findings · {state}")
        c2.button("Open", key=f"case_doc_{doc.index}", width="stretch", on_click=open_document, args=(doc.index,))


def second_look(session: CaseSession, review: CaseReview) -> bool:
    state = st.session_state
    concerns = session.second_look(review)
    if not concerns:
        return True
    st.markdown("#### A second look before you sign the case")
    ticked = True
    for concern in concerns:
        with st.container(border=True, key=f"case_concern_{concern.id}"):
            st.warning(f"**{concern.title}: {len(concern.items)}** in {len(concern.entities)} "
                       f"entit{'y' if len(concern.entities) == 1 else 'ies'} across {len(concern.documents)} document"
                       f"{'s' if len(concern.documents) != 1 else ''}. {concern.explanation}")
            rows = []
            for index, item in concern.items[:200]:
                doc = session.case.documents[index]
                rows.append({"document": doc.rel, "entity": item.key.entity_id,
                             "type": item.decision.finding.entity_type,
                             "text": snippet(doc.document.text, item.key.start, item.key.end),
                             "decision": describe_action(item.decision) if item.masks or item.in_plan
                             else "inside a redaction",
                             "how": "for the whole case" if any(o == item.override for o in review.rows.get(CASE_WIDE, []))
                             else ("in bulk" if item.bulk else item.status)})
            st.dataframe(rows, hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 220))
            key = ack_key(concern)
            st.checkbox(f"I have looked at these {len(concern.items)} and they are right", key=key)
            ticked = ticked and bool(state.get(key))
    return ticked


def signoff_tab(store: ReviewStore, session: CaseSession, review: CaseReview) -> None:
    count = len(review.documents)
    record = session.signoff(review)
    if record is None:
        earlier = store.case_signoff(session.case_id, session.loaded.sha256)
        if earlier is not None:
            st.warning(f"Decisions changed after {earlier.reviewer} signed the case off; sign off again to export.")
        st.markdown(f"**{review.decided_documents} of {count} documents decided** ({review.decided} of {review.total} "
                    "findings). The case is signed off as a whole, once every finding of every document is decided; "
                    "then it is exported as one ZIP.")
        waiting = [(doc, r) for doc, r in zip(session.case.documents, review.documents) if r.undecided]
        if waiting:
            st.dataframe([{"document": doc.rel, "undecided": len(r.undecided), "of": r.total} for doc, r in waiting],
                         hide_index=True, width="stretch", height=min(38 + 35 * len(waiting), 260),
                         key="case_waiting")
            ticked = False
        else:
            ticked = second_look(session, review)
        st.text_input("Sign-off note (optional)", key="case_signoff_note")
        st.button("Sign off the case", key="case_sign_off", type="primary", disabled=bool(waiting) or not ticked,
                  on_click=sign_off, args=(session,))
        return
    st.success(f"Case signed off by {record.reviewer} on {record.at[:19].replace('T', ' ')} UTC: {count} documents.")
    try:
        with st.spinner("Writing and verifying every file of the case (in a private temporary folder)…"):
            export = export_case(session, review)
    except RedactorError as exc:
        # fail closed: nothing is offered; the reviewer changes the decisions that let text through
        st.error(f"The export was refused: {exc}")
        st.caption("A name kept visible in one place and masked in another (two entities that share words) is the "
                   "usual cause: decide them alike, then sign off again.")
        return
    st.caption(f"ZIP SHA-256 {export.sha256} · {len(export.files)} files, each verified: no masked string survives "
               "in any document, log, the case log, the redaction index or any file name.")
    st.download_button(f"Download {export.name}", export.data, file_name=export.name, mime="application/zip",
                       key="case_download", type="primary", on_click=record_export,
                       args=(session, export.name, export.sha256))
    with st.expander(f"The {len(export.files)} files in the ZIP"):
        st.code("\n".join(export.files), language=None)
    events = store.case_audit(session.case_id)
    stem = case_folder_name(session.stored.name, review.case, "safe")
    for number, (name, payload, mime) in enumerate(((f"{stem}.audit.json", audit_to_json(events), "application/json"),
                                                    (f"{stem}.audit.csv", audit_to_csv(events), "text/csv"))):
        st.download_button(f"Download {name}", payload, file_name=name, mime=mime, key=f"case_audit_{number}",
                           on_click=record_export,
                           args=(session, name, hashlib.sha256(payload.encode()).hexdigest()))


def audit_tab(store: ReviewStore, session: CaseSession) -> None:
    import json

    events = store.case_audit(session.case_id)
    st.markdown(f"#### The case's audit trail ({len(events)} events)")
    if events:
        st.dataframe([e.to_json() for e in events[-500:]], hide_index=True, width="stretch")
    decisions = json.dumps(session.decisions().to_json(), indent=1) + "\n"
    name = f"{case_folder_name(session.stored.name, session.case, 'safe')}.decisions.json"
    st.download_button(f"Download {name}", decisions, file_name=name, mime="application/json", key="case_decisions",
                       help="The case's decisions (entity ids, offsets, verdicts, notes; no document text), for "
                            "`redactor case CASE_DIR --decisions` on the same documents.")


# ---- a document of the case ---------------------------------------------------------------------------
def document_page(store: ReviewStore, session: CaseSession) -> None:
    state = st.session_state
    index = state["case_doc"]
    count = len(session.case.documents)
    review = session.reviewed()
    doc = session.case.documents[index]
    with st.container(border=True, key="case_bar"):
        c1, c2, c3, c4 = st.columns([2, 6, 2, 2], vertical_alignment="center")
        c1.button("◀ Back to the case", key="case_back", width="stretch", on_click=back_to_case)
        c2.markdown(f"Case **{session.stored.name}** · document {index + 1} of {count} · "
                    f"{review.decided_documents} of {count} documents decided")
        c3.button("◀ Previous document", key="case_prev_doc", width="stretch", disabled=index == 0,
                  on_click=open_document, args=(index - 1,))
        c4.button("Next document ▶", key="case_next_doc", width="stretch", disabled=index == count - 1,
                  on_click=open_document, args=(index + 1,))
        st.caption("Entity ids are the case's: PERSON-1 is the same person in every document. A decision made on the "
                   "case's page holds here unless you decide a mention here; sign-off and export are the case's.")
    policy_confirmation(store, session, review)
    document_session = session.document_session(index, review.rows)
    screen.document_screen(store, doc.document, document_session)
