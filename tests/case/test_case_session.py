"""A case reviewed in the review store (redactor.case.session), on hand-made findings (no model):
an entity decided once holds in every document, a document's own decision wins there, the same
review as `apply_case_decisions`, kept apart from the documents' stand-alone reviews, audited
without text; sign-off waits for every document and looks again across the case; the export is one
ZIP of verified files under safe names, made in a private folder that is gone afterwards."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from redactor.case.export import case_zip, export_case
from redactor.case.model import CaseDocument
from redactor.case.review import apply_case_decisions
from redactor.case.session import CaseSession, load_case, open_case
from redactor.io import read_document
from redactor.model import Finding
from redactor.policy import apply_policy, load_policy
from redactor.review import ReviewSession, ReviewStore
from redactor.review.session import ReviewError, SignOffRequired
from redactor.review.signoff import CONCERNS
from redactor.service import VerificationError

from tests.case.conftest import case_document

DECLARATION = ("DECLARATION OF ALIAKSANDRA HRYTSEVICH\n"
               "I, Aliaksandra Hrytsevich, was born in Hrodna. Dr. Miriam Castellanos examined me.\n"
               "My son Maksim Hrytsevich is nine years old.\n")
LETTER = ("MEDICAL LETTER\nDr. Miriam Castellanos saw Ms. Aliaksandra Hrytsevich on 3 May 2021 in Hrodna.\n"
          "Signed, Miriam Castellanos\n")
NEWS = "News: Aliaksandra Hrytsevich and her son Maksim Hrytsevich fled Hrodna.\n"
SECRETS = ("Aliaksandra", "ALIAKSANDRA", "Hrytsevich", "HRYTSEVICH", "Maksim", "Hrodna")
EVERY_CONCERN = tuple(CONCERNS)


def documents():
    return [
        case_document(0, DECLARATION, [("ALIAKSANDRA HRYTSEVICH", 0, "PERSON", "PERSON-1", "applicant"),
                                       ("Aliaksandra Hrytsevich", 0, "PERSON", "PERSON-1", "applicant"),
                                       ("Hrodna", 0, "LOCATION", "LOCATION-1", None),
                                       ("Miriam Castellanos", 0, "PERSON", "PERSON-2", "expert"),
                                       ("Maksim Hrytsevich", 0, "PERSON", "PERSON-3", "minor")],
                      name="hrytsevich_declaration.txt"),
        case_document(1, LETTER, [("Miriam Castellanos", 0, "PERSON", "PERSON-1", "expert"),
                                  ("Aliaksandra Hrytsevich", 0, "PERSON", "PERSON-2", "applicant"),
                                  ("3 May 2021", 0, "DATE", "DATE-1", None),
                                  ("Hrodna", 0, "LOCATION", "LOCATION-1", None),
                                  ("Miriam Castellanos", 1, "PERSON", "PERSON-1", "expert")],
                      name="medical_letter.txt"),
        case_document(2, NEWS, [("Aliaksandra Hrytsevich", 0, "PERSON", "PERSON-1", "applicant"),
                                ("Maksim Hrytsevich", 0, "PERSON", "PERSON-2", "minor"),
                                ("Hrodna", 0, "LOCATION", "LOCATION-1", None)],
                      name="news_item.txt"),
    ]


@pytest.fixture
def opened(tmp_path):
    """A case stored and planned as the app does it; returns a factory of sessions."""
    store = ReviewStore(tmp_path / "review.db")
    loaded = load_policy("asylum-confidential")
    docs = documents()
    case_id, policy_id = open_case(store, "case_hrytsevich", [(d.rel, d.document, None) for d in docs], "alice",
                                   None, loaded.id)
    assert policy_id == loaded.id
    by_id = {d.document.id: d.findings for d in docs}
    case = load_case(store, case_id, loaded, lambda document_id: by_id[document_id])

    def session(reviewer: str = "alice") -> CaseSession:
        return CaseSession(store, store.get_case(case_id), case, loaded, reviewer)
    return session


def entity_at(case, index: int, surface: str) -> str:
    text = case.documents[index].document.text
    start = text.index(surface)
    return next(d.finding.entity_id for d in case.plans[index].decisions if d.finding.start == start)


def decide_everything(session: CaseSession) -> None:
    for entity_type in ("PERSON", "LOCATION", "DATE"):
        session.decide_type(entity_type, "accept")


def test_one_entity_decision_holds_in_every_document_and_is_audited_without_text(opened):
    session = opened()
    case = session.case
    expert = entity_at(case, 1, "Miriam Castellanos")
    assert entity_at(case, 0, "Miriam Castellanos") == expert  # one id across the case
    review = session.decide_entity(expert, "mask", note="private doctor")
    mentions = review.mentions(expert)
    assert {i for i, _ in mentions} == {0, 1} and len(mentions) == 3
    assert all(item.masks and item.status == "changed" for _, item in mentions)
    for index, reviewed in enumerate(review.documents):
        text = case.documents[index].document.text
        assert all("Castellanos" not in text[d.finding.start:d.finding.end] or d.masks for d in reviewed.plan.decisions)
    events = [e for e in session.store.case_audit(case.case_id) if e.kind == "decision"]
    assert len(events) == 3 and {e.scope for e in events} == {"case"} and {e.case_id for e in events} == {case.case_id}
    assert {e.document_id for e in events} == {case.documents[0].document.id, case.documents[1].document.id}
    assert all(e.note == "private doctor" and e.reviewer == "alice" and e.after.startswith("changed: ")
               for e in events)
    # the store holds no text outside the documents table
    with sqlite3.connect(session.store.path) as conn:
        dump = "\n".join(str(v) for table in ("case_overrides", "audit", "case_signoffs", "journal")
                         for row in conn.execute(f"SELECT * FROM {table}") for v in row)
    assert "Castellanos" not in dump and "Miriam" not in dump


def test_a_documents_own_decision_wins_there_and_matches_apply_case_decisions(opened):
    session = opened()
    case = session.case
    applicant = entity_at(case, 0, "Aliaksandra Hrytsevich")
    session.decide_entity(applicant, "keep")
    news = session.document_session(2)
    key = next(i.key for i in news.reviewed().items if i.key.entity_id == applicant)
    news.decide_mention(key, "mask", note="in a public news item, still masked")
    review = session.reviewed()
    kept = [(i, item.masks) for i, item in review.mentions(applicant)]
    assert (2, True) in kept and all(not masks for i, masks in kept if i != 2)
    assert session.document_session(2).from_case(review.documents[0].mentions(applicant)[0])
    # the app's review is the case layer's: the same plans from the same decisions
    reviewed = apply_case_decisions(case, session.decisions(), session.loaded)
    assert [r.plan for r in reviewed.documents] == [r.plan for r in review.documents]
    # a second look across the case: the applicant is readable in two documents, masked in a third
    concerns = {c.id: c for c in session.second_look(review)}
    assert set(concerns["mixed"].documents) == {0, 1, 2}
    assert {i for i, _ in concerns["private-kept"].items} == {0, 1}


def test_case_decisions_never_reach_the_documents_stand_alone_review(opened):
    session = opened()
    case = session.case
    declaration = case.documents[0]
    session.decide_entity(entity_at(case, 0, "Maksim Hrytsevich"), "keep")
    own = session.document_session(0)
    own.decide_entity(entity_at(case, 0, "Hrodna"), "keep")
    assert session.store.overrides(declaration.document.id) == []  # stand-alone: nothing decided
    assert session.store.audit(declaration.document.id) == []
    assert session.store.case_only_documents() == {d.document.id for d in case.documents}
    alone = ReviewSession(session.store, declaration.document, session.loaded,
                          apply_policy(declaration.document, list(declaration.findings), session.loaded), "alice")
    assert alone.reviewed().decided == 0 and alone.last_change() is None
    # undo in the case's document takes back its own decision only
    entry, after = own.undo()
    assert entry.label.startswith("reject all of") or entry.label.startswith("accept all of")
    assert [o.scope for o in session.rows()[""]] == ["entity"]


def test_retyped_entities_and_manual_additions_are_numbered_across_the_case(opened):
    session = opened()
    case = session.case
    place = entity_at(case, 0, "Hrodna")
    for index in (0, 2):
        doc = session.document_session(index)
        key = next(i.key for i in doc.reviewed().items if i.key.entity_id == place)
        doc.decide_mention(key, "change", entity_type="PERSON")
    review = session.reviewed()
    ids = {d.finding.entity_id for i in (0, 2) for d in review.documents[i].plan.decisions
           if case.documents[i].document.text[d.finding.start:d.finding.end] == "Hrodna"}
    people = [int(e.id.rpartition("-")[2]) for e in case.entities if e.entity_type == "PERSON"]
    assert ids == {f"PERSON-{max(people) + 1}"}  # one new id, after every person of the case
    first, _ = session.document_session(0).add_manual("nine years", "DATE")
    second, _ = session.document_session(2).add_manual("News", "ORG")
    assert (first, second) == ("DATE-M1", "ORG-M2")


def test_sign_off_waits_for_every_document_and_looks_again_across_the_case(opened):
    session = opened()
    case = session.case
    with pytest.raises(SignOffRequired, match=r"^0 of 3 documents decided"):
        session.sign_off(acknowledged=EVERY_CONCERN)
    session.decide_type("PERSON", "accept")
    session.decide_type("LOCATION", "accept")
    review = session.reviewed()
    assert review.decided_documents == 2  # the letter's date waits
    with pytest.raises(SignOffRequired, match=r"^2 of 3 documents decided"):
        session.sign_off(acknowledged=EVERY_CONCERN)
    session.decide_type("DATE", "accept")
    applicant = entity_at(case, 0, "Aliaksandra Hrytsevich")
    news = session.document_session(2)
    news.decide_mention(next(i.key for i in news.reviewed().items if i.key.entity_id == applicant), "keep")
    with pytest.raises(SignOffRequired, match="Private persons kept visible"):
        session.sign_off(acknowledged=("mixed",))
    record = session.sign_off(note="checked", acknowledged=EVERY_CONCERN)
    assert session.signoff() == record and record.reviewer == "alice"
    checks = [e for e in session.store.case_audit(case.case_id) if e.kind == "sign-off-check"]
    assert {e.before.split(":")[0] for e in checks} == {CONCERNS[k][0] for k in ("private-kept", "mixed")}
    assert all("across" in e.before and "Hrytsevich" not in e.before for e in checks)
    # a change voids it (one that changes the plan: taking the proposal again would not)
    session.decide_entity(applicant, "mask")
    assert session.signoff() == record
    session.decide_entity(applicant, "keep")
    assert session.signoff() is None
    with pytest.raises(SignOffRequired):
        export_case(session)


def test_the_export_is_one_zip_of_verified_files_under_safe_names(opened, tmp_path, monkeypatch):
    import tempfile

    private = tmp_path / "private-tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    session = opened()
    decide_everything(session)
    session.sign_off(acknowledged=EVERY_CONCERN)
    export = export_case(session)
    assert list(private.iterdir()) == []  # the private folder is gone
    assert export.name == f"case_PERSON-1-{session.case_id[:8]}.zip"
    with zipfile.ZipFile(io.BytesIO(export.data)) as archive:
        names = archive.namelist()
        assert names == list(export.files)
        bodies = {n: archive.read(n) for n in names}
        assert all(info.external_attr >> 16 == 0o600 for info in archive.infolist())
    folder = export.name.removesuffix(".zip")
    assert {n.split("/", 1)[1] for n in names} >= {"case.log.json", "redaction_index.csv", "redaction_index.pdf",
                                                   "medical_letter.redacted.txt", "medical_letter.log.json"}
    assert all(n.startswith(folder + "/") for n in names)
    for name, body in bodies.items():
        assert not any(s.casefold() in name.casefold() for s in SECRETS), name
        if not name.endswith(".pdf"):
            assert not any(s in body.decode("utf-8") for s in SECRETS), name
    log = json.loads(bodies[f"{folder}/case.log.json"])
    assert log["case"]["documents"] == 3 and log["case"]["id"] == session.case_id
    # the same decisions give the same bytes; the ZIP is remembered, not written again
    assert export_case(session).data == export.data


def test_a_leak_stops_the_export(opened, monkeypatch):
    from redactor.case import export as case_export

    session = opened()
    decide_everything(session)
    session.sign_off(acknowledged=EVERY_CONCERN)
    review = session.reviewed()
    # a broken writer that leaves a masked name in a log: the export refuses, naming no text
    real = case_export.write_case

    def leaky(case, out, options):
        outcome = real(case, out, options)
        log = next(Path(out).glob("medical_letter.log.json"))
        log.write_text(log.read_text(encoding="utf-8").replace('"kind"', '"note": "Hrytsevich", "kind"'),
                       encoding="utf-8")
        return outcome

    monkeypatch.setattr(case_export, "write_case", leaky)
    with pytest.raises(VerificationError) as caught:
        case_zip(review.plan(), "other_name", session.store.original, case_export.OutputOptions(), "digest-x")
    assert "medical_letter.log.json" in str(caught.value) and "Hrytsevich" not in str(caught.value)


def test_opening_the_same_documents_again_is_the_same_case_and_a_profile_cannot_renumber_it(opened, tmp_path):
    from redactor.case.profile import CaseProfile
    from redactor.review.store import StoreError

    session = opened()
    store = session.store
    docs = documents()
    again, _ = open_case(store, "renamed", [(d.rel, d.document, None) for d in reversed(docs)], "bob", None,
                         "asylum-confidential")
    assert again == session.case_id and len(store.list_cases()) == 1
    assert store.get_case(again).name == "case_hrytsevich"
    session.decide_entity(entity_at(session.case, 0, "Hrodna"), "keep")
    profile = CaseProfile.model_validate({"identities": [{"name": "Maksim Hrytsevich", "role": "minor"}]})
    with pytest.raises(StoreError, match="another profile"):
        open_case(store, "case_hrytsevich", [(d.rel, d.document, None) for d in docs], "bob", None,
                  "asylum-confidential", profile)
    with pytest.raises(ReviewError, match="same content"):
        open_case(store, "dup", [("a.txt", docs[0].document, None), ("b.txt", docs[0].document, None)], "bob",
                  None, "asylum-confidential")


def test_a_pdf_of_the_case_is_exported_true_redacted_from_its_stored_original(tmp_path):
    import fitz

    from tests.app.paged import APPLICANT, hearing_pdf

    pdf = hearing_pdf(tmp_path / "Petrenko_hearing.pdf", pages=2)
    record = read_document(pdf)
    spots, start = [], record.text.find(APPLICANT)
    while start >= 0:
        spots.append(start)
        start = record.text.find(APPLICANT, start + 1)
    findings = tuple(Finding(s, s + len(APPLICANT), "PERSON", "PERSON-1", "applicant", 0.85, "test") for s in spots)
    note = case_document(1, f"Note to file: {APPLICANT} called the clinic.\n",
                         [(APPLICANT, 0, "PERSON", "PERSON-1", "applicant")], name="note.txt")
    store = ReviewStore(tmp_path / "review.db")
    loaded = load_policy("asylum-confidential")
    case_id, _ = open_case(store, "petrenko", [("Petrenko_hearing.pdf", record, pdf.read_bytes()),
                                                ("note.txt", note.document, None)], "alice", None, loaded.id)
    by_id = {record.id: findings, note.document.id: note.findings}
    pdf.unlink()  # the export is made from the store's copy of the original
    case = load_case(store, case_id, loaded, lambda document_id: by_id[document_id])
    assert [d.document.kind for d in case.documents] == ["pdf", "text"]
    assert isinstance(case.documents[0], CaseDocument) and case.documents[0].document.layout is not None
    session = CaseSession(store, store.get_case(case_id), case, loaded, "alice")
    session.decide_type("PERSON", "accept")
    session.sign_off(acknowledged=EVERY_CONCERN)
    export = export_case(session)
    with zipfile.ZipFile(io.BytesIO(export.data)) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".redacted.pdf")]
        data = archive.read(name)
    assert "petrenko" not in export.name.casefold() and "petrenko" not in name.casefold()
    with fitz.open(stream=data, filetype="pdf") as redacted:
        text = "".join(page.get_text() for page in redacted)
    assert "Petrenko" not in text and "Whitcombe" in text
