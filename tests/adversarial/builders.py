"""Adversarial input files, built at test time with PyMuPDF, python-docx and Pillow: each holds the
fictional applicant Natalia Petrova and her A-number A075836651, once in a plain, well-detected
sentence and again in the place under test (a hidden layer, a name object, a picture, EXIF, an
XML comment, a text variant, …), written the way an attacker or a careless clerk would.

Every builder takes a folder and returns the path of the file it wrote."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import fitz

NAME, GIVEN, SURNAME = "Natalia Petrova", "Natalia", "Petrova"
A_NUMBER, DIGITS = "A075836651", "075836651"
PLAIN = f"Applicant: {NAME}, A-number {A_NUMBER}."
BODY = ("UNITED STATES DEPARTMENT OF JUSTICE\nEXECUTIVE OFFICE FOR IMMIGRATION REVIEW\n\n"
        f"{PLAIN}\nThe applicant {NAME} testified at the hearing.\n")


# --- small helpers -----------------------------------------------------------------------------------

def text_page(doc, text: str = BODY, fontname: str = "tiro", top: float = 72):
    page = doc.new_page(width=595, height=842)
    page.insert_textbox(fitz.Rect(56, top, 540, 800), text, fontsize=11, fontname=fontname)
    return page


def rendered_text_png(text: str, fontsize: float = 20, dpi: int = 150, width: float = 460,
                      height: float = 120) -> bytes:
    """A picture of `text` (as a scanner or a phone camera would give it)."""
    doc = fitz.open()
    page = doc.new_page(width=width, height=height)
    page.insert_textbox(fitz.Rect(10, 10, width - 10, height - 10), text, fontsize=fontsize,
                        fontname="helv")
    png = page.get_pixmap(dpi=dpi, colorspace=fitz.csGRAY).tobytes("png")
    doc.close()
    return png


def scanned_page_png(text: str = BODY, dpi: int = 200) -> bytes:
    doc = fitz.open()
    text_page(doc, text)
    png = doc[0].get_pixmap(dpi=dpi, colorspace=fitz.csGRAY).tobytes("png")
    doc.close()
    return png


def save(doc, path: Path) -> Path:
    doc.save(path, garbage=1, deflate=True)
    doc.close()
    return path


# --- PDFs ----------------------------------------------------------------------------------------------

def pdf_scan_with_stamp(folder: Path) -> Path:
    doc = fitz.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, stream=scanned_page_png())
    page.insert_text((330, 30), "CONFIDENTIAL BATES 000123", fontsize=10, fontname="helv")
    return save(doc, folder / "scan_with_stamp.pdf")


def pdf_picture_on_text_page(folder: Path) -> Path:
    doc = fitz.open()
    page = text_page(doc, BODY + "\nThe intake form is reproduced below.\n")
    page.insert_image(fitz.Rect(60, 300, 520, 420),
                      stream=rendered_text_png(f"Intake: {NAME}\nA-number {A_NUMBER}"))
    return save(doc, folder / "picture_on_text_page.pdf")


def pdf_scan_rotated(folder: Path) -> Path:
    from PIL import Image

    image = Image.open(io.BytesIO(scanned_page_png())).rotate(90, expand=True)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    doc = fitz.open()
    page = doc.new_page(width=842, height=595)
    page.insert_image(page.rect, stream=buffer.getvalue())
    return save(doc, folder / "scan_rotated.pdf")


def pdf_scan_low_dpi(folder: Path) -> Path:
    doc = fitz.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, stream=scanned_page_png(dpi=90))
    return save(doc, folder / "scan_low_dpi.pdf")


def pdf_ocr_layer_misread(folder: Path) -> Path:
    """A scan under an invisible OCR text layer that misread the name and the number."""
    doc = fitz.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, stream=scanned_page_png())
    misread = BODY.replace("Petrova", "Petr0va").replace(A_NUMBER, "AO7S836651")
    page.insert_textbox(fitz.Rect(56, 72, 540, 800), misread, fontsize=11, fontname="tiro",
                        render_mode=3)
    return save(doc, folder / "ocr_layer_misread.pdf")


def pdf_outside_mediabox(folder: Path) -> Path:
    doc = fitz.open()
    page = text_page(doc)
    page.insert_text((-300, 200), f"{NAME} {A_NUMBER}", fontsize=11)
    page.insert_text((100, 900), f"Ms. {SURNAME}, {DIGITS}", fontsize=11)
    return save(doc, folder / "outside_mediabox.pdf")


def pdf_outside_cropbox(folder: Path) -> Path:
    doc = fitz.open()
    page = text_page(doc)
    page.insert_text((100, 820), f"Ms. {SURNAME}, {DIGITS}", fontsize=11)
    page.set_cropbox(fitz.Rect(0, 0, 595, 700))
    return save(doc, folder / "outside_cropbox.pdf")


def pdf_hidden_layer(folder: Path) -> Path:
    """A layer switched off by default, with a partial copy ("Ms. Petrova, 075836651")."""
    doc = fitz.open()
    page = text_page(doc)
    hidden = doc.add_ocg("Reviewer notes", on=False)
    page.insert_text((56, 600), f"Ms. {SURNAME}, {DIGITS}", fontsize=11, oc=hidden)
    return save(doc, folder / "hidden_layer.pdf")


def pdf_name_objects(folder: Path) -> Path:
    """The name as PDF name objects: a /Dests key, a custom key of the page and the catalog, a
    name value of a custom object."""
    doc = fitz.open()
    page = text_page(doc)
    catalog = doc.pdf_catalog()
    dests = doc.get_new_xref()
    doc.update_object(dests, f"<< /Natalia#20Petrova [{page.xref} 0 R /Fit] >>")
    doc.xref_set_key(catalog, "Dests", f"{dests} 0 R")
    doc.xref_set_key(page.xref, "Petrova075836651", "true")
    doc.xref_set_key(catalog, "CaseOf", "/Natalia_Petrova_A075836651")
    note = doc.get_new_xref()
    doc.update_object(note, "<< /Type /CaseNote /Applicant /NataliaPetrova /Number /A-075-836-651 >>")
    doc.xref_set_key(page.xref, "CaseNote", f"{note} 0 R")
    return save(doc, folder / "name_objects.pdf")


def pdf_letter_spaced(folder: Path) -> Path:
    """The name drawn glyph by glyph with wide gaps, and again with a large character spacing."""
    doc = fitz.open()
    page = text_page(doc)
    x = 56
    for ch in f"{NAME}  {A_NUMBER}":
        page.insert_text((x, 400), ch, fontsize=11, fontname="helv")
        x += 14
    font = page.insert_font(fontname="F9", fontbuffer=fitz.Font("helv").buffer)
    xref = page.get_contents()[0]
    stream = doc.xref_stream(xref) + f"\nBT /F9 11 Tf 9 Tc 1 0 0 1 56 300 Tm ({SURNAME} {DIGITS}) Tj ET\n".encode()
    doc.update_stream(xref, stream)
    return save(doc, folder / "letter_spaced.pdf")


def _rot13(ch: str) -> str:
    import codecs

    return codecs.encode(ch, "rot13") if ch.isalpha() else ch


def pdf_lying_tounicode(folder: Path) -> Path:
    """A font whose ToUnicode map lies: the page shows the name, extractors read rot13 and shifted
    digits. The plain mention is in another (honest) font."""
    doc = fitz.open()
    page = text_page(doc)
    page.insert_text((56, 400), f"Copy: {NAME} {A_NUMBER}", fontsize=12, fontname="helv")
    lines = []
    for code in range(32, 127):
        ch = chr(code)
        said = _rot13(ch) if ch.isalpha() else (str((int(ch) + 3) % 10) if ch.isdigit() else ch)
        lines.append(f"<{code:02X}> <{ord(said):04X}>")
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Lie def "
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{len(lines)} beginbfchar\n" + "\n".join(lines) + "\nendbfchar endcmap "
            "CMapName currentdict /CMap defineresource pop end end")
    for xref, _, _, basefont, _, _ in page.get_fonts():
        if basefont == "Helvetica":
            stream = doc.get_new_xref()
            doc.update_object(stream, "<< >>")
            doc.update_stream(stream, cmap.encode())
            doc.xref_set_key(xref, "ToUnicode", f"{stream} 0 R")
    return save(doc, folder / "lying_tounicode.pdf")


def pdf_kitchen_sink(folder: Path) -> Path:
    """The name in metadata, XMP, annotations, a form field, an embedded file, JavaScript, the
    outline and page labels."""
    from tests.docbuild import add_extras

    doc = fitz.open()
    text_page(doc)
    add_extras(doc, NAME, A_NUMBER)
    return save(doc, folder / "kitchen_sink.pdf")


def pdf_invisible_text(folder: Path) -> Path:
    doc = fitz.open()
    page = text_page(doc)
    page.insert_text((56, 500), f"{NAME} {A_NUMBER}", fontsize=11, render_mode=3)
    page.insert_text((56, 520), f"Ms. {SURNAME}", fontsize=11, color=(1, 1, 1))
    page.insert_text((56, 540), f"{DIGITS}", fontsize=1)
    return save(doc, folder / "invisible_text.pdf")


def pdf_form_xobject(folder: Path) -> Path:
    """The page's text inside a Form XObject (another page placed on this one)."""
    source = fitz.open()
    text_page(source)
    doc = fitz.open()
    page = doc.new_page(width=595, height=842)
    page.show_pdf_page(page.rect, source, 0)
    return save(doc, folder / "form_xobject.pdf")


