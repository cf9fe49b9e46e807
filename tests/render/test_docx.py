"""True DOCX redaction (render/docx.py): masked strings are gone from the body, tables, text boxes,
headers, footers, footnotes, comments, tracked deletions, links and metadata, as independent
extractors (python-docx, the raw XML of the zip) see them; kept names and run formatting stay; the
original file is untouched; the output's text is the text rendering of the same plan."""

import hashlib
import io
import re
import zipfile

import docx
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from redactor.errors import RedactorError
from redactor.io import read_document
from redactor.model import Action, Decision, Finding, RedactionPlan
from redactor.render.docx import render_docx
from redactor.render.text import render_text
from redactor.verify.docx import verify_docx
from tests.docx_samples import (add_tracked, paragraphs_docx, python_docx_text, raw_xml_text,
                                replace_in_part, rich_docx, saved, write, zip_edit)

MASKS = {  # surface → replacement; longest first wins where they overlap
    "tariq.haddad@example.com": "[EMAIL-1]", "Tariq Haddad": "[PERSON-1]", "Leila Haddad": "[PERSON-2]",
    "Omar Haddad": "[PERSON-3]", "Karim Haddad": "[PERSON-4]", "Mona Haddad": "[PERSON-5]",
    "Hana Haddad": "[PERSON-6]", "Haddad": "[PERSON-1]", "Samir Khoury": "[PERSON-7]",
    "Rami Georges": "[PERSON-8]", "Nadia Saleh": "[PERSON-9]", "Yusuf Darwish": "[PERSON-10]",
    "Aleppo": "[LOCATION-1]", "A-204-118-902": "[A_NUMBER-1]",
}
KEPT = ["Maria Ruiz", "Homs", "Olga"]


def decision(start, end, replacement, action=Action.TAG, entity_type="PERSON"):
    finding = Finding(start, end, entity_type, f"{entity_type}-{start}", None, 0.9, "test")
    return Decision(finding, action, None if action is Action.KEEP else replacement, "rule", "basis")


def plan_for(doc, masks: dict[str, str], kept=()) -> RedactionPlan:
    taken: list[tuple[int, int]] = []
    decisions = []
    for surface in sorted([*masks, *kept], key=len, reverse=True):
        for match in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", doc.text):
            span = match.span()
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.append(span)
            action = Action.KEEP if surface in kept else Action.TAG
            decisions.append(decision(*span, masks.get(surface), action))
    decisions.sort(key=lambda d: d.finding.start)
    return RedactionPlan(doc.id, "test", "f" * 64, tuple(decisions))


@pytest.fixture(scope="module")
def redacted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("render")
    source = write(folder / "declaration.docx", rich_docx())
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    doc = read_document(source)
    plan = plan_for(doc, MASKS, KEPT)
    out = folder / "out" / "redacted.docx"
    render_docx(doc, plan, source, out)
    return source, before, doc, plan, out


def test_original_file_is_unchanged(redacted):
    source, before, *_ = redacted
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_output_is_written_atomically(redacted):
    out = redacted[4]
    assert out.exists() and [p.name for p in out.parent.iterdir()] == ["redacted.docx"]
    assert zipfile.ZipFile(out).testzip() is None


@pytest.mark.parametrize("surface", sorted(MASKS))
def test_masked_strings_are_gone_for_python_docx(redacted, surface):
    assert surface.casefold() not in python_docx_text(redacted[4]).casefold()


@pytest.mark.parametrize("surface", sorted(MASKS))
def test_masked_strings_are_gone_from_the_raw_xml(redacted, surface):
    assert surface.casefold() not in raw_xml_text(redacted[4]).casefold()


def test_nothing_of_the_name_is_left_anywhere(redacted):
    with zipfile.ZipFile(redacted[4]) as archive:
        for name in archive.namelist():
            assert b"haddad" not in archive.read(name).lower(), name


