"""Reading DOCX (io/docx.py): everything a stranger could see is read — paragraphs, runs in
hyperlinks, fields and smart tags, tables (nested), text boxes, headers and footers of every variant,
footnotes, comments, tracked insertions and deleted text — and every character maps back to the
node that holds it. Bad inputs are refused in one line that names the file and no document text."""

import hashlib
import io
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from redactor.errors import InputError
from redactor.io import read_document
from redactor.io.docx import DocxLayout
from tests.docx_samples import paragraphs_docx, rich_docx, saved, write

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    path = write(tmp_path_factory.mktemp("docx") / "declaration.docx", rich_docx())
    return path, read_document(path)


def test_document_fields(rich):
    path, doc = rich
    assert doc.kind == "docx" and doc.source == str(path)
    assert doc.id == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert isinstance(doc.layout, DocxLayout)


@pytest.mark.parametrize("expected", [
    "The applicant Tariq Haddad testified.",  # runs join directly
    "Name\nLeila Haddad\nA-Number\nA-204-118-902\nNested Omar Haddad",  # table, nested table
    "Write to tariq.haddad@example.com Samir Khoury",  # hyperlink, smart tag
    "Merged:  MERGEFIELD ApplicantName Rami Georges",  # field code and result
    "Box: Nadia Saleh",  # text box
    "Born in AleppoHoms",  # tracked deletion (its deleted text) and insertion
    "Header: Haddad file", "First page: Karim Haddad", "Even page: Haddad",
    "Footer A-204-118-902", "First footer: Mona Haddad",
    "Footnote: Hana Haddad, sister",
    "Check Yusuf Darwish",  # comment
])
def test_everything_visible_is_read(rich, expected):
    assert expected in rich[1].text


def test_parts_are_apart_and_in_a_fixed_order(rich):
    text = rich[1].text
    assert "\n\nThe applicant Tariq Haddad testified.\n" in text
    # headers first (a letterhead is the top of the document), then the body, footers, footnotes,
    # comments; parts separated by a blank line
    order = ["Header: Haddad", "testified", "Footer A-204", "Footnote: Hana", "Check Yusuf"]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions)
    assert "\n\nFootnote: Hana Haddad" in text and "\n\nCheck Yusuf Darwish" in text


def test_reading_is_deterministic(rich):
    path, doc = rich
    again = read_document(path)
    assert again.text == doc.text and again.layout == doc.layout