def pdf_embedded_pdf(folder: Path) -> Path:
    inner = fitz.open()
    text_page(inner, f"Notes on {NAME}, {A_NUMBER}.")
    payload = inner.tobytes()
    doc = fitz.open()
    page = text_page(doc)
    doc.embfile_add("notes.pdf", payload, filename="notes.pdf")
    page.add_file_annot((500, 700), payload, "attached.pdf")
    return save(doc, folder / "embedded_pdf.pdf")


def pdf_actual_text(folder: Path) -> Path:
    """Marked content whose /ActualText and /Alt hold the name, over ordinary glyphs."""
    doc = fitz.open()
    page = text_page(doc)
    xref = page.get_contents()[0]
    extra = (f"\n/Span << /ActualText ({NAME} {A_NUMBER}) /Alt (Ms. {SURNAME}) >> BDC "
             "BT /F9 11 Tf 1 0 0 1 56 450 Tm (See the record.) Tj ET EMC\n").encode()
    page.insert_font(fontname="F9", fontbuffer=fitz.Font("helv").buffer)
    doc.update_stream(xref, doc.xref_stream(xref) + extra)
    return save(doc, folder / "actual_text.pdf")


def pdf_text_as_outlines(folder: Path) -> Path:
    """The page's text converted to outlines (paths): no text layer at all, only drawings."""
    source = fitz.open()
    text_page(source)
    svg = source[0].get_svg_image(text_as_path=True)
    outlined = fitz.open("svg", svg.encode("utf-8"))
    doc = fitz.open("pdf", outlined.convert_to_pdf())
    return save(doc, folder / "text_as_outlines.pdf")


