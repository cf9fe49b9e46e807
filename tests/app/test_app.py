"""The reviewer app's flows through Streamlit's AppTest (the real detector on a sample record):
open on the Document tab with "Needs review", Mask / Keep visible on both kinds of proposal, undo
and back to undecided, bulk by type, search and "mask all matches" with a chosen type, the policy
switch's confirmation, resume after a restart, the sign-off's second look, export equal to the
preview under safe names, QC mode, uploads with a progress message, and one-line errors."""

from __future__ import annotations

import re
import tomllib

import pytest

from redactor.io import read_document
from redactor.policy import load_policy
from redactor.render import render_text
from redactor.review import ReviewSession, export_bundle
from redactor.review.signoff import CONCERNS
from redactor.service import plan_documents

from .conftest import (REPO, SAMPLE, assert_clean, document_html, focus_html, focused_key, markdown, open_sample,
                       pane, preview, progress, sha256, start, store, view)

TEXT = (REPO / "sample_docs" / SAMPLE).read_text(encoding="utf-8")


def entity(surface: str, entity_type: str = "PERSON", text: str = TEXT) -> str:
    """The entity id the detector gives the first occurrence of `surface` (ids follow the detector's
    numbering, which the tests should not hard-code)."""
    from redactor.detect import detect
    from redactor.model import Document

    start = text.index(surface)
    for f in detect(Document("x", "x", text)):
        if f.entity_type == entity_type and f.start <= start < f.end:
            return f.entity_id
    raise AssertionError(f"no {entity_type} finding on {surface!r}")


APPLICANT_ID = entity("Ahmad Shah Karimi")
FATHER_ID = entity("Abdul Ghafoor Karimi")
AGENCY_ID = entity("USAID", "ORG")
A_NUMBER_ID = entity("A221-904-376", "A_NUMBER")
VILLAGE_ID = entity("Deh-e Naw", "LOCATION")


def goto(at, entity_id: str):
    if at.selectbox(key="goto_entity").value == entity_id:
        at.selectbox(key="goto_entity").set_value(None).run()
    at.selectbox(key="goto_entity").set_value(entity_id).run()
    assert_clean(at)
    assert focused_key(at).entity_id == entity_id
    return focused_key(at)


def item_state(at, key):
    document = store().get_document(at.session_state["doc_id"])
    policy = load_policy(at.session_state["policy"])
    session = ReviewSession(store(), document, policy, plan_documents([document], policy)[0], "Alice")
    return session.reviewed().item(key)


def sign_off_with_every_tick(at):
    view(at, "Sign-off & export")
    if any(c.key == "accept_rest" for c in at.checkbox):
        at.checkbox(key="accept_rest").check().run()
    for box in at.checkbox:
        if box.key.startswith("ack_"):
            box.check()
    at.run()
    at.button(key="sign_off").click().run()
    assert_clean(at)


def test_opens_on_the_document_tab_with_needs_review_and_the_default_policy(app):
    samples = sorted(p.name for p in (REPO / "sample_docs").glob("*.txt") if ".marked." not in p.name)
    keys = {b.key for b in app.button}
    assert {f"open_{name}" for name in samples} <= keys
    assert not any(".marked." in (k or "") for k in keys)
    assert app.selectbox(key="policy_choice").value == "asylum-confidential"
    open_sample(app)
    assert app.session_state["view"] == "Document" and app.radio(key="filter").value == "needs review"
    assert "Finding 1 of" in "\n".join(c.value for c in app.caption)
    done, total = progress(app)
    assert done == 0 and total > 40
    html = document_html(app)
    assert html.count("<mark ") == total and html.count(" data-k=") == total
    assert f'title="{APPLICANT_ID} · PERSON · role applicant' in html
    assert "reason: people — 8 CFR 208.6" in html and "score 0.85" in html
    assert "rv-mask" in html and "rv-keep" in html  # masked and kept styles both present
    focus = focused_key(app)
    assert pane(app)["focus"] == f"{focus.start}:{focus.end}:{focus.entity_id}"  # outlined in the pane
    assert "AHMAD SHAH KARIMI" not in preview(app)


