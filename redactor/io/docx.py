"""DOCX → Document at the XML level (zipfile + lxml), so that nothing Word stores as text escapes
the detectors: body paragraphs (runs inside hyperlinks, fields, smart tags, content controls),
tables (nested too), text boxes (both the DrawingML and the VML fallback copy), headers and footers
of every section and variant, footnotes, endnotes, comments, tracked insertions and the *deleted*
text of tracked changes (it survives in the file), field codes, SmartArt and chart text (a:t), math.

Every text node is a piece: its key is `<part name>#<index of the node among the part's piece
nodes in document order>`, which the renderer resolves the same way on the same bytes. Pieces of
one paragraph join directly (runs are contiguous text), paragraphs with "\\n", parts with "\\n\\n".
Tabs and line breaks inside runs are one-character pieces ("\\t", "\\n") so "Name:<tab>Tariq" is
not read as "Name:Tariq". python-docx is not used here: it does not expose footnotes, tracked
changes or text boxes, and the renderer must find exactly the nodes the reader numbered.
"""

from __future__ import annotations

import bisect
import dataclasses
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from lxml import etree

from redactor.errors import InputError
from redactor.io.text import document_from_text
from redactor.limits import exceeded, get_limits
from redactor.model import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
NS = {"w": W, "a": A, "m": M, "r": R}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Text-bearing nodes (their .text is the piece) and one-character marks inside runs.
TEXT_TAGS = frozenset(f"{{{ns}}}{name}" for ns, name in (
    (W, "t"), (W, "delText"), (W, "instrText"), (W, "delInstrText"), (A, "t"), (M, "t")))
MARKS = {f"{{{W}}}tab": "\t", f"{{{W}}}ptab": "\t", f"{{{W}}}br": "\n", f"{{{W}}}cr": "\n",
         f"{{{W}}}noBreakHyphen": "-", f"{{{A}}}br": "\n"}
PARAGRAPH_TAGS = (f"{{{W}}}p", f"{{{A}}}p")
PIECE_XPATH = etree.XPath(
    ".//w:t | .//w:delText | .//w:instrText | .//w:delInstrText | .//a:t | .//m:t"
    " | .//w:r/w:tab | .//w:r/w:ptab | .//w:r/w:br | .//w:r/w:cr | .//w:r/w:noBreakHyphen"
    " | .//a:p/a:br", namespaces=NS)
DELETED_XPATH = etree.XPath(
    "boolean(ancestor::w:del | ancestor::w:moveFrom | ancestor::w:tr[w:trPr/w:del])", namespaces=NS)

REL_KINDS = ("header", "footer", "footnotes", "endnotes", "comments", "glossaryDocument")
# Parts under word/ that hold settings, styles or people rather than text: not read.
NOT_TEXT = re.compile(r"(^|/)(styles|stylesWithEffects|fontTable|numbering|settings|webSettings|people"
                      r"|commentsExtended|commentsIds|commentsExtensible)\.xml$|/theme/")


RATIO_FLOOR = 1 << 20  # members smaller than this unpacked are never refused for their ratio


def unpack_zip(name, data: bytes, damaged: str = "not a readable zip") -> dict[str, bytes]:
    """Every file member of a zip, by name, in order. A zip bomb is refused, with one line naming
    the limit, before it can fill memory: the declared sizes are checked first, then the bytes
    actually inflated are counted as they come (a header may lie)."""
    limits = get_limits()
    total_limit = limits.max_unpacked_mb << 20
    members: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            if len(infos) > limits.max_zip_members:
                raise exceeded(f"{name}: the number of parts in the file", limits.max_zip_members,
                               "parts", "max_zip_members")
            if sum(info.file_size for info in infos) > total_limit:
                raise exceeded(f"{name}: the size once unpacked", limits.max_unpacked_mb, "MB",
                               "max_unpacked_mb")
            for info in infos:
                chunks = []
                size = 0
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        size += len(chunk)
                        total += len(chunk)
                        if total > total_limit:
                            raise exceeded(f"{name}: the size once unpacked",
                                           limits.max_unpacked_mb, "MB", "max_unpacked_mb")
                        if size > RATIO_FLOOR and size > limits.max_zip_ratio * max(
                                info.compress_size, 1):
                            raise exceeded(f"{name}: the compression ratio of one part",
                                           limits.max_zip_ratio, "to 1", "max_zip_ratio")
                        chunks.append(chunk)
                members[info.filename] = b"".join(chunks)
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError):
        raise InputError(f"{name}: {damaged}") from None
    return members


def xml_parser() -> etree.XMLParser:
    # no entities, no network, no huge text nodes: an input is untrusted
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def natural_key(name: str) -> list:
    return [int(tok) if tok.isdigit() else tok for tok in re.split(r"(\d+)", name)]