def pdf_incremental_history(folder: Path) -> Path:
    """A careless edit: the name was taken out of a note and saved incrementally, so the earlier
    revision (with the name) is still in the file."""
    path = folder / "incremental_history.pdf"
    doc = fitz.open()
    page = text_page(doc)
    page.insert_text((56, 500), f"Note: call Ms. {SURNAME} at 075 836 651", fontsize=11)
    doc.save(path)
    doc.close()
    doc = fitz.open(path)
    page = doc[0]
    page.add_redact_annot(fitz.Rect(50, 485, 540, 505))
    page.apply_redactions()
    doc.saveIncr()
    doc.close()
    return path


def pdf_rotated_page_with_picture(folder: Path) -> Path:
    """A page turned by its /Rotate entry, with text and a picture of the name placed upside down."""
    doc = fitz.open()
    page = text_page(doc, BODY + "\nAttached photograph:\n")
    page.insert_image(fitz.Rect(60, 300, 520, 420), rotate=180,
                      stream=rendered_text_png(f"Intake: {NAME}\nA-number {A_NUMBER}"))
    page.set_rotation(90)
    return save(doc, folder / "rotated_page.pdf")


def pdf_jpeg_exif_and_font_name(folder: Path) -> Path:
    """A photo stored as JPEG with the name in its EXIF, and a font whose name is the applicant's."""
    doc = fitz.open()
    page = text_page(doc)
    page.insert_image(fitz.Rect(60, 400, 380, 600), stream=_jpeg_with_exif())
    page.insert_text((60, 650), "Signed before the officer.", fontsize=11, fontname="helv")
    for xref, _, _, basefont, _, _ in page.get_fonts():
        if basefont == "Helvetica":
            doc.xref_set_key(xref, "BaseFont", "/Natalia#20Petrova#20A075836651")
    return save(doc, folder / "jpeg_exif_font_name.pdf")