def test_a_new_document_opens_on_the_document_tab(app):
    open_sample(app)
    view(app, "Sign-off & export")
    app.radio(key="filter").set_value("all").run()
    app.selectbox(key="doc_choice").set_value(f"sample:{REPO / 'sample_docs' / 'attorney_letter_haddad.txt'}").run()
    assert_clean(app)
    assert app.get("subheader")[0].value == "attorney_letter_haddad.txt"
    assert app.session_state["view"] == "Document" and app.radio(key="filter").value == "needs review"
    assert app.get("bidi_component")  # the document pane is drawn, not the sign-off form
    assert not any(b.key == "sign_off" for b in app.button)


def test_counts_per_type_and_state_on_the_legend_and_the_tables(app):
    open_sample(app)
    legend = next(h.value for h in app.get("html") if "rv-legend" in h.value)
    counts = [d for d in app.dataframe if "kept visible" in d.value.columns][0].value
    person = counts[counts["type"] == "PERSON"].iloc[0]
    assert f"PERSON</mark> <span class=\"rv-count\">{person['findings']} · {person['undecided']} undecided" in legend
    assert person["masked"] + person["kept visible"] == person["findings"]
    entities = [d for d in app.dataframe if "entity" in d.value.columns][0].value
    assert {"mentions", "undecided", "masked", "kept"} <= set(entities.columns)


def test_mask_on_a_keep_proposal_and_keep_on_a_mask_proposal(app):
    open_sample(app)
    kept = goto(app, AGENCY_ID)  # a public agency: proposed keep
    assert app.button(key="keep").label.endswith("· proposed") and app.button(key="keep").proto.type == "primary"
    assert not app.button(key="mask").label.endswith("· proposed")
    app.button(key="mask").click().run()
    assert_clean(app)
    assert "USAID" not in preview(app)
    masked = goto(app, FATHER_ID)  # the father: proposed mask
    assert app.button(key="mask").label.endswith("· proposed")
    app.button(key="keep").click().run()
    assert "Abdul Ghafoor Karimi" in preview(app)
    assert (item_state(app, kept).status, item_state(app, masked).status) == ("changed", "rejected")
    events = [e for e in store().audit(app.session_state["doc_id"]) if e.kind == "decision"]
    assert [(e.proposed, e.after) for e in events] == [
        (f"{AGENCY_ID} ORG keep", f"changed: {AGENCY_ID} ORG redact"),
        (f"{FATHER_ID} PERSON tag", f"rejected: {FATHER_ID} PERSON keep")]


def test_decide_a_whole_entity_and_move_on(app):
    open_sample(app)
    first = focused_key(app)
    app.button(key="mask").click().run()
    assert progress(app)[0] == 1
    assert focused_key(app) != first  # on to the next undecided finding
    goto(app, APPLICANT_ID)
    app.radio(key="scope").set_value("entity").run()
    app.button(key="keep").click().run()
    assert_clean(app)
    shown = preview(app)
    assert "DECLARATION OF AHMAD SHAH KARIMI" in shown and "I, Ahmad Shah Karimi, declare" in shown
    mentions = [o for o in store().overrides(app.session_state["doc_id"]) if o.scope == "entity"]
    assert [(o.entity_id, o.verdict, o.reviewer) for o in mentions] == [(APPLICANT_ID, "reject", "Alice")]


def test_undo_and_back_to_undecided(app):
    open_sample(app)
    assert app.button(key="undo").disabled
    key = goto(app, AGENCY_ID)
    app.button(key="mask").click().run()
    assert item_state(app, key).status == "changed"
    assert app.button(key="undo").label == f"↶ Undo: change {AGENCY_ID}"
    app.button(key="undo").click().run()
    assert_clean(app)
    assert item_state(app, key).status == "undecided" and focused_key(app) == key
    assert f"Undone: change {AGENCY_ID}." in [i.value for i in app.info]
    assert "USAID" in preview(app)
    app.button(key="keep").click().run()
    goto(app, AGENCY_ID)
    app.button(key="reset").click().run()
    assert item_state(app, key).status == "undecided"
    kinds = [e.kind for e in store().audit(app.session_state["doc_id"]) if e.entity_id == AGENCY_ID]
    assert kinds == ["decision", "undo", "decision", "decision"]


