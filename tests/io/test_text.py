"""Reading text documents (io/text.py): UTF-8 (with or without BOM), a detected legacy encoding, and
one clear InputError for a missing, empty, binary, unsupported or folder input."""

import hashlib

import pytest

from redactor.errors import InputError
from redactor.io import document_from_text, read_document

FRENCH = ("José Müller déclare être né à Montréal le 3 février 1990. Il a fui sa maison après des "
          "menaces répétées.\n")


def test_utf8_text(tmp_path):
    path = tmp_path / "statement.txt"
    path.write_text("The applicant Tariq Haddad testified.\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "The applicant Tariq Haddad testified.\n"
    assert doc.encoding == "utf-8" and doc.kind == "text" and doc.source == str(path)
    assert doc.id == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf# Notes\nHaddad\n")
    assert read_document(path).text == "# Notes\nHaddad\n"


def test_latin1_text_is_decoded(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(FRENCH.encode("latin-1"))
    doc = read_document(path)
    assert doc.text == FRENCH
    assert doc.encoding != "utf-8"
    # the id is the hash of the decoded text, not of the bytes on disk
    assert doc.id == document_from_text(doc.text).id


@pytest.mark.parametrize(
    "text",
    [
        "The applicant, José Peña, testified before the Immigration Judge on 3 March 2019. Señor Peña "
        "stated that he fled Tegucigalpa after gang members threatened his family. His daughter Zoë "
        "and his wife Inés remain in Honduras. The Court finds his testimony credible.\n",
        "DECLARATION OF RENÉ CÔTÉ\n\nI, René Côté, declare as follows. I was born in Jérémie, Haiti. "
        "My mother, Josée Côté, still lives there.\n",
        "The applicant, Ramón Núñez, testified that he fled Honduras in 2019.\n",
    ],
)
def test_latin1_asylum_text_is_decoded_exactly(tmp_path, text):
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    assert read_document(path).text == text


def test_cyrillic_cp1251_text_is_decoded(tmp_path):
    text = "Заявитель Евгения Балачова родилась в Москве в 1970 году. Она боится возвращения в Россию.\n"
    path = tmp_path / "cp1251.txt"
    path.write_bytes(text.encode("cp1251"))
    doc = read_document(path)
    assert doc.text == text and doc.encoding == "cp1251"


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Başvuran Ayşe Yılmaz, 1985 yılında Diyarbakır’da doğdu. Ağabeyi Çağlar Yılmaz 2016 yılında "
         "gözaltına alındı ve işkence gördü. Kendisi de iki kez tutuklandı ve ailesi tehdit edildi.\n",
         "cp1254"),
        ("Wnioskodawca Łukasz Wiśniewski urodził się w Łodzi.\n", "cp1250"),
    ],
    ids=["turkish-cp1254", "polish-cp1250"],
)
def test_other_latin_code_pages_are_decoded(tmp_path, text, encoding):
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert read_document(path).text == text


def test_missing_file(tmp_path):
    path = tmp_path / "absent.txt"
    with pytest.raises(InputError, match="file not found") as info:
        read_document(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty") as info:
        read_document(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n\x00\x01\x02binary\x00stream",
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 20,  # control bytes, no NUL
    ],
)
def test_binary_file_named_txt(tmp_path, content):
    path = tmp_path / "scan.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="binary") as info:
        read_document(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message


def test_directory(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InputError, match="folder") as info:
        read_document(folder)
    assert str(folder) in str(info.value)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "record.odt"
    path.write_bytes(b"PK\x03\x04 not supported")
    with pytest.raises(InputError, match="unsupported"):
        read_document(path)


def test_error_messages_do_not_contain_the_text(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_bytes(b"Tariq Haddad\x00\x00\x00")
    with pytest.raises(InputError) as info:
        read_document(path)
    assert "Haddad" not in str(info.value)