def pdf_hidden_layer_ordinary(folder: Path) -> Path:
    """An ordinary file: a layer of printing marks switched off, nothing secret in it."""
    doc = fitz.open()
    page = text_page(doc)
    marks = doc.add_ocg("Printer marks", on=False)
    page.insert_text((56, 700), "Crop marks and colour bars", fontsize=8, oc=marks)
    return save(doc, folder / "ordinary_hidden_layer.pdf")


PDF_BUILDERS = [pdf_scan_with_stamp, pdf_picture_on_text_page, pdf_scan_rotated, pdf_scan_low_dpi,
                pdf_ocr_layer_misread, pdf_outside_mediabox, pdf_outside_cropbox, pdf_hidden_layer,
                pdf_name_objects, pdf_letter_spaced, pdf_lying_tounicode, pdf_kitchen_sink,
                pdf_invisible_text, pdf_form_xobject, pdf_embedded_pdf, pdf_actual_text,
                pdf_text_as_outlines, pdf_incremental_history, pdf_rotated_page_with_picture,
                pdf_jpeg_exif_and_font_name]


# --- DOCX ----------------------------------------------------------------------------------------------

def _docx(paragraphs=(PLAIN, f"The applicant {NAME} testified at the hearing.")):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return document


def _docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip_edit(data: bytes, replace: dict[str, bytes] | None = None,
              add: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            payload = (replace or {}).get(info.filename, source.read(info))
            out.writestr(info.filename, payload)
        for name, payload in (add or {}).items():
            out.writestr(name, payload)
    return buffer.getvalue()


def _add_rel(data: bytes, rel_id: str, rel_type: str, target: str, external: bool = False) -> bytes:
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode()
    mode = ' TargetMode="External"' if external else ""
    rels = rels.replace("</Relationships>", f'<Relationship Id="{rel_id}" Type="{rel_type}" '
                                            f'Target="{target}"{mode}/></Relationships>')
    return _zip_edit(data, {"word/_rels/document.xml.rels": rels.encode()})


def _body_insert(data: bytes, xml: str) -> bytes:
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    document = document.replace("<w:sectPr", xml + "<w:sectPr", 1)
    return _zip_edit(data, {"word/document.xml": document.encode()})


REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _jpeg_with_exif(text: str | None = None) -> bytes:
    from PIL import Image

    if text:
        image = Image.open(io.BytesIO(rendered_text_png(text))).convert("RGB")
    else:
        image = Image.new("RGB", (320, 200), (200, 220, 240))
    exif = Image.Exif()
    exif[0x013B] = NAME  # Artist
    exif[0x010E] = f"{NAME} {A_NUMBER} at the interview"  # ImageDescription
    exif[0x9C9F] = f"{SURNAME}".encode("utf-16-le")  # XPSubject
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def docx_embedded_pdf(folder: Path) -> Path:
    inner = fitz.open()
    text_page(inner, f"Medical letter for {NAME}, {A_NUMBER}.")
    data = _docx_bytes(_docx())
    data = _zip_edit(data, add={"word/embeddings/letter.pdf": inner.tobytes()})
    data = _add_rel(data, "rIdPdf1", f"{REL}/package", "embeddings/letter.pdf")
    data = _body_insert(data, '<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:'
                              'office:office" ProgID="AcroExch.Document" r:id="rIdPdf1"/></w:object>'
                              '</w:r></w:p>')
    return _write(folder / "embedded_pdf.docx", data)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def docx_picture_exif(folder: Path) -> Path:
    document = _docx()
    document.add_picture(io.BytesIO(_jpeg_with_exif()))
    return _write(folder / "picture_exif.docx", _docx_bytes(document))


def docx_text_in_picture(folder: Path) -> Path:
    document = _docx()
    document.add_picture(io.BytesIO(rendered_text_png(f"Intake: {NAME}\nA-number {A_NUMBER}")))
    return _write(folder / "text_in_picture.docx", _docx_bytes(document))


def docx_alt_link_bookmark(folder: Path) -> Path:
    """The surname or the digits alone in alt text, a hyperlink target and a bookmark name."""
    document = _docx()
    document.add_picture(io.BytesIO(_jpeg_with_exif()))
    data = _docx_bytes(document)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    xml = xml.replace('descr=""', f'descr="Photo of Ms. {SURNAME}"', 1)
    if f"Photo of Ms. {SURNAME}" not in xml:
        xml = xml.replace("<wp:docPr ", f'<wp:docPr descr="Photo of Ms. {SURNAME}" ', 1)
    data = _zip_edit(data, {"word/document.xml": xml.encode()})
    data = _add_rel(data, "rIdLink9", f"{REL}/hyperlink",
                    f"https://records.example.org/cases/075-836-651/{SURNAME.lower()}", external=True)
    data = _body_insert(data, '<w:p><w:bookmarkStart w:id="7" w:name="Petrova_notes"/>'
                              '<w:hyperlink r:id="rIdLink9"><w:r><w:t>the case file</w:t></w:r>'
                              '</w:hyperlink><w:bookmarkEnd w:id="7"/></w:p>')
    return _write(folder / "alt_link_bookmark.docx", data)


def docx_xml_extras(folder: Path) -> Path:
    """An XML comment, a processing instruction and a DTD entity holding the name."""
    data = _docx_bytes(_docx())
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    head, rest = xml.split("?>", 1)
    xml = (head + "?>" + f'<!DOCTYPE w:document [<!ENTITY who "{NAME} {A_NUMBER}">]>' + rest)
    xml = xml.replace("<w:body>", f"<w:body><!-- reviewer: {NAME} {A_NUMBER} --><?case-note "
                                  f"{SURNAME} {DIGITS}?>", 1)
    xml = xml.replace("<w:sectPr", "<w:p><w:r><w:t>Entity: &who;</w:t></w:r></w:p><w:sectPr", 1)
    return _write(folder / "xml_extras.docx", _zip_edit(data, {"word/document.xml": xml.encode()}))


def docx_external_entity(folder: Path) -> Path:
    data = _docx_bytes(_docx())
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    head, rest = xml.split("?>", 1)
    xml = head + "?>" + '<!DOCTYPE w:document [<!ENTITY ext SYSTEM "file:///etc/hostname">]>' + rest
    xml = xml.replace("<w:sectPr", "<w:p><w:r><w:t>Host: &ext;</w:t></w:r></w:p><w:sectPr", 1)
    return _write(folder / "external_entity.docx", _zip_edit(data, {"word/document.xml": xml.encode()}))


def _xlsx_with_name() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst xmlns="http://schemas.'
                   f'openxmlformats.org/spreadsheetml/2006/main"><si><t>{NAME}</t></si><si><t>'
                   f'{A_NUMBER}</t></si></sst>')
    return buffer.getvalue()