def test_change_action_and_entity_type_of_one_mention(app):
    open_sample(app)
    goto(app, A_NUMBER_ID)
    app.selectbox(key="change_action").set_value("partial").run()
    app.button(key="apply_change").click().run()
    assert_clean(app)
    assert "A-Number: AXXX-XXX-376" in preview(app)
    goto(app, VILLAGE_ID)
    app.selectbox(key="change_type").set_value("PERSON").run()
    app.button(key="apply_change").click().run()
    assert_clean(app)
    assert "changed: **mask" in markdown(app) or "Decided: **mask" in markdown(app)
    assert re.search(r"in the village of \[PERSON-\d+\]", preview(app))
    assert "rv-human" in document_html(app)


def test_bulk_takes_the_proposal_for_a_type(app):
    open_sample(app)
    before = progress(app)[0]
    assert any(o.startswith("LOCATION (") for o in app.selectbox(key="bulk_type").options)
    app.selectbox(key="bulk_type").set_value("LOCATION").run()
    app.button(key="bulk_accept").click().run()
    (message,) = [s.value for s in app.success]
    count = int(re.fullmatch(r"Took the proposal for (\d+) undecided LOCATION findings?\.", message).group(1))
    assert count > 3 and progress(app)[0] == before + count
    assert not any("LOCATION" in o for o in app.selectbox(key="bulk_type").options)


def test_search_and_mask_all_matches_with_a_chosen_type(app):
    open_sample(app)
    assert len(re.findall(r"\bschool\b", preview(app))) == 4
    app.text_input(key="search_text").input("school").run()
    assert "**4 matches** · 0 already masked" in markdown(app)
    assert app.selectbox(key="search_type").value is None  # nothing in its shape: the reviewer chooses
    assert app.button(key="search_mask").disabled  # and never silently PERSON
    app.selectbox(key="search_type").set_value("ORG").run()
    assert app.button(key="search_mask").label == "Mask all 4 matches as ORG"
    app.button(key="search_mask").click().run()
    assert_clean(app)
    assert [s.value for s in app.success] == ["Added ORG-M1: 4 occurrences masked."]
    assert not re.search(r"\bschool\b", preview(app), re.IGNORECASE)
    assert app.text_input(key="search_text").value == ""
    assert focused_key(app).entity_id == "ORG-M1"


@pytest.mark.parametrize("query, suggested", [("Peshawar", "LOCATION"), ("Moscow", None), ("95825", "ID_CODE")])
def test_the_manual_type_defaults_from_the_texts_shape(app, query, suggested):
    open_sample(app)
    app.text_input(key="search_text").input(query).run()
    if query == "Moscow":  # not in this document: no matches, nothing to mask
        assert "**0 matches**" in markdown(app)
        return
    assert app.selectbox(key="search_type").value == suggested


def test_switching_policy_asks_first_and_keeps_human_decisions(app):
    open_sample(app)
    goto(app, APPLICANT_ID)
    app.button(key="keep").click().run()
    for _ in range(3):  # take three proposals: court-publication proposes some of them differently
        app.button(key="mask").click().run()
    decided = progress(app)[0]
    tagged = preview(app)
    assert tagged.startswith("DECLARATION OF AHMAD SHAH KARIMI") and "I, [PERSON-1], declare" in tagged
    app.selectbox(key="policy_choice").set_value("court-publication").run()
    assert_clean(app)
    confirm = markdown(app)
    assert "Switch from asylum-confidential to court-publication?" in confirm
    carried, total, lost = map(int, re.search(r"(\d+) of (\d+) decisions carry over; \*\*(\d+) become undecided",
                                              confirm).groups())
    assert total == decided and carried + lost == total and lost >= 1
    assert app.session_state["policy"] == "asylum-confidential"  # nothing switched yet
    app.button(key="cancel_policy").click().run()
    assert app.selectbox(key="policy_choice").value == "asylum-confidential" and progress(app)[0] == decided
    app.selectbox(key="policy_choice").set_value("court-publication").run()
    app.button(key="confirm_policy").click().run()
    assert_clean(app)
    assert progress(app)[0] == carried
    shown = preview(app)
    assert shown.startswith("DECLARATION OF AHMAD SHAH KARIMI")  # the reviewer's decision stands
    assert "I, A-S-K-, declare" in shown  # the new policy's proposal for the rest
    events = store().audit(app.session_state["doc_id"])
    assert [(e.before, e.after) for e in events if e.kind == "policy"] == [
        ("asylum-confidential", "court-publication")]


