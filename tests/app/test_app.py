"""The reviewer app's flows through Streamlit's AppTest (the real detector on a sample record):
open, decide per mention and per entity, bulk by type, manual additions, policy switch, resume after
a restart, the sign-off gate, export equal to the preview, QC mode, uploads and one-line errors."""

from __future__ import annotations

import re

import pytest

from redactor.io import read_document
from redactor.policy import load_policy
from redactor.render import render_text
from redactor.review import ReviewSession, export_bundle
from redactor.service import plan_documents

from .conftest import (REPO, SAMPLE, assert_clean, document_html, focus_html, focused_key, markdown, open_sample,
                       preview, progress, sha256, start, store, view)

TEXT = (REPO / "sample_docs" / SAMPLE).read_text(encoding="utf-8")


def test_opens_with_the_samples_and_the_default_policy(app):
    samples = sorted(p.name for p in (REPO / "sample_docs").glob("*.txt") if ".marked." not in p.name)
    keys = {b.key for b in app.button}
    assert {f"open_{name}" for name in samples} <= keys
    assert not any(".marked." in (k or "") for k in keys)
    assert app.selectbox(key="policy").value == "asylum-confidential"
    open_sample(app)
    done, total = progress(app)
    assert done == 0 and total > 40
    html = document_html(app)
    assert html.count("<mark ") == total
    assert 'title="PERSON-1 · PERSON · role applicant' in html
    assert "reason: people — 8 CFR 208.6" in html and "score 0.85" in html
    assert "rv-mask" in html and "rv-keep" in html  # masked and kept styles both present
    assert "AHMAD SHAH KARIMI" not in preview(app)


def test_decide_per_mention_and_per_entity(app):
    open_sample(app)
    first = focused_key(app)
    app.button(key="accept").click().run()
    assert progress(app)[0] == 1
    assert focused_key(app) != first  # on to the next undecided finding
    app.selectbox(key="goto_entity").set_value("PERSON-1").run()
    assert focused_key(app).entity_id == "PERSON-1"
    app.radio(key="scope").set_value("entity").run()
    app.button(key="reject").click().run()
    assert_clean(app)
    shown = preview(app)
    assert "DECLARATION OF AHMAD SHAH KARIMI" in shown and "I, Ahmad Shah Karimi, declare" in shown
    mentions = [o for o in store().overrides(app.session_state["doc_id"]) if o.scope == "entity"]
    assert [(o.entity_id, o.verdict, o.reviewer) for o in mentions] == [("PERSON-1", "reject", "Alice")]


def test_change_action_and_entity_type_of_one_mention(app):
    open_sample(app)
    app.selectbox(key="goto_entity").set_value("A_NUMBER-1").run()
    app.selectbox(key="change_action").set_value("partial").run()
    app.button(key="apply_change").click().run()
    assert_clean(app)
    shown = preview(app)
    assert "A-Number: AXXX-XXX-376" in shown
    app.selectbox(key="goto_entity").set_value("LOCATION-1").run()
    app.selectbox(key="change_type").set_value("PERSON").run()
    app.button(key="apply_change").click().run()
    assert_clean(app)
    assert "changed by a reviewer" in markdown(app)
    assert re.search(r"in the village of \[PERSON-\d+\]", preview(app))
    assert "rv-human" in document_html(app)


def test_bulk_accept_by_type(app):
    open_sample(app)
    before = progress(app)[0]
    assert any(o.startswith("LOCATION (") for o in app.selectbox(key="bulk_type").options)
    app.selectbox(key="bulk_type").set_value("LOCATION").run()
    app.button(key="bulk_accept").click().run()
    (message,) = [s.value for s in app.success]
    count = int(re.fullmatch(r"Accepted (\d+) undecided LOCATION findings?\.", message).group(1))
    assert count > 3 and progress(app)[0] == before + count
    assert not any("LOCATION" in o for o in app.selectbox(key="bulk_type").options)