def _own_nodes(data: bytes, part: str) -> list:
    """An independent resolution of piece keys: walk the part and list text nodes and in-run
    marks in document order."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(part))
    text_tags = {f"{{{W}}}{t}" for t in ("t", "delText", "instrText", "delInstrText")}
    text_tags |= {"{http://schemas.openxmlformats.org/drawingml/2006/main}t",
                  "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"}
    marks = {f"{{{W}}}{t}" for t in ("tab", "ptab", "br", "cr", "noBreakHyphen")}
    found = []
    for element in root.iter():
        if element.tag in text_tags:
            found.append(element.text or "")
        elif element.tag in marks and element.getparent().tag == f"{{{W}}}r":
            found.append({"tab": "\t", "ptab": "\t", "noBreakHyphen": "-"}.get(
                etree.QName(element).localname, "\n"))
        elif element.tag == "{http://schemas.openxmlformats.org/drawingml/2006/main}br":
            found.append("\n")
    return found


def test_offsets_map_back_to_their_nodes(rich):
    path, doc = rich
    data = path.read_bytes()
    pieces = doc.layout.pieces
    covered = set()
    previous_end = 0
    cache = {}
    for start, end, key in pieces:
        assert previous_end <= start < end <= len(doc.text)
        part, index = key.rsplit("#", 1)
        nodes = cache.setdefault(part, _own_nodes(data, part))
        assert doc.text[start:end] == nodes[int(index)]
        covered.update(range(start, end))
        previous_end = end
    # every character not in a piece is a separator the reader inserted
    assert {doc.text[i] for i in range(len(doc.text)) if i not in covered} <= {"\n"}


@pytest.mark.parametrize("surface, part", [
    ("Leila Haddad", "word/document.xml"), ("Karim Haddad", "word/header"),
    ("Mona Haddad", "word/footer"), ("Hana Haddad", "word/footnotes.xml"),
    ("Yusuf Darwish", "word/comments.xml"), ("Aleppo", "word/document.xml"),
])
def test_a_name_maps_to_its_part(rich, surface, part):
    doc = rich[1]
    start = doc.text.index(surface)
    keys = [key for _, _, key in doc.layout.overlapping(start, start + len(surface))]
    assert keys and all(key.startswith(part) for key in keys)


def test_a_name_split_over_runs_maps_to_both(rich):
    doc = rich[1]
    start = doc.text.index("Tariq Haddad")
    pieces = doc.layout.overlapping(start, start + len("Tariq Haddad"))
    assert ["".join(doc.text[s:e] for s, e, _ in pieces)] == ["Tariq Haddad testified."]
    assert len(pieces) == 2


def test_tabs_and_breaks_are_read_as_whitespace(tmp_path):
    document = docx.Document()
    document.add_paragraph("Name:\tTariq Haddad\nA-Number:\tA-204-118-902")
    doc = read_document(write(tmp_path / "form.docx", saved(document)))
    assert doc.text == "Name:\tTariq Haddad\nA-Number:\tA-204-118-902"


def test_sample_text_reads_back_line_for_line(tmp_path, repo_root):
    text = (repo_root / "sample_docs" / "attorney_letter_haddad.txt").read_text(encoding="utf-8")
    doc = read_document(write(tmp_path / "letter.docx", saved(paragraphs_docx(text))))
    assert doc.text == "\n".join(line for line in text.splitlines() if line)


# --- bad inputs -----------------------------------------------------------------------------------

def _refused(path, *expected):
    with pytest.raises(InputError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    assert "Haddad" not in message and "Tariq" not in message
    for word in expected:
        assert word in message
    return message


def test_truncated_docx_is_refused(tmp_path):
    data = saved(paragraphs_docx("Tariq Haddad testified."))
    _refused(write(tmp_path / "truncated.docx", data[: len(data) // 2]), "corrupted")


def test_garbage_with_a_zip_signature_is_refused(tmp_path):
    _refused(write(tmp_path / "garbage.docx", b"PK\x03\x04" + b"Tariq Haddad" * 50), "corrupted")


def test_damaged_member_is_refused(tmp_path):
    data = bytearray(saved(paragraphs_docx("Tariq Haddad testified. " * 200)))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    # flip bytes inside the compressed body of the main part: CRC or inflate fails
    body = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    for i in range(body, body + 40):
        data[i] ^= 0xFF
    _refused(write(tmp_path / "damaged.docx", bytes(data)))


def test_zip_that_is_not_a_word_file_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "Tariq Haddad")
    _refused(write(tmp_path / "notes.docx", buffer.getvalue()), "not a Word document")


def test_encrypted_docx_is_refused(tmp_path):
    # an encrypted Word file is an OLE compound file holding EncryptionInfo and EncryptedPackage
    ole = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le")
           + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 400)
    _refused(write(tmp_path / "locked.docx", ole),
             "encrypted Word files are not supported; remove the password and retry")


def test_encrypted_docx_is_refused_even_with_a_password(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    path = write(tmp_path / "locked.docx", ole)
    with pytest.raises(InputError, match="encrypted Word files are not supported"):
        read_document(path, password="secret")


def test_old_word_file_renamed_docx_is_refused(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")
    _refused(write(tmp_path / "old.docx", ole + b"\x00" * 200), ".doc")


def test_empty_document_is_refused(tmp_path):
    _refused(write(tmp_path / "empty.docx", saved(docx.Document())), "no text")


def test_whitespace_only_document_is_refused(tmp_path):
    _refused(write(tmp_path / "blank.docx", saved(paragraphs_docx("   \n\t\n"))), "no text")


def test_zero_byte_docx_is_refused(tmp_path):
    _refused(write(tmp_path / "zero.docx", b""), "empty")


# --- properties -----------------------------------------------------------------------------------

runs_text = st.text(alphabet=st.sampled_from(list("abcXYZ é-.,'Ж\t")), min_size=0, max_size=8)


@settings(max_examples=100)
@given(st.lists(st.lists(runs_text, min_size=1, max_size=4), min_size=1, max_size=5))
def test_runs_join_directly_and_paragraphs_with_a_newline(tmp_path_factory, paragraphs):
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for value in runs:
            paragraph.add_run(value)
    expected = "\n".join(text for text in ("".join(runs) for runs in paragraphs) if text)
    path = write(tmp_path_factory.mktemp("p") / "p.docx", saved(document))
    if not expected.strip():
        with pytest.raises(InputError):
            read_document(path)
        return
    doc = read_document(path)
    assert doc.text == expected
    assert "".join(doc.text[s:e] for s, e, _ in doc.layout.pieces) == expected.replace("\n", "")