def test_switching_policy_without_decisions_needs_no_confirmation(app):
    open_sample(app)
    app.selectbox(key="policy_choice").set_value("frcp-5-2").run()
    assert app.session_state["policy"] == "frcp-5-2" and not any(b.key == "confirm_policy" for b in app.button)


def test_resume_after_restart(db):
    first = start("Alice")
    open_sample(first)
    first.selectbox(key="policy_choice").set_value("frcp-5-2").run()
    first.button(key="mask").click().run()
    first.button(key="keep").click().run()
    decided = progress(first)
    shown = preview(first)
    again = start("Alice")  # a new server process would see the same database
    assert any("Resumed" in i.value for i in again.info)
    assert again.session_state["doc_id"] == first.session_state["doc_id"]
    assert again.selectbox(key="policy_choice").value == "frcp-5-2"
    assert progress(again) == decided and preview(again) == shown
    other = start("Bob")  # another reviewer starts on the welcome screen
    assert "doc_id" not in other.session_state or not other.session_state["doc_id"]


def test_sign_off_asks_for_a_second_look_at_risky_decisions(app):
    open_sample(app)
    goto(app, APPLICANT_ID)
    app.button(key="keep").click().run()  # the applicant's own name, kept visible
    app.text_input(key="search_text").input("school").run()
    app.selectbox(key="search_type").set_value("ORG").run()
    app.button(key="search_mask").click().run()
    view(app, "Sign-off & export")
    assert app.button(key="sign_off").disabled
    app.checkbox(key="accept_rest").check().run()
    warnings = [w.value for w in app.warning]
    assert any(w.startswith("**Private persons kept visible: 1**") for w in warnings)
    assert any(w.startswith("**Entities with mixed decisions:") for w in warnings)
    assert any(re.match(r"\*\*Unexplained or low-confidence findings accepted in bulk: \d+\*\*", w) for w in warnings)
    assert any(w.startswith("**Manual additions: 4**") for w in warnings)
    ticks = [c for c in app.checkbox if c.key.startswith("ack_")]
    assert len(ticks) == 4 and app.button(key="sign_off").disabled
    for tick in ticks[:3]:
        tick.check()
    app.run()
    assert app.button(key="sign_off").disabled  # every group needs its tick
    app.checkbox(key=ticks[3].key).check().run()
    assert not app.button(key="sign_off").disabled
    app.button(key="sign_off").click().run()
    assert_clean(app)
    checks = [e for e in store().audit(app.session_state["doc_id"]) if e.kind == "sign-off-check"]
    assert sorted(e.before.split(":")[0] for e in checks) == sorted(title for title, _ in CONCERNS.values())
    assert all(e.reviewer == "Alice" and e.after == "acknowledged" for e in checks)


def test_sign_off_gate_and_export_equal_to_preview_under_safe_names(app):
    open_sample(app)
    app.button(key="keep").click().run()
    view(app, "Sign-off & export")
    assert app.button(key="sign_off").disabled
    assert not app.get("download_button")
    sign_off_with_every_tick(app)
    done, total = progress(app)
    assert done == total
    downloads = app.get("download_button")
    document = read_document(REPO / "sample_docs" / SAMPLE)
    stem = f"i589_declaration_{APPLICANT_ID}-{document.id[:8]}"  # "karimi" is masked: not in any file name
    assert [d.label for d in downloads] == [f"Download {stem}.{s}" for s in
                                            ("redacted.txt", "log.json", "log.csv", "audit.json", "audit.csv")]
    assert not any("karimi" in d.proto.file_name.lower() for d in downloads) if hasattr(
        downloads[0].proto, "file_name") else True
    policy = load_policy("asylum-confidential")
    session = ReviewSession(store(), document, policy, plan_documents([document], policy)[0], "Alice")
    exported = export_bundle(session).redacted
    assert [c.value for c in app.caption if "SHA-256" in c.value] == [
        f"Export SHA-256 {sha256(exported)} (verified: no masked string survives)"]
    downloads[0].click().run()
    events = store().audit(document.id)
    assert events[-1].kind == "export" and events[-1].after.startswith(f"downloaded {stem}.redacted.txt")
    # a real change closes the export again
    goto(app, FATHER_ID)
    app.button(key="keep").click().run()
    assert not app.get("download_button") and app.warning
    preview(app)
    assert [c.value for c in app.caption if "SHA-256" in c.value][0].endswith(
        f"SHA-256 {sha256(render_text(document.text, session.reviewed().plan))}")  # the preview's own digest


