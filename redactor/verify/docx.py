"""Reopen a DOCX as a stranger would: unzip it and read every XML part (text nodes and the
attribute values that carry words: authors, alt text, link targets, document variables …),
the names of the zip's members, embedded packages (recursively) and the printable strings of
embedded OLE objects. Built without the reader or the renderer, so it checks them rather than
repeating them. Every member is read by its content, not its name: pictures are OCRed and their
EXIF/XMP/IPTC read, embedded PDFs read as PDFs, XML comments, processing instructions and DTDs
read too."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

from lxml import etree

from redactor.errors import InputError
from redactor.model import Document, RedactionPlan
from redactor.verify.text import Leak

# Pictures and embedded fonts: binary noise whose stray letters would only raise false alarms.
PICTURE = re.compile(r"\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp|ico|wdp|jfif|odttf|ttf|otf)$",
                     re.IGNORECASE)
# Parts whose attributes are formatting (style ids, font names such as "Georgia" or "Shruti"):
# their text nodes are read, their attribute values are not.
FORMATTING_PARTS = re.compile(r"(^|/)(styles|stylesWithEffects|fontTable|numbering|webSettings)\.xml$"
                              r"|/theme/|(^|/)itemProps\d*\.xml$")
# Property containers: their descendants' attributes are formatting, not content.
FORMATTING_HOLDERS = {"rPr", "pPr", "tblPr", "trPr", "tcPr", "sectPr", "tblGrid", "tblStylePr",
                      "rPrDefault", "pPrDefault", "tblPrEx", "numPr", "spPr", "bodyPr", "mathPr"}
FONT_ELEMENTS = {"rFonts", "font", "latin", "ea", "cs", "sym", "mathFont", "altName"}
PEOPLE_ATTRIBUTES = {"author", "initials", "userId", "providerId"}
STRUCTURAL_ATTRIBUTES = {"paraId", "textId", "durableId", "Ignorable", "space", "id", "Id"}
BREAKS = {"tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen", "sym"}
PRINTABLE = re.compile(rb"[\x20-\x7e\t]{4,}")
PRINTABLE_UTF16 = re.compile(rb"(?:[\x20-\x7e]\x00){4,}")
MAX_DEPTH = 3


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=True)


def _attribute_values(element, part: str) -> list[str]:
    if part.endswith(".rels"):  # part paths and schema URIs are not content; external targets are
        return [element.get("Target", "")] if element.get("TargetMode") == "External" else []
    values, people = [], []
    for key, value in element.attrib.items():
        local = etree.QName(key).localname
        if not value.strip() or local in STRUCTURAL_ATTRIBUTES or local.startswith("rsid"):
            continue
        (people if local in PEOPLE_ATTRIBUTES else values).append(value)
    if FORMATTING_PARTS.search(part) or etree.QName(element).localname in FONT_ELEMENTS or any(
            etree.QName(a).localname in FORMATTING_HOLDERS for a in element.iterancestors()):
        return people  # who made a tracked formatting change is never formatting
    return people + values


def _xml_strings(payload: bytes, part: str) -> list[str]:
    """Text nodes joined as they read (nodes of one paragraph directly), each attribute value on
    its own line."""
    try:
        root = etree.fromstring(payload, _parser())
    except etree.XMLSyntaxError:
        root = None
    if root is None:  # not XML after all: strip anything tag-like and keep the rest
        text = payload.decode("utf-8", errors="replace")
        return [re.sub(r"<[^>]*>", "\n", text)] + re.findall(r'="([^"]*)"', text)
    lines: list[str] = []
    current, group = [], None
    for element in root.iter(etree.Element):
        lines.extend(_attribute_values(element, part))
        if current and etree.QName(element).localname in BREAKS:
            current.append(" ")  # "Haddad<tab>fled" must not read as one word
        if element.text and (element.text.strip() or current):
            paragraph = next((a for a in element.iterancestors()
                              if etree.QName(a).localname == "p"), element)
            if paragraph is not group and current:
                lines.append("".join(current))
                current = []
            group = paragraph
            current.append(element.text)
        if element.tail and element.tail.strip():
            lines.append(element.tail)
    if current:
        lines.append("".join(current))
    lines.extend(_xml_extras(root, payload))
    return lines


def _markup_strings(payload: bytes) -> list[str]:
    """What `strings` shows of an XML part besides its text: element, attribute and namespace
    names and prefixes, and every attribute value but font names (checked for strong keys only:
    a style called "Petrova notes", an element <case075836651>)."""
    try:
        root = etree.fromstring(payload, _parser())
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    found = []
    for element in root.iter(etree.Element):
        found.append(element.tag)
        found.extend(f"{prefix} {uri}" for prefix, uri in (element.nsmap or {}).items())
        font = etree.QName(element).localname in FONT_ELEMENTS
        for key, value in element.attrib.items():
            found.append(key)
            if not font and etree.QName(key).localname not in ("typeface", "panose"):
                found.append(value)
    return found


_DOCTYPE = re.compile(rb"<!DOCTYPE.*?(\[.*?\]\s*)?>", re.S)


def _xml_extras(root, payload: bytes) -> list[str]:
    """What an XML file holds besides its elements: comments and processing instructions (in the
    tree and around it) and the document type declaration with its entities."""
    found = []
    nodes = list(root.iter(etree.Comment, etree.PI))
    nodes += list(root.itersiblings(preceding=True)) + list(root.itersiblings())
    for node in nodes:
        if isinstance(node, etree._ProcessingInstruction):
            found.append(f"{node.target} {node.text or ''}")
        elif isinstance(node, etree._Comment):
            found.append(node.text or "")
    for m in _DOCTYPE.finditer(payload[:1 << 20]):
        found.append(m.group().decode("utf-8", "replace"))
    return found


def package_views(data: bytes, depth: int = 0, name: str = "<docx>") -> list[tuple[str, str]]:
    """(kind, text) views of a zip package: every member read by what it holds, whatever its name
    (XML parts for their text, attributes, comments, processing instructions and DTDs; pictures
    OCRed and their metadata read; embedded packages, PDFs and OLE objects recursively), plus the
    members' names and the archive comment."""
    from redactor.io.docx import unpack_zip
    from redactor.verify.views import blob_views, is_image

    try:
        members = unpack_zip(name, data, "not a readable .docx (corrupted or not a zip)")
    except InputError as exc:
        raise InputError(str(exc).removeprefix(f"{name}: ")) from None
    lines: list[str] = []
    binary: list[str] = []
    markup: list[str] = []
    nested: list[tuple[str, str]] = []
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if archive.comment:
                lines.append(archive.comment.decode("utf-8", errors="replace"))
    except zipfile.BadZipFile:
        pass
    for member, payload in members.items():
        lines.append(member)
        head = payload.lstrip()[:64]
        if head.startswith(b"<") or member.endswith((".xml", ".rels", ".vml")):
            lines.extend(_xml_strings(payload, member))
            markup.extend(_markup_strings(payload))
        elif payload.startswith(b"PK\x03\x04") or payload.startswith(b"%PDF") or is_image(payload):
            if depth < MAX_DEPTH:
                nested.extend(blob_views(member, payload, depth + 1))
        elif PICTURE.search(member) and member.lower().endswith((".odttf", ".ttf", ".otf")):
            continue  # an embedded font: glyph programs, not text
        else:
            binary.extend(m.decode("ascii") for m in PRINTABLE.findall(payload))
            binary.extend(m.decode("utf-16-le") for m in PRINTABLE_UTF16.findall(payload))
    return [("text", "\n".join(lines)), ("binary", "\n".join(binary)),
            ("markup", "\n".join(markup))] + nested


def docx_strings(path: str | Path) -> str:
    """Every piece of text a stranger could extract from the DOCX at `path` (text views only)."""
    path = Path(path)
    try:
        return "\n".join(text for kind, text in package_views(path.read_bytes(), 0, str(path))
                         if kind in ("text", "binary"))
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def verify_docx(out_path: str | Path, document: Document, plan: RedactionPlan) -> list[Leak]:
    """The masked strings of `plan` (and their variants) that survive anywhere in the DOCX."""
    from redactor.verify.pdf import check_views, kept_spans

    masked = [(d.finding.start, d.finding.end, d.finding.entity_type) for d in plan.masked]
    replacements = [d.replacement or "" for d in plan.masked]
    path = Path(out_path)
    try:
        views = package_views(path.read_bytes(), 0, str(path))
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    return check_views(views, document.text, masked, replacements, kept_spans(plan))