CHART = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<c:chart><c:plotArea><c:barChart><c:ser><c:tx><c:strRef><c:strCache><c:ptCount val="1"/>
<c:pt idx="0"><c:v>{label}</c:v></c:pt></c:strCache></c:strRef></c:tx>
<c:val><c:numRef><c:numCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{value}</c:v></c:pt>
</c:numCache></c:numRef></c:val></c:ser></c:barChart></c:plotArea></c:chart>
<c:externalData r:id="rId1"/></c:chartSpace>"""
CHART_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
 Target="../embeddings/Microsoft_Excel_Worksheet.xlsx"/></Relationships>"""
CHART_DRAWING = """<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="5486400" cy="3200400"/><wp:docPr id="9" name="Chart 1"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rIdChart1"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"""


def _with_chart(data: bytes, label: str, value: str) -> bytes:
    data = _zip_edit(data, add={
        "word/charts/chart1.xml": CHART.format(label=label, value=value).encode(),
        "word/charts/_rels/chart1.xml.rels": CHART_RELS.encode(),
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx": _xlsx_with_name()})
    data = _add_rel(data, "rIdChart1", f"{REL}/chart", "charts/chart1.xml")
    return _body_insert(data, CHART_DRAWING)


def docx_chart(folder: Path) -> Path:
    """A chart whose series name and cached values hold the name, with its embedded workbook."""
    return _write(folder / "chart.docx", _with_chart(_docx_bytes(_docx()), NAME, DIGITS))


def docx_fake_png(folder: Path) -> Path:
    """A member named like a picture that holds text."""
    data = _docx_bytes(_docx())
    data = _zip_edit(data, add={"word/media/image9.png": f"{NAME} {A_NUMBER}\n".encode()})
    data = _add_rel(data, "rIdImg9", f"{REL}/image", "media/image9.png")
    return _write(folder / "fake_png_member.docx", data)


def docx_custom_xml(folder: Path) -> Path:
    data = _docx_bytes(_docx())
    data = _zip_edit(data, add={
        "customXml/item1.xml": f"<case><applicant>{NAME}</applicant><a>{A_NUMBER}</a></case>".encode(),
        "word/glossary/document.xml": (
            '<w:glossaryDocument xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
            f'main"><w:docParts><w:docPart><w:docPartBody><w:p><w:r><w:t>{NAME}</w:t></w:r></w:p>'
            '</w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>').encode()})
    data = _add_rel(data, "rIdCx1", f"{REL}/customXml", "../customXml/item1.xml")
    data = _add_rel(data, "rIdGl1", f"{REL}/glossaryDocument", "glossary/document.xml")
    return _write(folder / "custom_xml_glossary.docx", data)


def docx_part_names(folder: Path) -> Path:
    """A picture whose part name is the applicant's, and a content type naming her."""
    document = _docx()
    document.add_picture(io.BytesIO(_jpeg_with_exif()))
    data = _docx_bytes(document)
    archive = zipfile.ZipFile(io.BytesIO(data))
    [picture] = [n for n in archive.namelist() if n.startswith("word/media/")]
    renamed = f"word/media/{GIVEN}_{SURNAME}_{DIGITS}.jpeg"
    members = {n: archive.read(n) for n in archive.namelist()}
    members[renamed] = members.pop(picture)
    rels = members["word/_rels/document.xml.rels"].decode()
    members["word/_rels/document.xml.rels"] = rels.replace(picture.removeprefix("word/"),
                                                           renamed.removeprefix("word/")).encode()
    types = members["[Content_Types].xml"].decode()
    members["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Default Extension="{SURNAME.lower()}" ContentType="text/plain"/></Types>').encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, payload in members.items():
            out.writestr(name, payload)
    return _write(folder / "part_names.docx", buffer.getvalue())


def docx_style_and_namespace(folder: Path) -> Path:
    """A paragraph style named after the applicant, and a custom namespace and element named
    after her number."""
    document = _docx()
    style = document.styles.add_style(f"{SURNAME} notes", 1)
    document.add_paragraph("Notes follow.", style=style)
    data = _docx_bytes(document)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    xml = xml.replace("<w:body>", f'<w:body><ext:case{DIGITS} xmlns:ext="urn:case:{SURNAME.lower()}"/>', 1)
    return _write(folder / "style_namespace.docx", _zip_edit(data, {"word/document.xml": xml.encode()}))


def docx_ordinary(folder: Path) -> Path:
    """An ordinary file: a chart (with its embedded workbook) of harmless figures, a picture with
    camera EXIF, and the applicant named in the text."""
    document = _docx()
    document.add_picture(io.BytesIO(_jpeg_with_exif()))
    data = _with_chart(_docx_bytes(document), "Hearings per year", "12")
    return _write(folder / "ordinary_chart_picture.docx", data)


DOCX_BUILDERS = [docx_embedded_pdf, docx_picture_exif, docx_text_in_picture, docx_alt_link_bookmark,
                 docx_xml_extras, docx_external_entity, docx_chart, docx_fake_png, docx_custom_xml,
                 docx_part_names, docx_style_and_namespace]


# --- images --------------------------------------------------------------------------------------------

def _png_with_metadata(image, path: Path) -> Path:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", NAME)
    info.add_itxt("Description", f"{NAME} {A_NUMBER}")
    info.add_text("XML:com.adobe.xmp", f"<x:xmpmeta><dc:creator>{NAME}</dc:creator></x:xmpmeta>")
    image.save(path, format="PNG", pnginfo=info)
    return path


def png_with_metadata(folder: Path) -> Path:
    from PIL import Image

    return _png_with_metadata(Image.open(io.BytesIO(scanned_page_png())), folder / "scan_metadata.png")


def jpeg_with_exif(folder: Path) -> Path:
    path = folder / "photo_exif.jpg"
    path.write_bytes(_jpeg_with_exif(f"{PLAIN}"))
    return path


def tiff_name_on_last_frame(folder: Path) -> Path:
    from PIL import Image

    frames = [Image.open(io.BytesIO(scanned_page_png("Page one of the record.\nNothing here."))),
              Image.open(io.BytesIO(scanned_page_png()))]
    path = folder / "record.tif"
    frames[0].save(path, format="TIFF", save_all=True, append_images=frames[1:],
                   compression="tiff_deflate")
    return path


def png_rotated(folder: Path) -> Path:
    from PIL import Image

    image = Image.open(io.BytesIO(scanned_page_png())).rotate(270, expand=True)
    path = folder / "scan_rotated.png"
    image.save(path, format="PNG")
    return path


def png_low_resolution(folder: Path) -> Path:
    path = folder / "scan_low_res.png"
    path.write_bytes(scanned_page_png(dpi=85))
    return path


IMAGE_BUILDERS = [png_with_metadata, jpeg_with_exif, tiff_name_on_last_frame, png_rotated,
                  png_low_resolution]


# --- text variants -------------------------------------------------------------------------------------

TEXT_VARIANTS = {
    "zero_width": "N\u200batalia Pe\u200bt\u200drova, A\u200b075836651",
    "soft_hyphen": "Natalia Pe\u00adtro\u00adva",
    "decomposed": "Nata\u0301lia Petrova\u0301",
    "rtl_override": "\u202eavorteP ailataN\u202c",
    "letter_spaced": "N a t a l i a   P e t r o v a",
    "full_width_digits": "Ａ０７５８３６６５１ and ０７５−８３６−６５１",
    "line_end_hyphen": "Ms. Pet-\nrova signed.",
    "caps": "NATALIA PETROVA",
    "lower": "natalia petrova",
    "email_url": "natalia.petrova@mail.example and https://example.org/natalia-petrova/075836651",
}
# a name whose only mention is a variant: detection's job (issue 8), run and reported on
DETECTION_ONLY = {
    "only_caps": f"APPLICANT: NATALIA PETROVA, A-NUMBER {A_NUMBER}.\nSHE TESTIFIED.\n",
    "only_lower": f"the applicant natalia petrova, a-number {A_NUMBER.lower()}, testified.\n",
}


def text_variant(name: str):
    def build(folder: Path) -> Path:
        path = folder / f"variant_{name}.txt"
        path.write_text(f"{BODY}\nAlso recorded as: {TEXT_VARIANTS[name]}\n", encoding="utf-8")
        return path
    build.__name__ = f"txt_{name}"
    return build


TEXT_BUILDERS = [text_variant(name) for name in TEXT_VARIANTS]
