"""Reviewing a PDF or DOCX: the store keeps the original bytes (and only there), reading it back
gives the same document with its layout, and the signed-off export includes the true-redacted file
made by the engine from the reviewed plan, verified."""

from __future__ import annotations

import subprocess
from pathlib import Path

import fitz
import pytest

from redactor.detect import detect
from redactor.policy import apply_policy, load_policy
from redactor.review.signoff import CONCERNS
from redactor.review import ReviewSession, ReviewStore, document_from_upload, export_bundle, open_document
from tests.docbuild import text_pdf

EVERY_CONCERN = tuple(CONCERNS)  # these tests are about other things: every second-look group ticked

TEXT = ("DECLARATION OF TARIQ HADDAD\n\nI, Tariq Haddad, declare that I was born in Hims, Syria. "
        "My sister Rania Haddad still lives there. Judge Paul R. Demarest heard my case.\n")


@pytest.fixture(scope="module")
def pdf_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("paged") / "Haddad_declaration.pdf"
    text_pdf(TEXT, path)
    return path.read_bytes()


def test_uploaded_pdf_is_reviewed_and_exported_truly_redacted(tmp_path, pdf_bytes):
    store = ReviewStore(tmp_path / "review.db")
    document = document_from_upload(pdf_bytes, "Haddad_declaration.pdf")
    assert document.kind == "pdf" and document.layout is not None
    open_document(store, document, "alice", None, "asylum-confidential", pdf_bytes)
    assert store.original(document.id) == pdf_bytes
    again = store.get_document(document.id)  # as after a restart: layout read again from the bytes
    assert again.id == document.id and again.text == document.text and again.layout is not None
    loaded = load_policy("asylum-confidential")
    plan = apply_policy(again, detect(again), loaded)
    alice = ReviewSession(store, again, loaded, plan, "alice", store.start_session("alice"))
    alice.sign_off(accept_rest=True, acknowledged=EVERY_CONCERN)
    bundle = export_bundle(alice)
    name, data = bundle.binary
    assert name.endswith(".redacted.pdf") and "Haddad" not in name
    assert name in bundle.files()
    page_text = "".join(page.get_text() for page in fitz.open(stream=data, filetype="pdf"))
    assert "Haddad" not in page_text and "Tariq" not in page_text and "Rania" not in page_text
    assert "Demarest" in page_text  # the judge stays readable
    if Path("/usr/bin/pdftotext").exists():
        independent = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout
        assert b"Haddad" not in independent
    assert "Haddad" not in bundle.redacted


def test_text_documents_keep_no_original_bytes(tmp_path):
    store = ReviewStore(tmp_path / "review.db")
    document = document_from_upload(b"The applicant Tariq Haddad testified.\n", "notes.txt")
    open_document(store, document, "alice", None, "asylum-confidential", b"ignored")
    assert store.original(document.id) is None