def test_preview_is_exactly_what_export_writes(app):
    open_sample(app)
    app.button(key="keep").click().run()
    shown = preview(app)
    digest = [c.value for c in app.caption if "SHA-256" in c.value][0].rsplit(" ", 1)[1]
    sign_off_with_every_tick(app)
    exported = [c.value for c in app.caption if c.value.startswith("Export SHA-256")][0].split()[2]
    assert digest == exported  # the signed-off export is the text that was on screen
    assert preview(app) == shown


def test_qc_mode_shows_the_first_reviewers_changes(db):
    alice = start("Alice")
    open_sample(alice)
    alice.text_input(key="note").input("name appears in the public decision")
    first = focused_key(alice)
    alice.button(key="keep").click().run()
    sign_off_with_every_tick(alice)
    bob = start("Bob")
    open_sample(bob)
    assert any(i.value.startswith("QC mode: Alice signed this document off") for i in bob.info)
    view(bob, "Audit & QC")
    assert "Changes against the policy's proposal (1)" in markdown(bob)
    changes = [d for d in bob.dataframe if "policy proposed" in d.value.columns][0].value
    assert list(changes["by"]) == ["Alice"] and list(changes["note"]) == ["name appears in the public decision"]
    assert len(changes["now"]) == 1 and list(changes["now"])[0].startswith(f"{first.entity_id} ")


def test_needs_review_order_and_next_undecided(app):
    open_sample(app)
    assert "Needs review:" in "\n".join(c.value for c in app.caption)
    first = focused_key(app)
    app.button(key="mask").click().run()
    second = focused_key(app)
    assert second != first  # a decision moves on to the next finding that needs review
    assert "Needs review:" in "\n".join(c.value for c in app.caption)
    app.button(key="next_undecided").click().run()
    assert focused_key(app) not in (first, second)
    assert "rv-focus" in focus_html(app)


def test_fail_closed_findings_come_first_with_their_reason(app):
    # the detector cannot explain "4471-0093": its fail-closed stage masks it and says why, and the
    # review starts there, before the applicant's name found by a role cue
    body = "Statement of the applicant Tariq Haddad.\nHe paid 4471-0093 to the smuggler in Izmir.\n"
    app.file_uploader(key="upload_0").set_value(("fail_closed_statement.txt", body.encode(), "text/plain")).run()
    assert_clean(app)
    key = focused_key(app)
    assert body[key.start:key.end] == "4471-0093" and key.entity_id.startswith("ID_CODE-")
    captions = "\n".join(c.value for c in app.caption)
    assert "Finding 1 of" in captions and "Needs review: fail-closed: unexplained number" in captions


def test_upload_shows_progress_is_escaped_and_kept_only_in_the_review_store(app):
    body = "<script>alert('x')</script>\nThe applicant Tariq Haddad, A-Number A075-836-651, fled to Izmir.\n"
    app.file_uploader(key="upload_0").set_value(("statement.txt", body.encode("cp1252"), "text/plain")).run()
    assert_clean(app)
    assert [s.value for s in app.success][0].startswith("Uploaded statement.txt")
    (status,) = [e for e in app.get("status") if e.label.startswith("Opened statement.txt")]
    assert re.fullmatch(r"Opened statement\.txt: \d+ findings", status.label)
    # the uploader starts fresh, so Streamlit drops its in-memory copy of the file
    assert [u.key for u in app.get("file_uploader") if u.key.startswith("upload_")] == ["upload_1"]
    html = document_html(app)
    assert "<script>" not in html and "&lt;script&gt;" in html
    stored = store().get_document(app.session_state["doc_id"])
    assert stored.text == body and stored.source == "statement.txt"
    assert "Tariq Haddad" not in preview(app) and "075-836-651" not in preview(app)