def test_manual_addition_defaults_to_all_occurrences(app):
    open_sample(app)
    assert app.radio(key="manual_scope").value == "all"
    assert len(re.findall(r"\bschool\b", preview(app))) == 4
    app.text_input(key="manual_text").input("school")
    app.selectbox(key="manual_type").set_value("ORG")
    app.button(key="manual_add").click().run()
    assert_clean(app)
    assert [s.value for s in app.success] == ["Added ORG-M1: 4 occurrences masked."]
    assert not re.search(r"\bschool\b", preview(app), re.IGNORECASE)
    assert app.text_input(key="manual_text").value == ""
    assert focused_key(app).entity_id == "ORG-M1"


def test_switching_policy_recomputes_and_keeps_human_decisions(app):
    open_sample(app)
    assert focused_key(app).entity_id == "PERSON-1"
    app.button(key="reject").click().run()
    tagged = preview(app)
    assert tagged.startswith("DECLARATION OF AHMAD SHAH KARIMI") and "I, [PERSON-1], declare" in tagged
    app.selectbox(key="policy").set_value("court-publication").run()
    assert_clean(app)
    shown = preview(app)
    assert shown.startswith("DECLARATION OF AHMAD SHAH KARIMI")  # the reviewer's decision stands
    assert "I, A-S-K-, declare" in shown  # the new policy's proposal for the rest
    assert any("court-publication" in c.value for c in app.caption)
    events = store().audit(app.session_state["doc_id"])
    assert [(e.before, e.after) for e in events if e.kind == "policy"] == [
        ("asylum-confidential", "court-publication")]


def test_resume_after_restart(db):
    first = start("Alice")
    open_sample(first)
    first.button(key="accept").click().run()
    first.button(key="reject").click().run()
    first.selectbox(key="policy").set_value("frcp-5-2").run()
    decided = progress(first)
    shown = preview(first)
    again = start("Alice")  # a new server process would see the same database
    assert any("Resumed" in i.value for i in again.info)
    assert again.session_state["doc_id"] == first.session_state["doc_id"]
    assert again.selectbox(key="policy").value == "frcp-5-2"
    assert progress(again) == decided and preview(again) == shown
    other = start("Bob")  # another reviewer starts on the welcome screen
    assert "doc_id" not in other.session_state or not other.session_state["doc_id"]


def test_sign_off_gate_and_export_equal_to_preview(app):
    open_sample(app)
    app.button(key="reject").click().run()
    view(app, "Sign-off & export")
    assert app.button(key="sign_off").disabled
    assert not app.get("download_button")
    app.checkbox(key="accept_rest").check().run()
    assert not app.button(key="sign_off").disabled
    app.button(key="sign_off").click().run()
    assert_clean(app)
    done, total = progress(app)
    assert done == total
    downloads = app.get("download_button")
    assert [d.label for d in downloads] == [f"Download i589_declaration_karimi.{s}" for s in
                                            ("redacted.txt", "log.json", "log.csv", "audit.json", "audit.csv")]
    # what the download buttons carry is the library's export of the same review, and the preview
    # is that text (st.code trims the final newline when it displays it)
    document = read_document(REPO / "sample_docs" / SAMPLE)
    policy = load_policy("asylum-confidential")
    session = ReviewSession(store(), document, policy, plan_documents([document], policy)[0], "Alice")
    exported = export_bundle(session).redacted
    assert [c.value for c in app.caption if "SHA-256" in c.value] == [
        f"Export SHA-256 {sha256(exported)} (verified: no masked string survives)"]
    downloads[0].click().run()
    events = store().audit(document.id)
    assert events[-1].kind == "export" and events[-1].after.startswith(
        "downloaded i589_declaration_karimi.redacted.txt")
    # re-confirming a decision changes nothing; a real change closes the export again
    app.button(key="accept").click().run()
    assert len(app.get("download_button")) == 5
    app.button(key="reject").click().run()
    assert not app.get("download_button") and app.warning
    preview(app)
    assert [c.value for c in app.caption if "SHA-256" in c.value][0].endswith(
        f"SHA-256 {sha256(render_text(document.text, session.reviewed().plan))}")  # the preview's own digest