@dataclass(frozen=True)
class DocxLayout:
    """(start, end, key) of every non-empty piece, in document order; characters between pieces
    are separators the reader inserted ("\\n" between paragraphs, "\\n\\n" between parts)."""

    pieces: tuple[tuple[int, int, str], ...]
    # the text of the XML parts ends here; after it (from `picture_base`) comes the OCR of the
    # pictures, `pictures[i]` being the member of page i of `picture_layout` (a PageLayout in
    # pixels, offsets counted from `picture_base`)
    xml_chars: int = -1
    pictures: tuple[str, ...] = ()
    picture_base: int = 0
    picture_layout: object = None

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The pieces that share at least one character with [start, end)."""
        i = max(bisect.bisect_right(self.pieces, start, key=lambda piece: piece[0]) - 1, 0)
        found = []
        for piece in self.pieces[i:]:
            if piece[0] >= end:
                break
            if piece[1] > start:
                found.append(piece)
        return found


def piece_key(part: str, index: int) -> str:
    return f"{part}#{index}"


def piece_value(node) -> str:
    if node.tag in TEXT_TAGS:
        return node.text or ""
    return MARKS.get(node.tag, "")


def is_deleted(node) -> bool:
    """Inside a tracked deletion (or move away, or a deleted table row): gone once accepted."""
    return bool(DELETED_XPATH(node))


class DocxPackage:
    """The members of a .docx zip, in their order, with the XML parts parsed on demand. The
    renderer edits the parsed trees and writes the package back with `to_bytes`."""

    def __init__(self, name: str, data: bytes):
        self.name = name
        self.members: dict[str, bytes] = {}
        self._trees: dict[str, etree._Element] = {}
        self.changed: set[str] = set()
        self._open(data)
        self.main = self._main_part()

    def _open(self, data: bytes) -> None:
        name = self.name
        if data.startswith(OLE_MAGIC):
            if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptionInfo" in data \
                    or "EncryptionInfo".encode("utf-16-le") in data:
                raise InputError(f"{name}: encrypted Word files are not supported; "
                                 "remove the password and retry")
            raise InputError(f"{name}: an old-format Word (.doc) or other OLE file, not a .docx; "
                             "save it as .docx and retry")
        self.members = unpack_zip(name, data, "not a readable .docx (corrupted, truncated or not "
                                              "a Word file)")

    def xml(self, part: str) -> etree._Element:
        if part not in self._trees:
            if part not in self.members:
                raise InputError(f"{self.name}: damaged .docx: part {part} is missing")
            try:
                self._trees[part] = etree.fromstring(self.members[part], xml_parser())
            except etree.XMLSyntaxError:
                raise InputError(f"{self.name}: damaged .docx: part {part} is not valid XML") from None
        return self._trees[part]

    def mark_changed(self, part: str) -> None:
        self.changed.add(part)

    def remove(self, part: str) -> None:
        self.members.pop(part, None)
        self._trees.pop(part, None)
        self.changed.discard(part)

    @staticmethod
    def rels_name(part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", f"{base}.rels")

    def relationships(self, part: str) -> list[etree._Element]:
        """The <Relationship> elements of `part` ("" for the package's own)."""
        rels = "_rels/.rels" if not part else self.rels_name(part)
        if rels not in self.members:
            return []
        return list(self.xml(rels).iter(f"{{{PKG_RELS}}}Relationship"))

    @staticmethod
    def target(part: str, rel) -> str | None:
        if rel.get("TargetMode") == "External":
            return None
        target = rel.get("Target", "")
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))

    def _main_part(self) -> str:
        main = None
        for rel in self.relationships(""):
            if rel.get("Type", "").endswith("/officeDocument"):
                main = self.target("", rel)
                break
        main = main or "word/document.xml"
        if main not in self.members:
            raise InputError(f"{self.name}: not a Word document (no main document part)")
        root = self.xml(main)
        if root.tag == f"{{{STRICT_W}}}document":
            raise InputError(f"{self.name}: Strict Open XML Word files are not supported; save it as "
                             "a standard Word document (.docx) and retry")
        if root.tag != f"{{{W}}}document":
            raise InputError(f"{self.name}: not a Word document (main part is not a document)")
        return main

    def text_parts(self) -> list[str]:
        """The parts whose text is read, in a fixed order: headers, body, footers, footnotes,
        endnotes, comments, glossary, then any other part under word/ that holds text (charts,
        SmartArt, orphaned headers)."""
        related: dict[str, list[str]] = {kind: [] for kind in REL_KINDS}
        for rel in self.relationships(self.main):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = self.target(self.main, rel)
            if kind in related and target and target in self.members:
                related[kind].append(target)
        # headers first: a letterhead reads as the top of the document (institutional context)
        ordered = sorted(set(related.get("header", [])), key=natural_key) + [self.main]
        for kind in REL_KINDS:
            for part in sorted(set(related[kind]), key=natural_key):
                if part not in ordered:
                    ordered.append(part)
        folder = posixpath.dirname(self.main)
        for part in sorted(self.members, key=natural_key):
            if (part in ordered or not part.endswith(".xml") or not part.startswith(folder + "/")
                    or NOT_TEXT.search(part)):
                continue
            if any(piece_value(node) for node in PIECE_XPATH(self.xml(part))):
                ordered.append(part)
        return ordered

    def to_bytes(self) -> bytes:
        """The package as a zip: changed parts serialized, members in their original order, fixed
        timestamps (the output carries no time of its making)."""
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, payload in self.members.items():
                if name in self.changed:
                    payload = etree.tostring(self._trees[name], xml_declaration=True,
                                             encoding="UTF-8", standalone=True)
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, payload)
        return buffer.getvalue()


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    key: str
    node: object  # the lxml element in the package's tree


