"""Verification of DOCX outputs (verify/docx.py): a masked string left anywhere a stranger could
read it — a header, docProps/core.xml, a comment's author, a run split in two, after a tab — is
caught; a correct output passes; kept names and formatting noise (fonts, styles) raise no alarm."""

import io
import zipfile

import pytest

from redactor.errors import InputError
from redactor.io import read_document
from redactor.model import Action, Decision, Finding, RedactionPlan
from redactor.render.docx import redact_docx
from redactor.verify.docx import docx_strings, verify_docx
from tests.docx_samples import paragraphs_docx, replace_in_part, saved, write

TEXT = ("Statement of Tariq Haddad\n"
        "The applicant Tariq Haddad testified before Immigration Judge Maria Ruiz.\n"
        "Haddad fled Aleppo in 2015.")
HEADER = "Confidential: Tariq Haddad"


def decision(start, end, replacement, entity_type="PERSON", action=Action.TAG):
    return Decision(Finding(start, end, entity_type, entity_type + "-1", None, 0.9, "test"), action,
                    None if action is Action.KEEP else replacement, "rule", "basis")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A source DOCX (body + header), its document and plan, and a correct redacted output."""
    folder = tmp_path_factory.mktemp("verify")
    document = paragraphs_docx(TEXT, author="Tariq Haddad", title="Haddad statement")
    document.sections[0].header.paragraphs[0].text = HEADER
    source = write(folder / "statement.docx", saved(document))
    doc = read_document(source)
    decisions = []
    for surface, replacement, etype in (("Tariq Haddad", "[PERSON-1]", "PERSON"),
                                        ("Haddad fled", None, "PERSON"),
                                        ("Aleppo", "[LOCATION-1]", "LOCATION")):
        start = 0
        while (start := doc.text.find(surface, start)) >= 0:
            end = start + (6 if surface == "Haddad fled" else len(surface))
            decisions.append(decision(start, end, replacement or "[PERSON-1]", etype))
            start = end
    judge = doc.text.index("Maria Ruiz")
    decisions.append(decision(judge, judge + 10, None, action=Action.KEEP))
    plan = RedactionPlan(doc.id, "t", "f" * 64, tuple(sorted(decisions, key=lambda d: d.finding.start)))
    output = redact_docx(doc, plan, source.read_bytes(), str(source))
    return folder, doc, plan, output


def leaks_in(made, data: bytes, name: str):
    folder, doc, plan, _ = made
    return verify_docx(write(folder / name, data), doc, plan)


def test_plan_masks_what_the_test_says(made):
    _, doc, plan, _ = made
    assert sorted({doc.text[d.finding.start:d.finding.end] for d in plan.masked}) == [
        "Aleppo", "Haddad", "Tariq Haddad"]


def test_correct_output_passes(made):
    assert leaks_in(made, made[3], "good.docx") == []


def test_kept_name_is_visible_and_no_alarm(made):
    strings = docx_strings(write(made[0] / "good2.docx", made[3]))
    assert "Immigration Judge Maria Ruiz" in strings
    assert "Confidential: [PERSON-1]" in strings


def test_name_left_in_a_header_is_caught(made):
    bad = replace_in_part(made[3], "word/header1.xml", "[PERSON-1]", "Tariq Haddad")
    leaks = leaks_in(made, bad, "header.docx")
    assert leaks and {leak.entity_type for leak in leaks} == {"PERSON"}


def test_name_left_in_core_properties_is_caught(made):
    core = zipfile.ZipFile(io.BytesIO(made[3])).read("docProps/core.xml").decode()
    assert "<dc:creator" not in core  # the renderer emptied it
    bad = replace_in_part(made[3], "docProps/core.xml", "/>",
                          '><dc:creator>Tariq Haddad</dc:creator></cp:coreProperties>')
    assert "PERSON" in {leak.entity_type for leak in leaks_in(made, bad, "core.docx")}


def test_name_left_as_a_comment_author_attribute_is_caught(made):
    bad = replace_in_part(made[3], "word/document.xml", "<w:body>",
                          '<w:body><w:p><w:ins w:id="9" w:author="HADDAD, Tariq"/></w:p>')
    assert leaks_in(made, bad, "author.docx")


@pytest.mark.parametrize("part, old, new", [
    ("word/document.xml", "<w:r>", '<w:r><w:rPr><w:rPrChange w:id="3" w:author="Tariq Haddad"/></w:rPr>'),
    ("word/styles.xml", "<w:docDefaults>",
     '<w:docDefaults><w:rPrDefault><w:rPr><w:rPrChange w:author="Tariq Haddad"/></w:rPr></w:rPrDefault>'),
])
def test_author_of_a_formatting_change_is_caught(made, part, old, new):
    assert leaks_in(made, replace_in_part(made[3], part, old, new), "format.docx")


def test_name_split_over_runs_is_caught(made):
    bad = replace_in_part(made[3], "word/document.xml", "Immigration Judge",
                          'Immigration Judge</w:t></w:r><w:r><w:t xml:space="preserve"> Tar</w:t>'
                          '</w:r><w:r><w:rPr><w:b/></w:rPr><w:t>iq HADDAD and')
    leaks = leaks_in(made, bad, "split.docx")
    assert leaks and leaks[0].count >= 1


def test_name_before_a_tab_is_caught(made):
    bad = replace_in_part(made[3], "word/document.xml", "[LOCATION-1]",
                          "Aleppo</w:t><w:tab/><w:t>x")
    assert "LOCATION" in {leak.entity_type for leak in leaks_in(made, bad, "tab.docx")}


def test_name_in_an_embedded_package_is_caught(made):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("word/document.xml", "<d><p><t>Tariq Haddad</t></p></d>")
    outer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(made[3])) as source, zipfile.ZipFile(outer, "w") as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
        archive.writestr("word/embeddings/Microsoft_Word_Document.docx", inner.getvalue())
    assert leaks_in(made, outer.getvalue(), "embedded.docx")


def test_font_and_style_names_raise_no_alarm(tmp_path):
    """A masked place called "Georgia" or a person called "Shruti" must not match font names."""
    text = "The applicant Shruti Normal lived in Georgia and Cambria."
    document = paragraphs_docx(text)
    document.styles["Normal"].font.name = "Georgia"
    source = write(tmp_path / "fonts.docx", saved(document))
    doc = read_document(source)
    spans = [(doc.text.index(w), doc.text.index(w) + len(w)) for w in ("Shruti Normal", "Georgia", "Cambria")]
    plan = RedactionPlan(doc.id, "t", "f" * 64, tuple(decision(s, e, "[X]") for s, e in spans))
    out = write(tmp_path / "out.docx", redact_docx(doc, plan, source.read_bytes()))
    assert "Georgia" in zipfile.ZipFile(out).read("word/styles.xml").decode()
    assert verify_docx(out, doc, plan) == []


def test_not_a_zip_is_refused(tmp_path):
    with pytest.raises(InputError, match="bad.docx"):
        docx_strings(write(tmp_path / "bad.docx", b"not a zip at all"))


def test_leaked_email_in_a_link_target_is_caught(tmp_path):
    text = "Write to tariq.haddad@example.com today."
    source = write(tmp_path / "mail.docx", saved(paragraphs_docx(text)))
    doc = read_document(source)
    start = doc.text.index("tariq")
    plan = RedactionPlan(doc.id, "t", "f" * 64, (decision(start, start + 24, "[EMAIL-1]", "EMAIL"),))
    out = redact_docx(doc, plan, source.read_bytes())
    bad = replace_in_part(out, "word/document.xml", "[EMAIL-1]", "tariq.haddad@example.com")
    assert verify_docx(write(tmp_path / "bad.docx", bad), doc, plan)