def test_the_upload_limit_agrees_in_config_readme_and_screen(app):
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    limit = config["server"]["maxUploadSize"]
    readme = (REPO / "README.md").read_text()
    assert f"limits uploads to {limit} MB" in readme
    assert re.findall(r"limits uploads to (\d+) MB", readme) == [str(limit)]
    uploaders = app.get("file_uploader")  # a document, and a case (several files)
    assert len(uploaders) == 2 and all(u.proto.label.endswith(f"up to {limit} MB)") for u in uploaders)


def test_errors_are_one_line_and_never_quote_the_document(app, monkeypatch):
    app.file_uploader(key="upload_0").set_value(("scan.txt", b"\x00\x01\x02\x03" * 64, "text/plain")).run()
    assert [e.value for e in app.error] == ["scan.txt: looks like a binary file, not text"]
    open_sample(app)
    app.text_input(key="search_text").input("Gulnara Ivanova").run()
    assert "**0 matches**" in markdown(app)

    def broken(self):
        raise KeyError("Ahmad Shah Karimi")

    monkeypatch.setattr(ReviewSession, "reviewed", broken)
    app.run()
    (message,) = [e.value for e in app.error]
    assert message.startswith("Something went wrong (KeyError)") and "Karimi" not in message
    assert not app.exception


@pytest.mark.parametrize("key", ["prev", "next"])
def test_moving_between_findings_keeps_decisions(app, key):
    open_sample(app)
    start_key = focused_key(app)
    nonce = app.session_state["scroll_nonce"]
    app.button(key=key).click().run()
    assert focused_key(app) != start_key and progress(app)[0] == 0
    assert app.session_state["scroll_nonce"] == nonce + 1  # the pane brings the new finding into view


def test_a_pdf_is_reviewed_on_its_pages_and_previewed_as_the_exported_file(app, tmp_path):
    import hashlib

    from .paged import APPLICANT, hearing_pdf

    data = hearing_pdf(tmp_path / "Petrenko_hearing.pdf", pages=3).read_bytes()
    app.file_uploader(key="upload_0").set_value(("Petrenko_hearing.pdf", data, "application/pdf")).run()
    assert_clean(app)
    tabs = [t.label for t in app.tabs]
    assert tabs[:2] == ["Document", "Text"] and app.session_state["view"] == "Document"
    page = pane(app, "pane_page")
    assert page["kind"] == "page" and page["image"].startswith("data:image/png;base64,")
    assert page["w"] == pytest.approx(595.28, abs=1) and len(page["boxes"]) > 10
    assert page["focus"] in {b[0] for b in page["boxes"]}  # the current finding has its box outlined
    # the page follows the current finding: go to a mention on the last page
    third = entity(f"A{201000000 + 2 * 7919:09d}", "A_NUMBER",
                   text=read_document(tmp_path / "Petrenko_hearing.pdf").text)  # page 3's A-number
    app.selectbox(key="goto_entity").set_value(third).run()
    assert app.session_state["page"] == 3 and pane(app, "pane_page")["page"] == 2
    view(app, "Text")
    assert APPLICANT in pane(app, "pane_text")["html"]
    # the preview is the real redacted file, page by page
    view(app, "Redacted preview")
    assert_clean(app)
    file_digest = next(c.value for c in app.caption if c.value.startswith("Exactly the file")).rsplit(" ", 1)[1]
    assert len(app.get("image")) == 1  # the page image of the redacted file
    sign_off_with_every_tick(app)
    exported = {d.label.removeprefix("Download "): d for d in app.get("download_button")}
    (name,) = [n for n in exported if n.endswith(".redacted.pdf")]
    assert "petrenko" not in name.lower()
    document = store().get_document(app.session_state["doc_id"])
    policy = load_policy("asylum-confidential")
    session = ReviewSession(store(), document, policy, plan_documents([document], policy)[0], "Alice")
    binary_name, binary = export_bundle(session).binary
    assert binary_name == name and hashlib.sha256(binary).hexdigest() == file_digest  # preview == export
