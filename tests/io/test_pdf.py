"""Reading PDFs (redactor/io/pdf.py): the text layer in reading order with the page and box of every
character, checked against the boxes the test's own builder placed; and every kind of bad input
(encrypted, corrupted, truncated, empty, a scan without Tesseract) fails with one clear line and
writes nothing."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import fitz
import pytest
from typer.testing import CliRunner

from redactor.cli import app
from redactor.errors import InputError
from redactor.io import read_document
from redactor.io import ocr as ocr_module
from tests.docbuild import pdftotext, scan_pdf, squash, text_pdf

TEXT = (
    "DECLARATION IN SUPPORT OF FORM I-589\n"
    "\n"
    "My name is Oksana Viktorovna Petrova (Петрова Оксана Викторовна). I was born in Kineshma, "
    "Ivanovo Oblast. My A-number is A 213-778-905. In February 2019 the police beat me during a "
    "search of a private home where Jehovah's Witnesses had gathered; Nguyễn Thị Hoa, a friend from "
    "the congregation, took me to the Central District Hospital.\n"
    "\n"
    "I fear that if I am returned to Russia I will be detained again.\n"
)
PASSWORD = "correct horse"


def _nonspace(text: str) -> list[int]:
    return [i for i, c in enumerate(text) if not c.isspace()]


def _reader_chars(document):
    layout = document.layout
    return [(i, layout.pages[i], layout.box(i)) for i in _nonspace(document.text)]


@pytest.fixture(scope="module")
def long_text() -> str:
    paragraph = TEXT.replace("\n", " ").strip()
    return "\n\n".join(f"{k + 1}. {paragraph}" for k in range(12))


@pytest.fixture(scope="module")
def built(tmp_path_factory, long_text):
    folder = tmp_path_factory.mktemp("pdfio")
    boxes, path = text_pdf(long_text, folder / "declaration.pdf")
    return long_text, boxes, path


def test_text_layer_is_read_in_reading_order(built):
    text, _, path = built
    document = read_document(path)
    assert document.kind == "pdf"
    # every visible character, in order: only the whitespace differs (lines the layout wrapped)
    assert [c for c in document.text if not c.isspace()] == [c for c in text if not c.isspace()]
    flat = squash(document.text)
    assert "Петрова Оксана Викторовна" in flat and "Nguyễn Thị Hoa" in flat
    assert flat.count("My name is Oksana Viktorovna Petrova") == 12


def test_every_character_has_its_page_and_box(built):
    text, boxes, path = built
    document = read_document(path)
    theirs = _reader_chars(document)
    ours = [boxes[i] for i in _nonspace(text)]
    assert len(theirs) == len(ours)
    for (i, page, (x0, y0, x1, y1)), b in zip(theirs, ours):
        assert page == b.page, (document.text[i], i)
        # the reader's box contains the glyph the builder placed there, and is about its size
        cx, cy = b.center
        assert x0 - 0.01 <= cx <= x1 + 0.01 and y0 - 0.01 <= cy <= y1 + 0.01, (document.text[i], i)
        assert abs((x1 - x0) - (b.x1 - b.x0)) < 0.5 and abs((y1 - y0) - (b.y1 - b.y0)) < 1.0


def test_multi_page(built):
    text, boxes, path = built
    document = read_document(path)
    pages = {b.page for b in boxes if b is not None}
    assert len(pages) >= 2
    layout = document.layout
    assert len(layout.page_sizes) == len(pages)
    assert all(abs(w - 595) < 1 and abs(h - 842) < 1 for w, h in layout.page_sizes)  # A4
    seen = [layout.pages[i] for i in _nonspace(document.text)]
    assert seen == sorted(seen) and set(seen) == pages  # page by page, in order
    assert layout.ocr_pages == []  # a text layer is never OCRed


def test_letter_paper_and_cjk_font(tmp_path):
    boxes, path = text_pdf("Applicant: Zhou Wei (周伟)\nA-Number: 204-117-889", tmp_path / "z.pdf",
                           font="cjk", paper="letter")
    document = read_document(path)
    assert "周伟" in document.text
    assert document.layout.page_sizes == [(612.0, 792.0)]
    i = document.text.index("周")
    x0, y0, x1, y1 = document.layout.box(i)
    cx, cy = boxes["Applicant: Zhou Wei (周伟)".index("周")].center
    assert x0 <= cx <= x1 and y0 <= cy <= y1


# --- encrypted ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def encrypted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("encrypted")
    _, doc = text_pdf(TEXT, save=False)
    path = folder / "Petrova_I-589.pdf"
    doc.save(path, encryption=fitz.PDF_ENCRYPT_AES_256, owner_pw="owner " + PASSWORD,
             user_pw=PASSWORD, permissions=fitz.PDF_PERM_PRINT)
    doc.close()
    return path


def test_encrypted_without_password_is_a_clear_error(encrypted):
    with pytest.raises(InputError) as err:
        read_document(encrypted)
    message = str(err.value)
    assert "encrypted" in message and "--password" in message and "\n" not in message


def test_encrypted_with_the_password_reads(encrypted):
    document = read_document(encrypted, PASSWORD)
    assert "Kineshma" in document.text and document.kind == "pdf"


def test_encrypted_with_a_wrong_password_is_a_clear_error(encrypted):
    with pytest.raises(InputError, match="wrong password"):
        read_document(encrypted, "not the password")


def _cli(*args):
    return CliRunner().invoke(app, list(map(str, args)))


def _one_line_error(result, *words):
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:")
    assert "Traceback" not in result.output and "unexpected" not in lines[0], lines[0]
    for word in words:
        assert word in lines[0], lines[0]


def _nothing_written(out_dir):
    assert not out_dir.exists() or not any(out_dir.iterdir()), sorted(p.name for p in out_dir.iterdir())


def test_cli_encrypted_errors(encrypted, tmp_path):
    out = tmp_path / "out"
    _one_line_error(_cli("redact", encrypted, "--out", out), "encrypted", "--password")
    _nothing_written(out)
    _one_line_error(_cli("redact", encrypted, "--out", out, "--password", "not the password"),
                    "wrong password")
    _nothing_written(out)


def test_cli_encrypted_with_password_writes_an_open_output(encrypted, tmp_path):
    out = tmp_path / "out"
    result = _cli("redact", encrypted, "--out", out, "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    [pdf] = out.glob("*.redacted.pdf")
    with fitz.open(pdf) as redacted:  # the output opens without a password
        assert not redacted.needs_pass and not redacted.is_encrypted
    assert "Kineshma" not in pdftotext(pdf)


def test_cli_encrypted_with_password_keeps_the_text(encrypted, tmp_path):
    """PyMuPDF's `needs_pass` re-checks the empty password and drops an earlier authentication:
    the renderer must not ask it after authenticating, or the fonts are written undecrypted and
    every glyph of the output is garbage (while verification, reading nothing, passes)."""
    out = tmp_path / "out"
    result = _cli("redact", encrypted, "--out", out, "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    [pdf] = out.glob("*.redacted.pdf")
    text = squash(pdftotext(pdf))
    assert "DECLARATION IN SUPPORT OF FORM I-589" in text
    assert "Jehovah's Witnesses" in text and "detained again" in text


def test_owner_password_only_needs_no_password(tmp_path):
    _, doc = text_pdf(TEXT, save=False)
    path = tmp_path / "restricted.pdf"
    doc.save(path, encryption=fitz.PDF_ENCRYPT_AES_256, owner_pw="owner only", user_pw="",
             permissions=fitz.PDF_PERM_PRINT)
    doc.close()
    assert "Kineshma" in read_document(path).text


# --- damaged and empty files --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_pdf_bytes(tmp_path_factory) -> bytes:
    """A real 3-page PDF: two sample documents laid out one after the other."""
    samples = Path(__file__).resolve().parents[2] / "sample_docs"
    text = "\n".join((samples / f"{name}.txt").read_text(encoding="utf-8")
                     for name in ("asylum_interview_notes_osei", "circuit_opinion_nguyen"))
    _, path = text_pdf(text, tmp_path_factory.mktemp("real") / "real.pdf")
    return path.read_bytes()


def test_corrupted_pdf(tmp_path):
    path = tmp_path / "corrupted.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(4).randbytes(20_000))
    with pytest.raises(InputError) as err:
        read_document(path)
    assert "\n" not in str(err.value)
    out = tmp_path / "out"
    _one_line_error(_cli("redact", path, "--out", out), "corrupted.pdf")
    _nothing_written(out)


def test_truncated_pdf_first_half(tmp_path, real_pdf_bytes):
    """MuPDF can rebuild the first half of this file and read 2 of its 3 pages: a redaction of the
    pages it recovered must not pass for a redaction of the document."""
    path = tmp_path / "truncated.pdf"
    path.write_bytes(real_pdf_bytes[: len(real_pdf_bytes) // 2])
    with fitz.open(path) as repaired:
        assert repaired.is_repaired
    with pytest.raises(InputError) as err:
        read_document(path)
    assert "\n" not in str(err.value)
    out = tmp_path / "out"
    _one_line_error(_cli("redact", path, "--out", out), "truncated.pdf")
    _nothing_written(out)


def test_truncated_pdf_tail_cut(tmp_path, real_pdf_bytes):
    """Only the last 2 % missing (the cross-reference table): still a clear error, not an
    'unexpected RuntimeError' from deep in the renderer."""
    path = tmp_path / "cut.pdf"
    path.write_bytes(real_pdf_bytes[: int(len(real_pdf_bytes) * 0.98)])
    out = tmp_path / "out"
    _one_line_error(_cli("redact", path, "--out", out), "cut.pdf")
    _nothing_written(out)


def test_truncated_pdf_without_recoverable_text(tmp_path, long_text):
    _, path = text_pdf(long_text, tmp_path / "whole.pdf")
    data = path.read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    out = tmp_path / "out"
    _one_line_error(_cli("redact", path, "--out", out), "half.pdf")
    _nothing_written(out)


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_document(path)
    out = tmp_path / "out"
    _one_line_error(_cli("redact", path, "--out", out), "empty")
    _nothing_written(out)


def test_pdf_with_no_text_and_no_image(tmp_path):
    doc = fitz.open()
    doc.new_page()
    path = tmp_path / "blank.pdf"
    doc.save(path)
    with pytest.raises(InputError, match="no text"):
        read_document(path)


# --- a scan when Tesseract is missing -----------------------------------------------------------------

@pytest.fixture
def no_tesseract(monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda cmd, *a, **k: None if "tesseract" in cmd else real_which(cmd, *a, **k))
    ocr_module.tesseract_available.cache_clear()
    yield
    monkeypatch.undo()
    ocr_module.tesseract_available.cache_clear()


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scan")
    _, path = text_pdf("Applicant: Oksana Petrova\nA-Number: A 213-778-905", folder / "text.pdf")
    return scan_pdf(path, folder / "scan.pdf", dpi=100)


def test_scan_without_tesseract_names_the_package(scanned, no_tesseract, tmp_path):
    assert not ocr_module.tesseract_available()
    with pytest.raises(InputError) as err:
        read_document(scanned)
    assert "tesseract-ocr" in str(err.value) and "page 1" in str(err.value)
    out = tmp_path / "out"
    _one_line_error(_cli("redact", scanned, "--out", out), "tesseract-ocr")
    _nothing_written(out)


def test_image_without_tesseract_names_the_package(no_tesseract, tmp_path):
    from PIL import Image

    path = tmp_path / "page.png"
    Image.new("L", (200, 100), 255).save(path)
    with pytest.raises(InputError, match="tesseract-ocr"):
        read_document(path)


def test_text_pdf_needs_no_tesseract(built, no_tesseract):
    _, _, path = built
    assert "Kineshma" in read_document(path).text


def test_tesseract_detection_comes_back_after_the_patch():
    ocr_module.tesseract_available.cache_clear()
    assert ocr_module.tesseract_available() == (shutil.which("tesseract") is not None)
