"""Cases in the reviewer app, through Streamlit's AppTest with the real detector: open the sample
bundle (sample_docs/case_hrytsevich), decide an entity once for every document, review a
document of the case with the case's entity ids (its own decision wins there), sign the case off
once every document is decided (the second look across the case), export one ZIP whose every file
verifies and whose names carry no masked word; an uploaded set of files with its case.yaml; the
case's policy switch; resume after a restart."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from redactor.case.export import export_case
from redactor.case.session import CaseSession
from redactor.case.verify import verify_bundle
from redactor.policy import load_policy

from .conftest import REPO, assert_clean, focused_key, markdown, preview, start, store, view

BUNDLE = REPO / "sample_docs" / "case_hrytsevich"
NAMES = ("hrytsevich", "gritsevich", "aliaksandra", "sidarenka")  # masked everywhere in the bundle


def case_view(at, name: str):
    if at.session_state["case_view"] != name:
        at.session_state["case_view"] = name
        at.run()
        assert_clean(at)
    return at


def case_progress(at) -> tuple[int, int]:
    text = at.get("progress")[0].proto.text
    done, total = re.fullmatch(r"(\d+) of (\d+) documents decided", text).groups()
    return int(done), int(total)


def entities_table(at):
    """The case's entity table (the one with a "case decision" column)."""
    return next(d.value for d in at.dataframe if "case decision" in d.value.columns)


def session_of(at, reviewer: str = "Alice") -> CaseSession:
    """The app's case as the library sees it (the plan from the app's own cache)."""
    from redactor.ui import resources

    loaded = load_policy(at.session_state["policy"])
    case_id = at.session_state["case_id"]
    return CaseSession(store(), store().get_case(case_id), resources.case_plan(store(), case_id, loaded), loaded,
                       reviewer)


def entity_written(session: CaseSession, written: str) -> str:
    return next(e.id for e in session.case.entities if written in e.variants)


def preview_of(at, index: int) -> str:
    """The redacted preview of one document of the case."""
    case_view(at, "Documents")
    at.button(key=f"case_doc_{index}").click().run()
    assert_clean(at)
    return preview(at)


def open_bundle(at):
    at.button(key="open_case_case_hrytsevich").click().run()
    assert_clean(at)
    return at


def decide_the_rest_in_bulk(at):
    case_view(at, "Entities")
    while any(b.key == "case_bulk_type" for b in at.selectbox):
        box = at.selectbox(key="case_bulk_type")
        box.set_value(box.options[0].split(" (")[0] if " (" in box.options[0] else box.options[0]).run()
        at.button(key="case_bulk_accept").click().run()
        assert_clean(at)


@pytest.fixture
def case_app(db):
    at = start()
    assert any(b.key == "open_case_case_hrytsevich" for b in at.button)
    return open_bundle(at)


def test_open_a_sample_case_with_its_documents_and_one_entity_panel(case_app):
    at = case_app
    assert at.get("subheader")[0].value == "Case: case_hrytsevich"
    assert case_progress(at) == (0, 8)
    assert "with its profile" in at.caption[0].value
    assert at.selectbox(key="case_choice").value == f"sample:{BUNDLE}"
    entities = entities_table(at)
    applicant = entities[entities["entity"] == "PERSON-1"].iloc[0]
    assert applicant["documents"] == 8 and applicant["role"] == "applicant"  # in every document, one id
    assert applicant["undecided"] == applicant["mentions"] > 8
    case_view(at, "Documents")
    buttons = [b.key for b in at.button if (b.key or "").startswith("case_doc_")]
    assert buttons == [f"case_doc_{i}" for i in range(8)]
    assert "hrytsevich_declaration.txt" in markdown(at)
    # the documents are stored as documents are, and left to their case in the lists of reviews
    assert store().case_only_documents() >= {doc_id for _, doc_id in store().get_case(at.session_state["case_id"]).documents}
    events = store().case_audit(at.session_state["case_id"])
    assert [(e.kind, e.document_id, e.after) for e in events] == [("open", "", "8 documents")]


