"""`redactor verify` and redactor.verify.verify_output on PDFs: the classic failed redaction (a black
box drawn over text that is still there) is caught both by x-ray and by the text check; a name put
back anywhere a stranger can read it (metadata, XMP, annotation, outline, embedded file, form field)
is caught; a real redactor output passes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import fitz
import pytest
from typer.testing import CliRunner

from redactor.cli import app
from redactor.gold import GoldDocument, load_gold
from redactor.verify import verify_output
from redactor.verify.pdf import xray_bad_redactions
from tests.docbuild import XMP_TEMPLATE, bad_black_box_pdf, pdftotext, text_pdf

SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "i589_declaration_karimi.gold.json"
NAME = "Ahmad Shah Karimi"


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    """The Karimi declaration as a PDF, its real redaction (log with span texts) and the same page
    'redacted' by drawing black boxes over the names only."""
    folder = tmp_path_factory.mktemp("verify")
    full = load_gold(SAMPLE)
    cut = full.text.index("\n\n6. ")  # paragraphs 1-5: one page (x-ray takes ~1 s a page)
    gold = GoldDocument(full.doc, full.text[:cut], tuple(s for s in full.spans if s.end <= cut))
    original = folder / "Karimi_I-589.pdf"
    text_pdf(gold.text, original)
    out = folder / "out"
    result = CliRunner().invoke(app, ["redact", str(original), "--out", str(out), "--include-text"])
    assert result.exit_code == 0, result.output
    [redacted] = out.glob("*.redacted.pdf")
    [log] = out.glob("*.log.json")
    names = sorted({s.text for s in gold.spans if s.action == "mask" and s.type == "PERSON"}, key=len,
                   reverse=True)
    _, bad = bad_black_box_pdf(gold.text, names, folder / "black_boxes.pdf", author=NAME)
    return {"gold": gold, "original": original, "redacted": redacted, "log": log, "bad": bad,
            "folder": folder}


def _verify(*args):
    return CliRunner().invoke(app, ["verify", *map(str, args)])


def _spans(log: Path):
    spans = [s for s in json.loads(log.read_text("utf-8"))["spans"] if s["action"] != "keep"]
    return ([(s["start"], s["end"], s["entity_type"]) for s in spans],
            [s.get("replacement") or "" for s in spans])


def test_the_bad_pdf_is_what_it_claims(case):
    """The builder's black-box PDF looks redacted, but its names are still copyable."""
    with fitz.open(case["bad"]) as pdf:
        assert pdf.metadata["author"] == NAME
        drawings = [d for page in pdf for d in page.get_drawings() if d.get("fill") == (0.0, 0.0, 0.0)]
        assert len(drawings) >= 5
    assert NAME in pdftotext(case["bad"]).replace("\n", " ")


def test_real_output_passes(case):
    result = _verify(case["redacted"], "--log", case["log"], "--original", case["original"])
    assert result.exit_code == 0, result.output
    assert "verified" in result.stdout
    assert xray_bad_redactions(case["redacted"]) == 0


def test_real_output_passes_with_the_log_alone(case):
    result = _verify(case["redacted"], "--log", case["log"])
    assert result.exit_code == 0, result.output


def test_black_boxes_over_live_text_are_caught(case):
    result = _verify(case["bad"], "--log", case["log"], "--original", case["original"])
    assert result.exit_code == 1, result.output
    assert "x-ray" in result.stderr
    assert "(PERSON)" in result.stderr and "verification failed:" in result.stderr
    assert "Karimi" not in result.stderr and "Ahmad" not in result.stderr  # by location, not text


def test_black_boxes_are_caught_by_x_ray_and_by_the_text(case):
    assert xray_bad_redactions(case["bad"]) >= 5
    text = case["gold"].text
    masked, replacements = _spans(case["log"])
    leaks = verify_output(case["bad"], text, masked, replacements)
    kinds = {leak.entity_type for leak in leaks}
    assert "X-RAY" in kinds and "PERSON" in kinds and "A_NUMBER" in kinds


def _tampered(case, name: str, change) -> Path:
    path = case["folder"] / f"tampered_{name}.pdf"
    with fitz.open(case["redacted"]) as pdf:
        change(pdf)
        pdf.save(path, garbage=3)  # a new file: no incremental revision holds the original
    return path


def _set_metadata(pdf):
    pdf.set_metadata({"author": NAME, "title": "Declaration"})


def _set_xmp(pdf):
    pdf.set_xml_metadata(XMP_TEMPLATE.format(name=NAME))


def _add_note(pdf):
    pdf[0].add_text_annot((500, 780), f"check spelling: {NAME}")


def _add_outline(pdf):
    pdf.set_toc([[1, f"Declaration of {NAME}", 1]])


def _add_attachment(pdf):
    pdf.embfile_add("notes.txt", f"interview notes, {NAME}".encode())


def _add_field(pdf):
    field = fitz.Widget()
    field.field_name, field.field_type = "name", fitz.PDF_WIDGET_TYPE_TEXT
    field.field_value, field.rect = NAME, fitz.Rect(56, 790, 300, 806)
    pdf[0].add_widget(field)


def _add_orphan_field(pdf):
    """A field in /AcroForm that is no longer a widget of any page (what a careless redaction
    tool leaves: the value is still in the file)."""
    _add_field(pdf)
    page = pdf[0]
    page.delete_widget(page.first_widget)
    xref = pdf.get_new_xref()
    pdf.update_object(xref, f"<< /FT /Tx /T (name) /V ({NAME}) >>")
    pdf.xref_set_key(pdf.pdf_catalog(), "AcroForm", f"<< /Fields [{xref} 0 R] >>")


def _add_page_label(pdf):
    pdf.set_page_labels([{"startpage": 0, "prefix": f"{NAME}-", "style": "D", "firstpagenum": 1}])


def _add_javascript(pdf):
    xref = pdf.get_new_xref()
    pdf.update_object(xref, f'<< /S /JavaScript /JS (app.alert\\("{NAME}"\\);) >>')
    pdf.xref_set_key(pdf.pdf_catalog(), "OpenAction", f"{xref} 0 R")


@pytest.mark.parametrize("change", [
    _set_metadata, _set_xmp, _add_note, _add_outline, _add_attachment, _add_field,
    _add_orphan_field, _add_page_label, _add_javascript,
], ids=lambda f: f.__name__.strip("_"))
def test_name_put_back_besides_the_pages_is_caught(case, change):
    path = _tampered(case, change.__name__.strip("_"), change)
    result = _verify(path, "--log", case["log"], "--original", case["original"])
    assert result.exit_code == 1, result.output
    assert "(PERSON)" in result.stderr and "verification failed:" in result.stderr


def test_verify_of_an_unreadable_log_is_one_line(case, tmp_path):
    bad_log = tmp_path / "x.log.json"
    bad_log.write_text("{not json", encoding="utf-8")
    result = _verify(case["redacted"], "--log", bad_log)
    assert result.exit_code == 1
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1


def test_verify_does_not_change_the_file(case, tmp_path):
    copy = tmp_path / "copy.pdf"
    shutil.copy(case["bad"], copy)
    before = copy.read_bytes()
    _verify(copy, "--log", case["log"], "--original", case["original"])
    assert copy.read_bytes() == before