def test_kept_names_and_replacements_stay(redacted):
    shown = python_docx_text(redacted[4])
    assert "Immigration Judge Maria Ruiz presided." in shown
    assert "The applicant [PERSON-1] testified." in shown
    for where in ("Name", "[PERSON-2]", "[A_NUMBER-1]", "Nested [PERSON-3]",  # table, nested table
                  "Header: [PERSON-1] file", "First page: [PERSON-4]", "Even page: [PERSON-1]",
                  "Footer [A_NUMBER-1]", "First footer: [PERSON-5]", "Check [PERSON-10]"):
        assert where in shown


def test_text_boxes_footnotes_links_and_fields_are_redacted(redacted):
    doc = read_document(redacted[4])
    for expected in ("Box: [PERSON-9]", "Footnote: [PERSON-6], sister", "Write to [EMAIL-1] [PERSON-7]",
                     "MERGEFIELD ApplicantName [PERSON-8]"):
        assert expected in doc.text
    rels = zipfile.ZipFile(redacted[4]).read("word/_rels/document.xml.rels").decode()
    assert "mailto:%5BEMAIL-1%5D" in rels


def test_bold_run_keeps_its_formatting(redacted):
    paragraph = docx.Document(str(redacted[4])).paragraphs[0]
    # (the empty run between them is the comment's reference mark)
    assert [(r.text, bool(r.bold)) for r in paragraph.runs if r.text] == [
        ("The applicant ", False), ("[PERSON-1]", True), (" testified.", False)]


def test_tracked_changes_are_accepted(redacted):
    xml = zipfile.ZipFile(redacted[4]).read("word/document.xml").decode()
    for tag in ("<w:del ", "<w:ins ", "<w:delText", "w:author"):
        assert tag not in xml
    assert "Born in Homs" in read_document(redacted[4]).text


def test_comment_authors_and_initials_are_removed(redacted):
    xml = zipfile.ZipFile(redacted[4]).read("word/comments.xml").decode()
    assert "Olga" not in xml and "w:initials" not in xml and "w:date" not in xml
    assert [c.author for c in docx.Document(str(redacted[4])).comments] == [""]


def test_properties_are_cleaned(redacted):
    out = redacted[4]
    core = docx.Document(str(out)).core_properties
    for field in ("author", "last_modified_by", "title", "subject", "keywords", "comments",
                  "category", "identifier", "content_status", "language", "version"):
        assert getattr(core, field) == "", field
    names = zipfile.ZipFile(out).namelist()
    assert "docProps/custom.xml" not in names and "docProps/thumbnail.jpeg" not in names
    app = zipfile.ZipFile(out).read("docProps/app.xml").decode()
    assert "<Company" not in app and "<Manager" not in app and "<TitlesOfParts" not in app
    content_types = zipfile.ZipFile(out).read("[Content_Types].xml").decode()
    assert "custom.xml" not in content_types
    settings_xml = zipfile.ZipFile(out).read("word/settings.xml").decode()
    assert "w:rsid" not in settings_xml


def test_the_source_package_had_all_that(redacted):
    """The fixture really carried what the tests above say is gone."""
    source = redacted[0]
    names = zipfile.ZipFile(source).namelist()
    assert "docProps/custom.xml" in names and "docProps/thumbnail.jpeg" in names
    assert docx.Document(str(source)).core_properties.author == "Tariq Haddad"
    assert "Olga" in zipfile.ZipFile(source).read("word/comments.xml").decode()
    assert "<w:delText" in zipfile.ZipFile(source).read("word/document.xml").decode()


def test_output_passes_verification(redacted):
    _, _, doc, plan, out = redacted
    assert verify_docx(out, doc, plan) == []


def test_output_opens_in_python_docx_and_reads_again(redacted):
    doc = read_document(redacted[4])
    assert "Haddad" not in doc.text and "Maria Ruiz" in doc.text


