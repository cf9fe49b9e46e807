"""Build DOCX files at test time with python-docx (plus lxml for what python-docx has no API for:
tracked changes, text boxes, hyperlinks, fields, smart tags, footnotes, custom properties,
thumbnails), and read them back with extractors that share no code with redactor.io.docx."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
VML_NS = "urn:schemas-microsoft-com:vml"
_revision = iter(range(100, 10_000))


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _run(text: str, deleted: bool = False, bold: bool = False):
    run = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        run.append(rpr)
    node = OxmlElement("w:delText" if deleted else "w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    return run


def add_tracked(paragraph, text: str, kind: str, author: str = "Olga Reviewer"):
    """Append a tracked insertion (`kind="ins"`) or deletion (`"del"`) of `text` to `paragraph`."""
    change = OxmlElement(f"w:{kind}")
    change.set(qn("w:id"), str(next(_revision)))
    change.set(qn("w:author"), author)
    change.set(qn("w:date"), "2024-05-08T10:00:00Z")
    change.append(_run(text, deleted=kind == "del"))
    paragraph._p.append(change)
    return change


def add_text_box(paragraph, text: str):
    """A VML text box (what python-docx cannot make) anchored in `paragraph`."""
    run = OxmlElement("w:r")
    pict = OxmlElement("w:pict")
    shape = etree.SubElement(pict, f"{{{VML_NS}}}shape", style="width:200pt;height:40pt")
    box = etree.SubElement(shape, f"{{{VML_NS}}}textbox")
    content = etree.SubElement(box, qn("w:txbxContent"))
    inner = etree.SubElement(content, qn("w:p"))
    inner.append(_run(text))
    run.append(pict)
    paragraph._p.append(run)


def add_hyperlink(paragraph, text: str, url: str):
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.append(_run(text))
    paragraph._p.append(link)


def add_field(paragraph, instruction: str, result: str):
    """A complex field: { instruction } showing `result`."""
    def fld_char(kind):
        run = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
        return run

    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.text = instruction
    instr.set(qn("xml:space"), "preserve")
    instr_run.append(instr)
    for element in (fld_char("begin"), instr_run, fld_char("separate"), _run(result), fld_char("end")):
        paragraph._p.append(element)


def add_smart_tag(paragraph, text: str):
    tag = OxmlElement("w:smartTag")
    tag.set(qn("w:uri"), "urn:schemas-microsoft-com:office:smarttags")
    tag.set(qn("w:element"), "PersonName")
    tag.append(_run(text))
    paragraph._p.append(tag)


def zip_edit(data: bytes, replace: dict[str, bytes], add: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, payload in add.items():
            out.writestr(name, payload)
    return buffer.getvalue()


def _xml_insert(xml: bytes, before: bytes, insert: bytes) -> bytes:
    assert before in xml
    return xml.replace(before, insert + before, 1)


def with_footnote(data: bytes, text: str) -> bytes:
    """Add word/footnotes.xml holding `text` and a reference to it at the end of the body."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 f'<w:footnotes xmlns:w="{W_NS}">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{html.escape(text)}</w:t>'
                 '</w:r></w:p></w:footnote></w:footnotes>').encode()
    rels = _xml_insert(archive.read("word/_rels/document.xml.rels"), b"</Relationships>",
                       b'<Relationship Id="rIdFoot1" Type="http://schemas.openxmlformats.org/'
                       b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>')
    types = _xml_insert(archive.read("[Content_Types].xml"), b"</Types>",
                        b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                        b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>')
    body = _xml_insert(archive.read("word/document.xml"), b"<w:sectPr",
                       b'<w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p>')
    return zip_edit(data, {"word/_rels/document.xml.rels": rels, "[Content_Types].xml": types,
                            "word/document.xml": body}, {"word/footnotes.xml": footnotes})


def with_custom_property(data: bytes, name: str, value: str) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(data))
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
              '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
              f'name="{html.escape(name)}"><vt:lpwstr>{html.escape(value)}</vt:lpwstr></property>'
              '</Properties>').encode()
    rels = _xml_insert(archive.read("_rels/.rels"), b"</Relationships>",
                       b'<Relationship Id="rIdCustom1" Type="http://schemas.openxmlformats.org/'
                       b'officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>')
    types = _xml_insert(archive.read("[Content_Types].xml"), b"</Types>",
                        b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                        b'vnd.openxmlformats-officedocument.custom-properties+xml"/>')
    return zip_edit(data, {"_rels/.rels": rels, "[Content_Types].xml": types},
                     {"docProps/custom.xml": custom})