def test_decide_an_entity_once_for_every_document_and_override_one_mention(case_app):
    at = case_app
    session = session_of(at)
    expert = entity_written(session, "Miriam Castellanos")  # the profile keeps her: proposed keep
    at.selectbox(key="case_entity").set_value(expert).run()
    assert "No decision for the whole case yet · proposed: **keep visible**" in markdown(at)
    at.text_input(key="case_note").input("treating doctor, asked not to be named")
    at.button(key="case_mask").click().run()
    assert_clean(at)
    (message,) = [s.value for s in at.success]
    mentions, documents = map(int, re.fullmatch(rf"{expert}: masked (\d+) mentions in (\d+) documents\.",
                                                message).groups())
    assert documents >= 3
    rows = entities_table(at)
    row = rows[rows["entity"] == expert].iloc[0]
    assert (row["masked"], row["undecided"]) == (mentions, 0) and row["case decision"].startswith("change to")
    events = [e for e in store().case_audit(session.case_id) if e.kind == "decision"]
    assert len(events) == mentions and {e.note for e in events} == {"treating doctor, asked not to be named"}
    assert len({e.document_id for e in events}) == documents
    # a document of the case: the case's ids, the case's decision, and its own decision wins there
    letter = next(d.index for d in session.case.documents if d.rel == "medical_letter.txt")
    case_view(at, "Documents")
    at.button(key=f"case_doc_{letter}").click().run()
    assert_clean(at)
    assert at.get("subheader")[0].value == "medical_letter.txt"
    assert f"document {letter + 1} of 8" in markdown(at)
    assert "Castellanos" not in preview(at)
    view(at, "Document")
    at.selectbox(key="goto_entity").set_value(expert).run()
    assert focused_key(at).entity_id == expert and "· for the whole case" in markdown(at)
    assert at.button(key="reset").disabled  # decided on the case's page, not here
    assert at.radio(key="scope").options[1].endswith("in this document")
    at.button(key="keep").click().run()  # this one mention stays readable, in this document only
    assert_clean(at)
    assert preview(at).count("Castellanos") == 1
    at.button(key="case_back").click().run()
    rows = entities_table(at)
    row = rows[rows["entity"] == expert].iloc[0]
    assert (row["masked"], row["kept"], row["own decisions"]) == (mentions - 1, 1, 1)
    # taking the case-wide decision back leaves the document's own
    at.selectbox(key="case_entity").set_value(expert).run()
    at.button(key="case_reset").click().run()
    rows = entities_table(at)
    row = rows[rows["entity"] == expert].iloc[0]
    assert (row["undecided"], row["own decisions"], row["case decision"]) == (mentions - 1, 1, "")


def test_sign_off_waits_for_every_document_then_the_zip_is_verified_and_safely_named(case_app, tmp_path):
    at = case_app
    session = session_of(at)
    sidarenka = entity_written(session, "Ihar Sidarenka")
    at.selectbox(key="case_entity").set_value(sidarenka).run()
    at.button(key="case_keep").click().run()  # a private person kept visible: the second look asks
    case_view(at, "Sign-off & export")
    assert at.button(key="case_sign_off").disabled
    assert re.search(r"\*\*0 of 8 documents decided\*\*", markdown(at))
    decide_the_rest_in_bulk(at)
    assert case_progress(at) == (8, 8)
    case_view(at, "Sign-off & export")
    warnings = [w.value for w in at.warning]
    assert any(re.match(r"\*\*Private persons kept visible: \d+\*\* in 1 entity across \d+ documents", w)
               for w in warnings)
    assert any(w.startswith("**Unexplained or low-confidence findings accepted in bulk:") for w in warnings)
    ticks = [c for c in at.checkbox if c.key.startswith("case_ack_")]
    assert len(ticks) >= 2 and at.button(key="case_sign_off").disabled
    for tick in ticks:
        tick.check()
    at.run()
    at.button(key="case_sign_off").click().run()
    assert_clean(at)
    assert [s.value for s in at.success][0] == "Case signed off by Alice."
    (download,) = [d for d in at.get("download_button") if d.proto.id.endswith("case_download")] or \
        [d for d in at.get("download_button") if d.label.endswith(".zip")]
    name = download.label.removeprefix("Download ")
    assert re.fullmatch(rf"case_PERSON-\d+-{session.case_id[:8]}\.zip", name)
    export = export_case(session_of(at))
    assert export.name == name
    assert [c.value for c in at.caption if c.value.startswith("ZIP SHA-256")][0].startswith(
        f"ZIP SHA-256 {export.sha256} · {len(export.files)} files, each verified")
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(io.BytesIO(export.data)) as archive:
        archive.extractall(folder)
        names = archive.namelist()
    assert not any(word in n.casefold() for n in names for word in NAMES), names
    top = name.removesuffix(".zip")
    assert {f"{top}/case.log.json", f"{top}/redaction_index.csv", f"{top}/redaction_index.pdf"} <= set(names)
    assert sum(n.endswith(".redacted.txt") for n in names) == 8
    check = verify_bundle(folder / top, original=BUNDLE)  # as `redactor verify` checks it
    assert check.ok, check.problems
    assert "Ihar Sidarenka" in (folder / top / "news_item.redacted.txt").read_text(encoding="utf-8") or any(
        "Sidarenka" in (folder / top / n.split("/", 1)[1]).read_text(encoding="utf-8")
        for n in names if n.endswith(".redacted.txt"))  # kept visible, as decided
    download.click().run()
    events = store().case_audit(session.case_id)
    assert events[-1].kind == "export" and events[-1].after.startswith(f"downloaded {name}")
    # a change voids the sign-off and closes the export
    case_view(at, "Entities")
    at.selectbox(key="case_entity").set_value(sidarenka).run()
    at.button(key="case_mask").click().run()
    case_view(at, "Sign-off & export")
    assert not any(d.label.endswith(".zip") for d in at.get("download_button"))
    assert any("Decisions changed after Alice signed the case off" in w.value for w in at.warning)