def test_stale_document_is_refused(tmp_path):
    first = write(tmp_path / "a.docx", saved(paragraphs_docx("Tariq Haddad testified.")))
    second = write(tmp_path / "b.docx", saved(paragraphs_docx("Leila Haddad testified.")))
    doc = read_document(first)
    with pytest.raises(RedactorError, match="not the file the plan was made for"):
        render_docx(doc, plan_for(doc, {"Tariq Haddad": "[P]"}), second, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_span_over_runs_and_a_tab(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Name:\tTa")
    paragraph.add_run("riq\tHad").italic = True
    paragraph.add_run("dad, born 1990")
    source = write(tmp_path / "form.docx", saved(document))
    doc = read_document(source)
    assert doc.text == "Name:\tTariq\tHaddad, born 1990"
    plan = plan_for(doc, {"Tariq\tHaddad": "[PERSON-1]"})
    render_docx(doc, plan, source, tmp_path / "out.docx")
    runs = docx.Document(str(tmp_path / "out.docx")).paragraphs[0].runs
    assert [r.text for r in runs] == ["Name:\t[PERSON-1]", "", ", born 1990"]
    assert read_document(tmp_path / "out.docx").text == render_text(doc.text, plan)


def test_span_over_a_paragraph_break_puts_the_replacement_first(tmp_path):
    source = write(tmp_path / "two.docx", saved(paragraphs_docx("Applicant Tariq\nHaddad testified.")))
    doc = read_document(source)
    start = doc.text.index("Tariq")
    plan = RedactionPlan(doc.id, "t", "f" * 64, (decision(start, start + 12, "[PERSON-1]"),))
    render_docx(doc, plan, source, tmp_path / "out.docx")
    assert read_document(tmp_path / "out.docx").text == "Applicant [PERSON-1]\n testified."


def test_replacement_goes_to_surviving_text_when_the_span_starts_in_deleted_text(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Signed: ")
    add_tracked(paragraph, "Tariq ", "del")
    paragraph.add_run("Haddad")
    source = write(tmp_path / "signed.docx", saved(document))
    doc = read_document(source)
    assert doc.text == "Signed: Tariq Haddad"
    plan = plan_for(doc, {"Tariq Haddad": "[PERSON-1]"})
    render_docx(doc, plan, source, tmp_path / "out.docx")
    assert read_document(tmp_path / "out.docx").text == "Signed: [PERSON-1]"


def test_picture_alt_text_is_scrubbed(tmp_path):
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(picture, format="PNG")
    document = docx.Document()
    document.add_paragraph("Applicant: Tariq Haddad")
    document.add_picture(io.BytesIO(picture.getvalue()))
    doc_pr = document.inline_shapes[0]._inline.docPr
    doc_pr.set("descr", "Passport photo of Tariq Haddad")
    doc_pr.set("title", "TARIQ_HADDAD passport")
    source = write(tmp_path / "photo.docx", saved(document))
    doc = read_document(source)
    plan = plan_for(doc, {"Tariq Haddad": "[PERSON-1]"})
    out = tmp_path / "out.docx"
    render_docx(doc, plan, source, out)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "Haddad" not in xml and "HADDAD" not in xml
    assert 'descr="Passport photo of [PERSON-1]"' in xml and 'title="[PERSON-1] passport"' in xml
    assert verify_docx(out, doc, plan) == []


# --- the same decisions as the text output --------------------------------------------------------

runs_text = st.text(alphabet=st.sampled_from(list("abcXYZ é-.,'Ж\t")), min_size=1, max_size=8)


@settings(max_examples=100)
@given(paragraphs=st.lists(st.lists(runs_text, min_size=1, max_size=4), min_size=1, max_size=4),
       data=st.data())
def test_output_text_is_the_text_rendering(tmp_path_factory, paragraphs, data):
    assume("".join(map("".join, paragraphs)).strip())  # a blank document is refused on reading
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for value in runs:
            paragraph.add_run(value).bold = data.draw(st.booleans())
    folder = tmp_path_factory.mktemp("h")
    source = write(folder / "in.docx", saved(document))
    doc = read_document(source)
    # decisions inside paragraphs (a paragraph break is structure, not text a decision can remove)
    lines, offset, decisions = doc.text.split("\n"), 0, []
    for line in lines:
        cuts = sorted(set(data.draw(st.lists(st.integers(0, len(line)), max_size=6))))
        for start, end in zip(cuts, cuts[1:]):
            if data.draw(st.booleans()):
                masked = data.draw(st.booleans())
                replacement = data.draw(st.text(alphabet="[]PERSON-1█ ", max_size=6))
                decisions.append(decision(offset + start, offset + end, replacement,
                                          Action.TAG if masked else Action.KEEP))
        offset += len(line) + 1
    plan = RedactionPlan(doc.id, "t", "f" * 64, tuple(decisions))
    out = folder / "out.docx"
    render_docx(doc, plan, source, out)
    expected = render_text(doc.text, plan)
    if not expected.strip():
        return  # everything masked away: the output holds no text a reader would accept
    # a paragraph masked down to nothing holds no piece, so it leaves no line break either
    assert read_document(out).text == "\n".join(line for line in expected.split("\n") if line)


# --- end to end through the real detector and a shipped policy -------------------------------------

def letter_docx(repo_root) -> bytes:
    """attorney_letter_haddad.txt laid out as a Word letter: letterhead in the header, the "Re:"
    block in a table, the rest as paragraphs, a comment, a footer and a tracked deletion."""
    text = (repo_root / "sample_docs" / "attorney_letter_haddad.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = lines[0]
    section.header.add_paragraph(lines[1])
    section.footer.paragraphs[0].text = "Re: Rami Georges HADDAD, A 204 118 902"
    table = document.add_table(rows=0, cols=2)
    for line in lines[2:]:
        label, _, value = line.strip().partition("  " if line.startswith("Re:") else ". ")
        if line.strip().startswith(("Re:", "Alien No.", "Receipt No.")):
            row = table.add_row()
            row.cells[0].text, row.cells[1].text = label, value.strip()
        else:
            document.add_paragraph(line)
    document.add_comment(document.paragraphs[3].runs, text="Call Mr. Haddad about the interview",
                         author="Olga Reviewer", initials="OR")
    tracked = document.add_paragraph("Prepared for ")
    add_tracked(tracked, "Rami Georges HADDAD", "del")
    add_tracked(tracked, "the client", "ins")
    return saved(document)


@pytest.fixture(scope="module")
def letter(tmp_path_factory, repo_root, find, shipped_policies):
    from redactor.policy import apply_policy

    folder = tmp_path_factory.mktemp("letter")
    source = write(folder / "letter.docx", letter_docx(repo_root))
    doc = read_document(source)
    plan = apply_policy(doc, find(doc.text).findings, shipped_policies["asylum-confidential"])
    out = folder / "letter.redacted.docx"
    render_docx(doc, plan, source, out)
    return doc, plan, out


def test_pipeline_output_passes_verification(letter):
    doc, plan, out = letter
    assert plan.masked and verify_docx(out, doc, plan) == []


def test_pipeline_output_reads_as_the_text_rendering(letter):
    doc, plan, out = letter
    expected = render_text(doc.text, plan).split("\n")
    got = read_document(out).text.split("\n")
    tracked = [i for i, line in enumerate(expected) if line.startswith("Prepared for ")]
    assert len(tracked) == 1 and got[tracked[0]] == "Prepared for the client"  # deletion accepted
    del expected[tracked[0]], got[tracked[0]]
    assert got == expected


def test_pipeline_masked_strings_are_gone_for_independent_extractors(letter):
    doc, plan, out = letter
    visible = render_text(doc.text, plan).casefold()
    shown = python_docx_text(out).casefold()
    raw = raw_xml_text(out).casefold()
    surfaces = {doc.text[d.finding.start:d.finding.end] for d in plan.masked}
    checked = [s for s in surfaces if len(s) >= 4 and s.casefold() not in visible]
    assert {"Rami Georges HADDAD", "204 118 902", "EAC2190012345"} <= set(checked)
    for surface in checked:
        assert surface.casefold() not in shown, surface
        assert surface.casefold() not in raw, surface
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            assert b"haddad" not in archive.read(name).lower(), name


def test_pipeline_keeps_public_names_and_redacts_every_part(letter):
    shown = python_docx_text(letter[2])
    for kept in ("Supervisory Asylum Officer Marcus Ellery", "Sarah K. Whitfield",
                 "IMMIGRANT JUSTICE CLINIC"):  # body, signature, header
        assert kept in shown
    assert "Call Mr. [PERSON-1] about the interview" in shown  # comment
    assert "Re: [PERSON-1], " in shown  # footer


# --- what Word files carry beside their text ------------------------------------------------------

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def test_both_copies_of_a_modern_text_box_are_redacted(tmp_path):
    """Word stores a text box twice: DrawingML (mc:Choice) and a VML fallback (mc:Fallback)."""
    box = ("<w:txbxContent><w:p><w:r><w:t>Box: Tariq Haddad</w:t></w:r></w:p></w:txbxContent>")
    run = (f'<w:r xmlns:mc="{MC}" xmlns:wps="{WPS}" xmlns:v="urn:schemas-microsoft-com:vml">'
           f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{box}'
           f'</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
           f'{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    data = saved(paragraphs_docx("Statement."))
    data = replace_in_part(data, "word/document.xml", "Statement.</w:t></w:r>",
                           "Statement.</w:t></w:r>" + run)
    source = write(tmp_path / "box.docx", data)
    doc = read_document(source)
    assert doc.text.count("Box: Tariq Haddad") == 2
    plan = plan_for(doc, {"Tariq Haddad": "[PERSON-1]"})
    render_docx(doc, plan, source, tmp_path / "out.docx")
    xml = zipfile.ZipFile(tmp_path / "out.docx").read("word/document.xml").decode()
    assert "Haddad" not in xml and xml.count("Box: [PERSON-1]") == 2


def test_settings_people_and_formatting_changes_are_cleaned(tmp_path):
    data = saved(paragraphs_docx("Tariq Haddad testified."))
    data = replace_in_part(data, "word/settings.xml", "</w:settings>",
                           '<w:attachedTemplate r:id="rIdTpl"/><w:trackRevisions/><w:docVars>'
                           '<w:docVar w:name="client" w:val="Tariq Haddad"/></w:docVars></w:settings>')
    data = replace_in_part(data, "word/document.xml", "<w:r>",
                           '<w:r><w:rPr><w:b/><w:rPrChange w:id="7" w:author="Leila Haddad" '
                           'w:date="2024-05-08T10:00:00Z"><w:rPr/></w:rPrChange></w:rPr>')
    normal = '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
    data = replace_in_part(data, "word/styles.xml", normal, normal + '<w:pPr><w:pPrChange w:id="8" '
                           'w:author="Leila Haddad"><w:pPr/></w:pPrChange></w:pPr>')
    settings_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
                     '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
                     'Id="rIdTpl" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/attachedTemplate" Target="file:///C:/Users/thaddad/Templates/'
                     'Tariq%20Haddad.dotm" TargetMode="External"/></Relationships>')
    people = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:people xmlns:w15="{W15}">'
              '<w15:person w15:author="Leila Haddad"><w15:presenceInfo w15:providerId="AD" '
              'w15:userId="S::leila.haddad@example.org::1"/></w15:person></w15:people>')
    data = zip_edit(data, {}, {"word/_rels/settings.xml.rels": settings_rels.encode(),
                               "word/people.xml": people.encode()})
    source = write(tmp_path / "settings.docx", data)
    doc = read_document(source)
    plan = plan_for(doc, {"Tariq Haddad": "[PERSON-1]"})
    out = tmp_path / "out.docx"
    render_docx(doc, plan, source, out)
    archive = zipfile.ZipFile(out)
    settings_xml = archive.read("word/settings.xml").decode()
    for gone in ("attachedTemplate", "trackRevisions", "docVar", "rsid"):
        assert gone not in settings_xml
    assert "thaddad" not in archive.read("word/_rels/settings.xml.rels").decode()
    for part in ("word/document.xml", "word/styles.xml", "word/people.xml"):
        xml = archive.read(part).decode()
        assert "Haddad" not in xml and "PrChange" not in xml and "presenceInfo" not in xml, part
    assert [(r.text, bool(r.bold)) for r in docx.Document(str(out)).paragraphs[0].runs] == [
        ("[PERSON-1] testified.", True)]  # the changed formatting is accepted, not undone
    assert verify_docx(out, doc, plan) == []