def replace_in_part(data: bytes, part: str, old: str, new: str) -> bytes:
    """Tamper with one part of a package (to make a bad output on purpose)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    xml = archive.read(part).decode("utf-8")
    assert old in xml, f"{old!r} not in {part}"
    return zip_edit(data, {part: xml.replace(old, new).encode("utf-8")}, {})


def paragraphs_docx(text: str, **core) -> docx.Document:
    """A document with one paragraph per line of `text`."""
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    for key, value in core.items():
        setattr(document.core_properties, key, value)
    return document


def rich_docx() -> bytes:
    """One of everything a reader must not miss; every name in it is fictional."""
    document = docx.Document()
    first = document.add_paragraph("The applicant ")
    first.add_run("Tariq").bold = True
    first.add_run(" Haddad testified.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Name", "Leila Haddad"
    table.cell(1, 0).text = "A-Number"
    table.cell(1, 1).text = "A-204-118-902"
    table.cell(1, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Nested Omar Haddad"
    links = document.add_paragraph("Write to ")
    add_hyperlink(links, "tariq.haddad@example.com", "mailto:tariq.haddad@example.com")
    add_smart_tag(links, " Samir Khoury")
    fields = document.add_paragraph("Merged: ")
    add_field(fields, ' MERGEFIELD ApplicantName ', "Rami Georges")
    boxed = document.add_paragraph("See box.")
    add_text_box(boxed, "Box: Nadia Saleh")
    tracked = document.add_paragraph("Born in ")
    add_tracked(tracked, "Aleppo", "del")
    add_tracked(tracked, "Homs", "ins")
    document.add_paragraph("Immigration Judge Maria Ruiz presided.")
    core = document.core_properties
    core.author, core.last_modified_by = "Tariq Haddad", "Leila Haddad"
    core.title, core.subject = "Declaration of Tariq Haddad", "Asylum claim of Tariq Haddad"
    core.keywords, core.comments = "Haddad; A-204-118-902", "Draft for Tariq Haddad"
    core.category, core.identifier = "Haddad family", "A-204-118-902"
    document.add_comment(first.runs[1], text="Check Yusuf Darwish", author="Olga Reviewer",
                         initials="OR")
    section = document.sections[0]
    section.different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = True
    section.header.paragraphs[0].text = "Header: Haddad file"
    section.first_page_header.paragraphs[0].text = "First page: Karim Haddad"
    section.even_page_header.paragraphs[0].text = "Even page: Haddad"
    section.footer.paragraphs[0].text = "Footer A-204-118-902"
    section.first_page_footer.paragraphs[0].text = "First footer: Mona Haddad"
    section.even_page_footer.paragraphs[0].text = "Even footer"
    data = with_footnote(saved(document), "Footnote: Hana Haddad, sister")
    return with_custom_property(data, "Client", "Tariq Haddad")


# --- independent extractors -----------------------------------------------------------------------

def _table_text(table) -> list[str]:
    lines = []
    for row in table.rows:
        for cell in row.cells:
            lines += [p.text for p in cell.paragraphs]
            for inner in cell.tables:
                lines += _table_text(inner)
    return lines


def python_docx_text(path: Path) -> str:
    """What python-docx shows: body paragraphs, tables (nested), every header and footer, comments."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += _table_text(table)
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header, section.even_page_footer):
            if not part.is_linked_to_previous:
                lines += [p.text for p in part.paragraphs]
                for table in part.tables:
                    lines += _table_text(table)
    for comment in document.comments:
        lines += [p.text for p in comment.paragraphs]
    return "\n".join(lines)


def raw_xml_text(path: Path) -> str:
    """Every XML part of the zip with the tags stripped (runs of a paragraph join up) and entities
    decoded, plus the raw XML itself (attribute values): a crude but independent extractor."""
    chunks = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                xml = archive.read(name).decode("utf-8", errors="replace")
                chunks += [html.unescape(re.sub(r"<[^>]+>", "", xml)), html.unescape(xml)]
    return "\n".join(chunks)