def extract(package: DocxPackage) -> tuple[str, list[Piece]]:
    """The document text and its pieces (with their nodes), in document order."""
    chunks: list[str] = []
    pieces: list[Piece] = []
    pos = 0
    for part in package.text_parts():
        last_paragraph = None
        started = False
        for index, node in enumerate(PIECE_XPATH(package.xml(part))):
            value = piece_value(node)
            if not value:
                continue
            paragraph = next(node.iterancestors(*PARAGRAPH_TAGS), None)
            if not started:
                separator = "\n\n" if pieces else ""
            else:
                separator = "" if paragraph is last_paragraph and paragraph is not None else "\n"
            started, last_paragraph = True, paragraph
            chunks.append(separator)
            pos += len(separator)
            chunks.append(value)
            pieces.append(Piece(pos, pos + len(value), piece_key(part, index), node))
            pos += len(value)
    return "".join(chunks), pieces


def read_docx(path: Path, data: bytes, password: str | None = None) -> Document:
    """A .docx file's bytes → Document with a DocxLayout. `password` is accepted for the common
    reader signature; encrypted Word files are refused (they are OLE containers, not zips)."""
    package = DocxPackage(str(path), data)
    text, pieces = extract(package)
    xml_chars = len(text)
    names, picture_text, picture_layout = read_pictures(package, str(path))
    base = xml_chars
    if picture_text.strip():
        text += "\n\n" if text else ""
        base = len(text)
        text += picture_text
    if not text.strip():
        raise InputError(f"{path}: the Word document has no text to redact")
    document = document_from_text(text, str(path))
    layout = DocxLayout(tuple((p.start, p.end, p.key) for p in pieces), xml_chars,
                        names if picture_text.strip() else (), base,
                        picture_layout if picture_text.strip() else None)
    return dataclasses.replace(document, kind="docx", layout=layout)


MIN_PICTURE_PX = 16


def picture_members(package: DocxPackage) -> list[str]:
    """The pictures the output keeps (members of the media folder that are pictures by their
    content, whatever their names), in a fixed order."""
    from redactor.verify.views import is_image

    media = posixpath.dirname(package.main) + "/media/"
    return [name for name in sorted(package.members, key=natural_key)
            if name.startswith(media) and is_image(package.members[name][:16])]


def read_pictures(package: DocxPackage, name: str):
    """OCR every picture of the package large enough to hold a word: (members in page order, the
    text, a PageLayout of it in each picture's pixels)."""
    from redactor.io.image import iter_frames
    from redactor.io.layout import PageLayout
    from redactor.io.ocr import append_ocr_page, tesseract_available

    layout = PageLayout()
    parts: list[str] = []
    names: list[str] = []
    members = picture_members(package)
    if members and not tesseract_available():
        from redactor.io.ocr import require_tesseract

        require_tesseract(f"{name}: a picture in the Word document")
    for member in members:
        try:
            frame = next(iter_frames(f"{name}: picture", package.members[member]))
        except StopIteration:
            continue
        except InputError as exc:
            if "exceeds the limit" in str(exc):
                raise
            continue  # unreadable picture: the renderer replaces it with a blank one
        number = len(names)
        names.append(member)
        layout.page_sizes.append(frame.size)
        if min(frame.size) < MIN_PICTURE_PX:
            continue
        if parts and parts[-1] != "\n":
            for ch in "\n\n":
                parts.append(ch)
                layout.add_separator()
        append_ocr_page(parts, layout, number, frame.convert("L"), 1.0)
        layout.ocr_pages.append(number)
    return tuple(names), "".join(parts), layout