def test_preview_is_exactly_what_export_writes(app):
    open_sample(app)
    app.button(key="reject").click().run()
    shown = preview(app)
    digest = [c.value for c in app.caption if "SHA-256" in c.value][0].rsplit(" ", 1)[1]
    view(app, "Sign-off & export")
    app.checkbox(key="accept_rest").check().run()
    app.button(key="sign_off").click().run()
    exported = [c.value for c in app.caption if c.value.startswith("Export SHA-256")][0].split()[2]
    assert digest == exported  # the signed-off export is the text that was on screen
    assert preview(app) == shown


def test_qc_mode_shows_the_first_reviewers_changes(db):
    alice = start("Alice")
    open_sample(alice)
    alice.text_input(key="note").input("name appears in the public decision")
    alice.button(key="reject").click().run()
    view(alice, "Sign-off & export")
    alice.checkbox(key="accept_rest").check().run()
    alice.button(key="sign_off").click().run()
    bob = start("Bob")
    open_sample(bob)
    assert any(i.value.startswith("QC mode: Alice signed this document off") for i in bob.info)
    view(bob, "Audit & QC")
    assert "Changes against the policy's proposal (1)" in markdown(bob)
    changes = [d for d in bob.dataframe if "policy proposed" in d.value.columns][0].value
    assert list(changes["by"]) == ["Alice"] and list(changes["note"]) == ["name appears in the public decision"]
    assert list(changes["now"]) == ["PERSON-1 PERSON keep"]


def test_needs_review_filter_and_next_undecided(app):
    open_sample(app)
    app.radio(key="filter").set_value("needs review").run()
    assert "Needs review:" in "\n".join(c.value for c in app.caption)
    first = focused_key(app)
    app.button(key="accept").click().run()
    second = focused_key(app)
    assert (second.start, second.end) > (first.start, first.end)
    assert "Needs review:" in "\n".join(c.value for c in app.caption)
    app.button(key="next_undecided").click().run()
    assert (focused_key(app).start, focused_key(app).end) > (second.start, second.end)
    assert "rv-focus" in focus_html(app)


def test_upload_is_escaped_and_kept_only_in_the_review_store(app):
    body = "<script>alert('x')</script>\nThe applicant Tariq Haddad, A-Number A075-836-651, fled to Izmir.\n"
    app.file_uploader(key="upload_0").set_value(("statement.txt", body.encode("cp1252"), "text/plain")).run()
    assert_clean(app)
    assert [s.value for s in app.success][0].startswith("Uploaded statement.txt")
    # the uploader starts fresh, so Streamlit drops its in-memory copy of the file
    assert [u.key for u in app.get("file_uploader")] == ["upload_1"]
    html = document_html(app)
    assert "<script>" not in html and "&lt;script&gt;" in html
    stored = store().get_document(app.session_state["doc_id"])
    assert stored.text == body and stored.source == "statement.txt"
    assert "Tariq Haddad" not in preview(app) and "075-836-651" not in preview(app)


def test_errors_are_one_line_and_never_quote_the_document(app, monkeypatch):
    app.file_uploader(key="upload_0").set_value(("scan.txt", b"\x00\x01\x02\x03" * 64, "text/plain")).run()
    assert [e.value for e in app.error] == ["scan.txt: looks like a binary file, not text"]
    open_sample(app)
    app.text_input(key="manual_text").input("Gulnara Ivanova")
    app.button(key="manual_add").click().run()
    assert [e.value for e in app.error] == ["that text does not occur in this document"]

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
    app.button(key=key).click().run()
    assert focused_key(app) != start_key and progress(app)[0] == 0