CASE_FILES = {
    "declaration_okafor.txt": "DECLARATION OF CHIDINMA OKAFOR\nI, Chidinma Okafor, fled Enugu in 2019. "
                              "My daughter Adaeze Okafor was born on 4 May 2012.\n",
    "letter.txt": "Dear Officer,\nMs. OKAFOR attended our clinic. Her daughter Ada is well.\n"
                  "Signed, Dr. Bram Veldhuis\n",
    "news.txt": "A mother, Chidinma Okafor, and her child arrived at the border on Monday.\n",
}
PROFILE = (b"identities:\n  - name: Chidinma Okafor\n    role: applicant\n  - name: Adaeze Okafor\n"
           b"    role: minor\n    aliases: [Ada]\nkeep: [Bram Veldhuis]\n")


def test_an_uploaded_set_of_files_with_its_profile_and_the_cases_policy_switch(db):
    at = start()
    files = [(n, t.encode(), "text/plain") for n, t in CASE_FILES.items()] + [("case.yaml", PROFILE, "text/yaml")]
    at.file_uploader(key="case_upload_0").set_value(files).run()
    assert_clean(at)
    (status,) = [e for e in at.get("status") if e.label.startswith("Opened a case")]
    assert status.label == "Opened a case of 3 documents with its profile"
    assert at.get("subheader")[0].value == "Case: uploaded_case" and case_progress(at) == (0, 3)
    session = session_of(at)
    child = entity_written(session, "Adaeze Okafor")
    assert {i for i, _ in session.case.entity(child).mentions} == {0, 1}  # "Ada" in the letter: the profile's alias
    at.selectbox(key="case_entity").set_value(child).run()
    at.selectbox(key="case_change_action").set_value("redact").run()
    at.button(key="case_apply_change").click().run()  # a change carries over to another policy
    assert_clean(at)
    at.selectbox(key="policy_choice").set_value("court-publication").run()
    assert_clean(at)
    assert "Switch the case from asylum-confidential to court-publication?" in markdown(at)
    carried, decided = map(int, re.search(r"(\d+) of (\d+) decisions carry over", markdown(at)).groups())
    assert carried == decided == len(session.case.entity(child).mentions and session.reviewed().mentions(child))
    assert at.session_state["policy"] == "asylum-confidential"  # nothing switched yet
    at.button(key="case_confirm_policy").click().run()
    assert_clean(at)
    assert at.session_state["policy"] == "court-publication"
    assert store().get_case(session.case_id).policy_id == "court-publication"
    # resume after a restart: the case, its policy and its decisions
    again = start()
    assert again.session_state["case_id"] == session.case_id
    assert again.selectbox(key="policy_choice").value == "court-publication"
    rows = entities_table(again)
    row = rows[rows["entity"] == child].iloc[0]
    assert (row["undecided"], row["kept"]) == (0, 0) and row["case decision"] == "change to redact (Alice)"
    shown = preview_of(again, 0)
    assert "My daughter ██████ was born" in shown and "Adaeze" not in shown  # redacted, in place of its tag


def test_a_broken_profile_is_one_line_naming_the_file(db):
    at = start()
    at.file_uploader(key="case_upload_0").set_value(
        [("a.txt", b"The applicant Chidinma Okafor.\n", "text/plain"),
         ("okafor.yaml", b"identities:\n  - name: Chidinma Okafor\n    role: judge\n", "text/yaml")]).run()
    (message,) = [e.value for e in at.error]
    assert message.startswith("okafor.yaml:3: identities.0.role:") and "\n" not in message
    assert "Chidinma" not in message
    assert "case_id" not in at.session_state or not at.session_state["case_id"]


def test_the_cases_decisions_download_for_the_command_line(case_app, tmp_path):
    import json

    from redactor.case.review import CaseDecisions, apply_case_decisions

    at = case_app
    session = session_of(at)
    applicant = entity_written(session, "Aliaksandra Siarheyeuna Hrytsevich")
    at.selectbox(key="case_entity").set_value(applicant).run()
    at.button(key="case_keep").click().run()
    case_view(at, "Audit")
    (button,) = [d for d in at.get("download_button") if d.label.endswith(".decisions.json")]
    assert "hrytsevich" not in button.label.casefold()
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps(session.decisions().to_json()), encoding="utf-8")
    decisions = CaseDecisions.load(path)  # what `redactor case --decisions` reads
    assert [(d.entity_id, d.verdict, d.reviewer) for d in decisions.entities] == [(applicant, "reject", "Alice")]
    plans = apply_case_decisions(session.case, decisions, session.loaded).plan.plans
    assert plans == session.reviewed().plan().plans  # the command line writes what the app shows
